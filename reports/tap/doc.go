// Package tap renders a run as TAP version 13 (testanything.org), for
// TAP consumers such as prove, tap-parser and CI plugins.
//
// The mapping, one test point per case in stream order:
//
//	TAP version 13
//	1..13
//	ok 1 - revenue/values/string-zero
//	not ok 2 - revenue/values/integer
//	  ---
//	  message: 'step 2 conversions[0].revenue: want "7", got "8"'
//	  severity: fail
//	  file: cases/revenue/values.yaml
//	  line: 12
//	  diffs:
//	    - {step: 2, level: conversions, path: '[0].revenue', want: '"7"', got: '"8"'}
//	  ...
//	ok 9 - storage/returning-user/second-visit # SKIP requires returning-user
//	not ok 5 - track/goals/custom-goal-type # TODO expected failure: …
//
// fail and error are "not ok" with a YAML diagnostic block (message,
// severity, file, line, description, diffs with want and got, the SDK's
// logs, and for an error the stderr tail; for a known failure that fails
// differently than its expectations entry records, also the entry's
// differences as expected and both fingerprints); skip is "ok … # SKIP reason";
// xfail is "not ok … # TODO expected failure: …" with a block that also
// names the decision its expectation cites (decision: D-07); xpass is "ok … # TODO unexpected
// pass: …" (a TODO test that passed), or with [Options].Strict a failing
// "not ok" with a block.
//
// A run cut short (no footer) keeps the plan of the cases it selected and
// ends with "Bail out!", so a TAP consumer sees the missing tests.
//
// Descriptions escape "#" and "\" as TAP requires, and control characters
// from the stream are written as escapes (\x1b). The output is
// deterministic.
//
// # Example
//
//	err := tap.Write(os.Stdout, run, tap.Options{})
package tap
