// Package github renders a run as GitHub Actions workflow commands, so a
// run inside a GitHub workflow annotates the pull request: each failing
// case shows on its case file, at the case's line.
//
// The mapping, one line per case that needs attention, in stream order,
// then one summary line:
//
//	::error file=cases/revenue/values.yaml,line=12,title=revenue/values/integer::step 2 conversions[0].revenue: want "7", got "8"%0A…
//	::error file=cases/track/args.yaml,line=8,title=track/args/bad-campaign-key (not judged)::adapter crashed: exit status 1%0Astderr:%0A…
//	::warning file=cases/track/goals.yaml,line=41,title=track/goals/global-null (unexpected pass)::passed, but the expectations file says it fails [D-13]: …
//	::notice title=vwo-conform: vwo-node-sdk 1.75.0::3 passed, 3 failed, 4 skipped, 1 xfailed, 1 xpassed, 1 error in 1.235s
//
// A failure's message is its differences, one per line (at most
// [MaxDiffs], then a count of the rest); for a known failure that fails
// differently than its expectations entry records, the entry's
// differences and the case's, as [reports.DifferentFailure] renders them
// (cut after about twice [MaxDiffs] lines); an error's is its reason and the
// adapter's stderr tail; an unexpected pass is a warning, or with
// [Options].Strict an error, since it then fails the run. Expected
// failures and skips get no annotation of their own; the notice counts
// them. A run cut short adds an error saying so.
//
// Text is escaped by GitHub's workflow-command rules (the actions toolkit's
// escapeData and escapeProperty): in the message "%", "\r" and "\n"
// become %25, %0D and %0A; in a property (file, title) ":" and "," also
// become %3A and %2C. Control characters from the stream are written out
// first (\x1b), so the adapter's output can start no command of its own.
//
// GitHub shows at most 10 error and 10 warning annotations per step and 50
// per job; the lines beyond stay in the log.
//
// # Example
//
//	err := github.Write(os.Stdout, run, github.Options{})
package github
