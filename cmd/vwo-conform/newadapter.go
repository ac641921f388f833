package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/vwo-conform/vwo-conform/kit"
	"github.com/vwo-conform/vwo-conform/runner/adapter"
)

// newAdapterCmd writes the skeleton of a new adapter (package kit) into an
// empty or new directory, and says what to run next.
func newAdapterCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("new-adapter", newAdapterHelp, stdout, stderr)
	language := fl.String("language", "", "the SDK's language: "+strings.Join(kit.Names(), ", "))
	name := fl.String("name", "", "the adapter's name, in adapter.json and its hello (default: DIR's base name)")
	if help, err := fl.parse(args); help || err != nil {
		return err
	}
	if fl.NArg() != 1 {
		return usageError("new-adapter takes one directory, after the flags (see vwo-conform new-adapter -h)")
	}
	lang, ok := kit.Lookup(*language)
	if !ok {
		return usageError("-language %q: want one of %s", *language, strings.Join(kit.Names(), ", "))
	}
	dir := fl.Arg(0)
	abs, err := filepath.Abs(dir)
	if err != nil {
		return &exitError{code: 3, err: err}
	}
	opts := kit.Options{Name: *name}
	if opts.Name == "" {
		opts.Name = filepath.Base(abs)
	}
	if !kit.ValidName.MatchString(opts.Name) {
		return usageError("adapter name %q: want lower case letters, digits, '.', '_' and '-', starting with a letter or digit; give -name", opts.Name)
	}
	if lang.Name == "go" {
		opts.ModuleVersion, opts.Replace = goRequirement()
	}
	wrote, err := kit.Write(dir, lang, opts)
	if errors.Is(err, kit.ErrNotEmpty) {
		return usageError("%v: new-adapter writes into a new or empty directory", err)
	}
	if err != nil {
		return &exitError{code: 3, err: err}
	}
	fmt.Fprintf(stdout, "wrote a %s adapter skeleton, %s, in %s:\n", lang.Name, opts.Name, dir)
	for _, f := range wrote {
		fmt.Fprintf(stdout, "\t%s\n", filepath.Join(dir, filepath.FromSlash(f)))
	}
	switch {
	case opts.Replace != "":
		fmt.Fprintf(stdout, "go.mod replaces %s with the checkout %s\n", kit.ModulePath, opts.Replace)
	case lang.Name == "go" && opts.ModuleVersion == "v0.0.0":
		fmt.Fprintf(stdout, "go.mod requires %s v0.0.0, which this build cannot name: point it at a checkout with\n"+
			"\tgo mod edit -replace %s=/path/to/vwo-conform\n", kit.ModulePath, kit.ModulePath)
	}
	setup := ""
	if lang.Setup {
		setup = "-setup "
	}
	fmt.Fprintf(stdout, "next: vwo-conform check-adapter %s%s\n", setup, dir)
	fmt.Fprintf(stdout, "      the protocol checks pass; the sentinel cases fail until the SDK is wired in at each TODO(sdk) (%s)\n",
		filepath.Join(dir, "README.md"))
	return nil
}

// goRequirement is the version of the vwo-conform module the go skeleton
// requires: this build's own when it is a release, else v0.0.0 replaced
// with the checkout holding the current directory, when there is one.
func goRequirement() (version, replace string) {
	if strings.HasPrefix(toolVersion(), "v") {
		return toolVersion(), ""
	}
	wd, err := os.Getwd()
	if err != nil {
		return "v0.0.0", ""
	}
	return "v0.0.0", adapter.ModuleRoot(wd)
}
