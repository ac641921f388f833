// Package junit renders a run as JUnit XML, the report format CI systems
// (Jenkins, GitLab, GitHub test-report actions, CircleCI) ingest.
//
// The mapping:
//
//  1. one <testsuites> for the run, named after the engine, with the
//     totals;
//  2. one <testsuite> per area (the first segment of a case id), in
//     sorted order, with tests, failures, errors and skipped counts, the
//     time, and the engine's metadata as <properties>;
//  3. one <testcase classname="<area>" name="<case id>" file="<case file>"
//     time="<seconds>"> per case, in stream order;
//  4. fail: <failure message="<reason>"> holding the case's location and
//     differences, one per line; error: <error message="<reason>"> holding
//     the adapter's stderr tail; skip: <skipped message="<reason>">;
//     xfail: <skipped message="expected failure: …"> holding the
//     differences; xpass: a <system-out> note, or with [Options].Strict a
//     <failure>.
//
// Failures count xpass only under Strict; skipped counts skip and xfail.
//
// The output is deterministic: no timestamp or hostname unless
// [Options].Timestamp is set. Control characters from the stream are
// written as escapes (\x1b), so the document is always well-formed XML 1.0.
//
// # Schema
//
// By default the output carries two attributes that most consumers read
// but Jenkins' junit-4.xsd does not declare: file on <testcase> and
// message on <skipped>. With [Options].Schema the document is valid
// against junit-4.xsd (testdata/junit.xsd): the file is left out and a
// skip's reason becomes the text of <skipped>.
//
// # Example
//
//	err := junit.Write(f, run, junit.Options{})
package junit
