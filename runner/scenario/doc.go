// Package scenario loads YAML case files into [spec.Case] values, strictly.
//
// The format is specified in spec/case-format.md; this package is its
// implementation. The model:
//
//  1. A corpus is a directory tree: area directories holding case files
//     (<area>/<name>.yaml) and a settings directory holding named settings
//     files (settings/<name>.json). [Load] reads every case file in lexical
//     path order; cases come back in file order, then list order.
//  2. A case file holds file-level defaults (settings, launch) and a list
//     of cases. A case id is a lower-case slash path, unique in the corpus,
//     whose first segment is the area directory.
//  3. Values the SDK sees (settings, launch options, track arguments,
//     return values, storage records, hit bodies) are JavaScript values,
//     kept as raw JSON: YAML scalars map to JSON by their YAML 1.2 core tag,
//     mapping key order is kept, and an absent track argument stays nil
//     (JavaScript undefined) while `null` is JSON null.
//  4. Expected conversions, hit requests and headers are text: a scalar is
//     taken as written (campaign: 231 is "231").
//  5. A case's Requires are the capabilities it declares plus the ones its
//     content implies (storage, event-architecture settings, a flush step,
//     a null campaign key, an argument of a type a statically typed SDK
//     cannot pass, ...), sorted, without repeats.
//  6. Decoding walks the yaml.Node tree, so every problem (unknown key,
//     wrong kind, missing key, bad id, duplicate id, settings file missing
//     or not JSON, YAML syntax) is an [*Error] positioned at
//     file:line:col. Load and [LoadFile] return all of them, as [Errors];
//     a syntax error stops only the file it is in. Nothing panics on bad
//     input.
//  7. Input is bounded (spec/case-format.md §11): a case file is a regular
//     file of at most [MaxFileBytes] ([ReadFile] refuses a FIFO or a
//     device without opening it), a case has at most [MaxSteps] steps, a
//     step at most [MaxHits] hits and conversions, an id at most
//     [MaxIDBytes] bytes; messages quote input cut short. An error over a
//     limit wraps a [*LimitError] naming it.
//
// Load and LoadFile are safe for concurrent use; the returned cases share
// nothing with the loader.
//
// # Example
//
// Loading the built-in corpus, or a directory on disk:
//
//	all, err := scenario.Load(cases.FS, ".")
//	all, err := scenario.Load(os.DirFS("."), "cases")
//	var errs scenario.Errors
//	if errors.As(err, &errs) {
//		for _, e := range errs {
//			fmt.Println(e) // cases/track/smoke.yaml:12:9: case "track/smoke/x": ...
//		}
//	}
package scenario
