// Package markdown renders a run as GitHub-flavoured Markdown, for a
// pull-request comment or $GITHUB_STEP_SUMMARY.
//
// The report holds, in order:
//
//  1. a title naming the engine ("vwo-conform: vwo-node-sdk 1.75.0") and
//     a verdict line (passed, failed with the exit status, or cut short);
//  2. a status table: the number of cases per status;
//  3. an area table: area | pass | fail | xfail | xpass | skip | error;
//  4. a "Failures" section with one collapsed <details> per failing or
//     erroring case: its location and description, its reason (for a
//     known failure that fails differently, the expectations entry's
//     differences as a list), its differences as a table
//     (step | level | path | want | got), the
//     SDK's log and an error's stderr tail in code blocks;
//  5. a collapsed table of the other non-passing cases (xpass, xfail,
//     skip): case | status | decision | reason, the decision being the
//     spec/decisions.md entry an expected failure's expectation names and
//     the reason what the SDK is known to do (a skip's: why it was
//     skipped).
//
// All text from the stream is escaped for where it lands: HTML entities
// inside HTML (the <summary> line), backslash escapes in Markdown text,
// code spans for ids, paths and values (with "|" escaped inside tables),
// fenced blocks for stderr; control characters are written out (\x1b).
// A case description holding "<script>" renders as text.
//
// The output is deterministic. GitHub limits a comment to 65,536
// characters; [Options].MaxDetails bounds the failure sections for
// large runs.
//
// # Example
//
//	f, _ := os.OpenFile(os.Getenv("GITHUB_STEP_SUMMARY"), os.O_APPEND|os.O_WRONLY, 0)
//	err := markdown.Write(f, run, markdown.Options{MaxDetails: 50})
package markdown
