// Package reports reads and writes the result stream, the one record of a
// run that every report renders from.
//
// The stream is JSON lines: a spec.Header, one spec.CaseResult per selected
// case, a spec.Footer. [Writer] writes it as the runner produces results;
// [Read] loads a saved stream into a [Run]; [WriteJSON] writes a Run as one
// JSON document. Renderers (subpackages text, junit, tap, markdown, github;
// matrix lines up several runs) take a *Run and nothing else, so a saved
// stream re-renders to any format (`vwo-conform report`). The helpers here
// ([DiffLine], [SortDiffs], [Location], [ExpectedFailure], [Known],
// [EscapeControl]) make a difference or a case read the same in every
// format.
//
// testdata/run.jsonl is a small, realistic stream (every status, several
// areas, hostile text) that every renderer's golden tests read.
package reports
