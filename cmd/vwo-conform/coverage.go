package main

import (
	"context"
	"fmt"
	"io"

	"github.com/vwo-conform/vwo-conform/spec"
)

// coverageCmd maps the rules of spec/track.md to the cases that check them:
// it lists rules no case checks, cases that check no rule, and cases that
// cite a rule track.md does not define.
func coverageCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("coverage", coverageHelp, stdout, stderr)
	var sel selection
	sel.register(fl.FlagSet)
	verbose := fl.Bool("v", false, "also list every rule with its cases")
	if help, err := fl.parseNoArgs(args); help || err != nil {
		return err
	}
	cases, _, err := sel.load()
	if err != nil {
		return err
	}
	rules := spec.Rules()
	byRule := map[string][]string{}
	defined := map[string]bool{}
	for _, r := range rules {
		defined[r.ID] = true
	}
	var unknown, without []string
	for _, c := range cases {
		if len(c.Rules) == 0 {
			without = append(without, c.ID)
		}
		for _, r := range c.Rules {
			if !defined[r] {
				unknown = append(unknown, fmt.Sprintf("%s (%s:%d) cites %s, which spec/track.md does not define", c.ID, c.Source.File, c.Source.Line, r))
				continue
			}
			byRule[r] = append(byRule[r], c.ID)
		}
	}
	var uncovered []spec.Rule
	for _, r := range rules {
		if len(byRule[r.ID]) == 0 {
			uncovered = append(uncovered, r)
		}
	}
	fmt.Fprintf(stdout, "%d rules, %d covered by %d cases\n", len(rules), len(rules)-len(uncovered), len(cases)-len(without))
	if *verbose {
		for _, r := range rules {
			fmt.Fprintf(stdout, "%-14s %d cases\n", r.ID, len(byRule[r.ID]))
		}
	}
	if len(uncovered) > 0 {
		fmt.Fprintf(stdout, "\nrules without a case (%d):\n", len(uncovered))
		for _, r := range uncovered {
			fmt.Fprintf(stdout, "  %s (spec/track.md:%d)\n", r.ID, r.Line)
		}
	}
	if len(without) > 0 {
		fmt.Fprintf(stdout, "\ncases without a rule (%d):\n", len(without))
		for _, id := range without {
			fmt.Fprintf(stdout, "  %s\n", id)
		}
	}
	if len(unknown) > 0 {
		fmt.Fprintf(stdout, "\nunknown rules (%d):\n", len(unknown))
		for _, u := range unknown {
			fmt.Fprintf(stdout, "  %s\n", u)
		}
	}
	if len(uncovered) > 0 || len(unknown) > 0 {
		return &exitError{code: 1}
	}
	return nil
}
