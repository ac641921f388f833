// Package reports reads and writes the result stream, the one record of a
// run that every report renders from.
//
// The stream is JSON lines: a spec.Header, one spec.CaseResult per selected
// case, a spec.Footer. [Writer] writes it as the runner produces results;
// [Read] loads a saved stream into a [Run]. Renderers (subpackages text,
// junit, tap, markdown, html) take a *Run and nothing else, so a saved
// stream re-renders to any format (`vwo-conform report`).
package reports
