// Package text renders a run for a terminal: the concise report printed
// at the end of `vwo-conform run` and by `vwo-conform report`, and the
// live [Progress] printed while cases run.
//
// The report ([Write]) reads, top to bottom:
//
//  1. one title line naming the engine and the corpus;
//  2. one line per expected failure, in stream order, with its case id,
//     the decision its expectation names and what the SDK is known to
//     do, folded and cut to one line:
//     "XFAIL revenue/values/string-zero [D-07]: sends r=0 for the string";
//  3. skips, counted per reason ("2 skipped: requires event-arch");
//  4. the failing, erroring and unexpectedly passing cases in full, last
//     so that they sit above the summary in a CI log:
//     "FAIL revenue/values/integer (cases/revenue/values.yaml:12)", with
//     its reason and, for a failure, its differences grouped by step
//     ("step 2 conversions[0].revenue: want "7", got "8"") and, for an
//     error, the adapter's stderr tail; an unexpected pass names its
//     decision ("XPASS id [D-07] (file:line)"); a known failure that
//     fails differently than its expectations entry records shows the
//     entry's differences ("expected (fingerprint …):") above the case's
//     ("got (fingerprint …):");
//  5. a closing line "3 passed, 3 failed, 4 skipped, 1 xfailed, 1 xpassed,
//     1 error in 1.235s". It always begins "N passed, N failed, N skipped";
//     the other counts follow only when they are not zero.
//
// The SDK's logs of a failure (Python tracebacks, say) are only counted
// there ("SDK log: 1 entry (-v shows it)"). With [Options].Verbose the
// report lists every case in stream order instead, passing ones too, each
// expected failure with its location, reason and differences, every
// failure with its SDK log, then the skips with their case ids.
//
// Colour is the caller's decision ([Options].Color, usually from isatty
// and the CI and NO_COLOR variables); without it the output holds no
// escape sequences at all, and control characters that come from the
// stream (an adapter's coloured stderr) are shown escaped, as \x1b.
//
// The exact layout is for people and may change; machines should read
// the result stream or the JUnit, TAP or JSON reports.
//
// # Example
//
//	run, err := reports.Read(f)
//	...
//	err = text.Write(os.Stdout, run, text.Options{Color: isTerminal})
package text
