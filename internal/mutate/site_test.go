package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const sitesDir = "testdata/sites"

func enumerateSites(t *testing.T) *Enumeration {
	t.Helper()
	en, err := Enumerate(sitesDir, []Pattern{"."})
	if err != nil {
		t.Fatal(err)
	}
	if len(en.Warnings) > 0 {
		t.Fatalf("warnings: %v", en.Warnings)
	}
	return en
}

func siteByID(t *testing.T, sites []Site, id string) Site {
	t.Helper()
	for _, s := range sites {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("no site %s", id)
	return Site{}
}

func TestEnumerate(t *testing.T) {
	en := enumerateSites(t)
	tests := []struct {
		name, id, fn, original, mutated string
	}{
		{"rel-boundary <", "sites.go:9:7:rel-boundary", "Clamp", "if x < lo {", "if x <= lo {"},
		{"rel-flip <", "sites.go:9:7:rel-flip", "Clamp", "if x < lo {", "if x > lo {"},
		{"rel-boundary >=", "sites.go:12:7:rel-boundary", "Clamp", "if x >= hi {", "if x > hi {"},
		{"rel-flip >=", "sites.go:12:7:rel-flip", "Clamp", "if x >= hi {", "if x <= hi {"},
		{"rel-negate !=", "sites.go:25:17:rel-negate", "Name", `if !upper && s != "" {`, `if !upper && s == "" {`},
		{"rel-negate ==", "sites.go:41:54:rel-negate", "Any", "func Any(a, b bool) bool { return a || b || table[0] == 1 }", "func Any(a, b bool) bool { return a || b || table[0] != 1 }"},
		{"logic-swap &&", "sites.go:25:12:logic-swap", "Name", `if !upper && s != "" {`, `if !upper || s != "" {`},
		{"logic-swap ||", "sites.go:41:42:logic-swap", "Any", "func Any(a, b bool) bool { return a || b || table[0] == 1 }", "func Any(a, b bool) bool { return a || b && table[0] == 1 }"},
		{"not-remove", "sites.go:25:5:not-remove", "Name", `if !upper && s != "" {`, `if upper && s != "" {`},
		{"int-inc decimal", "sites.go:13:15:int-inc", "Clamp", "return hi - 1", "return hi - 2"},
		{"int-inc hex", "sites.go:35:33:int-inc", "(*T).Inc", "func (t *T) Inc() { t.n = t.n + 0x1f }", "func (t *T) Inc() { t.n = t.n + 0x20 }"},
		{"arith-swap -", "sites.go:13:13:arith-swap", "Clamp", "return hi - 1", "return hi + 1"},
		{"arith-swap +", "sites.go:35:31:arith-swap", "(*T).Inc", "func (t *T) Inc() { t.n = t.n + 0x1f }", "func (t *T) Inc() { t.n = t.n - 0x1f }"},
		{"if-false", "sites.go:9:5:if-false", "Clamp", "if x < lo {", "if false && (x < lo) {"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := siteByID(t, en.Sites, tt.id)
			if s.Func != tt.fn || s.Original != tt.original || s.Mutated != tt.mutated {
				t.Errorf("%s: got func %q, %q → %q; want %q, %q → %q", tt.id, s.Func, s.Original, s.Mutated, tt.fn, tt.original, tt.mutated)
			}
			if s.Pkg != "." || s.File != "sites.go" {
				t.Errorf("%s: package %q file %q", tt.id, s.Pkg, s.File)
			}
		})
	}
	t.Run("every operator", func(t *testing.T) {
		found := map[string]bool{}
		for _, s := range en.Sites {
			found[s.Op] = true
		}
		for _, op := range operators {
			if !found[op] {
				t.Errorf("no %s site", op)
			}
		}
	})
	t.Run("not mutated", func(t *testing.T) {
		for _, s := range en.Sites {
			switch {
			case s.Line == 20 || s.Line == 28:
				t.Errorf("string concatenation mutated: %s", s.ID)
			case s.Line == 38:
				t.Errorf("array length mutated: %s", s.ID)
			case s.File != "sites.go":
				t.Errorf("site in a test or excluded file: %s", s.ID)
			}
		}
	})
}

// Without types, a string + with a literal operand is still recognised;
// one without is taken for a number (its mutant will not compile).
func TestStringHeuristic(t *testing.T) {
	fset := token.NewFileSet()
	src, err := os.ReadFile(filepath.Join(sitesDir, "sites.go"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := parser.ParseFile(fset, "sites.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	sites := fileSites(fset, ".", "sites.go", src, f, nil)
	sortSites(sites)
	assignIDs(sites)
	var arith []string
	for _, s := range sites {
		if s.Op == opArith {
			arith = append(arith, s.ID)
		}
	}
	want := []string{"sites.go:13:13:arith-swap", "sites.go:28:28:arith-swap", "sites.go:35:31:arith-swap"}
	if !reflect.DeepEqual(arith, want) {
		t.Errorf("arith-swap sites without types: %v, want %v", arith, want)
	}
}

func TestIDsStable(t *testing.T) {
	a, b := enumerateSites(t), enumerateSites(t)
	ids := func(en *Enumeration) []string {
		var out []string
		seen := map[string]bool{}
		for _, s := range en.Sites {
			if seen[s.ID] {
				t.Errorf("id %s repeated", s.ID)
			}
			seen[s.ID] = true
			out = append(out, s.ID)
		}
		return out
	}
	if x, y := ids(a), ids(b); !reflect.DeepEqual(x, y) {
		t.Errorf("two enumerations differ:\n%v\n%v", x, y)
	}
}

func TestAssignIDsRepeats(t *testing.T) {
	sites := []Site{
		{File: "a.go", Line: 1, Col: 2, Op: opIntInc},
		{File: "a.go", Line: 1, Col: 2, Op: opIntInc},
		{File: "a.go", Line: 1, Col: 2, Op: opIfFalse},
	}
	assignIDs(sites)
	var got []string
	for _, s := range sites {
		got = append(got, s.ID)
	}
	want := []string{"a.go:1:2:int-inc", "a.go:1:2:int-inc#2", "a.go:1:2:if-false"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ids %v, want %v", got, want)
	}
}

func TestSample(t *testing.T) {
	en := enumerateSites(t)
	ids := func(ss []Site) string {
		var out []string
		for _, s := range ss {
			out = append(out, s.ID)
		}
		return strings.Join(out, " ")
	}
	tests := []struct {
		name string
		seed uint64
		n    int
	}{
		{"seed 1 n 5", 1, 5},
		{"seed 2 n 5", 2, 5},
		{"seed 1 n 1", 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := Sample(en.Sites, tt.seed, tt.n), Sample(en.Sites, tt.seed, tt.n)
			if len(a) != tt.n {
				t.Fatalf("%d sites, want %d", len(a), tt.n)
			}
			if ids(a) != ids(b) {
				t.Errorf("same seed, different samples:\n%s\n%s", ids(a), ids(b))
			}
			// The sample keeps site order.
			pos := map[string]int{}
			for i, s := range en.Sites {
				pos[s.ID] = i
			}
			for i := 1; i < len(a); i++ {
				if pos[a[i-1].ID] >= pos[a[i].ID] {
					t.Errorf("sample out of order: %s", ids(a))
				}
			}
		})
	}
	if ids(Sample(en.Sites, 1, 5)) == ids(Sample(en.Sites, 2, 5)) {
		t.Errorf("seeds 1 and 2 pick the same sample")
	}
	if got := Sample(en.Sites, 1, 0); len(got) != len(en.Sites) {
		t.Errorf("n 0 keeps %d of %d", len(got), len(en.Sites))
	}
	// A site's membership does not depend on the others.
	sub := Sample(en.Sites[:len(en.Sites)-1], 3, len(en.Sites)/2)
	full := Sample(en.Sites, 3, len(en.Sites)/2)
	common := 0
	in := map[string]bool{}
	for _, s := range full {
		in[s.ID] = true
	}
	for _, s := range sub {
		if in[s.ID] {
			common++
		}
	}
	if common < len(sub)-1 {
		t.Errorf("dropping one site changed the sample by %d", len(sub)-common)
	}
}

func TestApply(t *testing.T) {
	en := enumerateSites(t)
	src := en.Files["sites.go"]
	tests := []struct {
		name, id, line string
	}{
		{"rel-flip", "sites.go:9:7:rel-flip", "\tif x > lo {"},
		{"not-remove", "sites.go:25:5:not-remove", "\tif upper && s != \"\" {"},
		{"int-inc", "sites.go:35:33:int-inc", "func (t *T) Inc() { t.n = t.n + 0x20 }"},
		{"if-false", "sites.go:12:5:if-false", "\tif false && (x >= hi) {"},
		{"arith-swap", "sites.go:13:13:arith-swap", "\t\treturn hi + 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := siteByID(t, en.Sites, tt.id)
			out, err := Apply(src, s)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(string(out), "\n")
			if got := lines[s.Line-1]; got != tt.line {
				t.Errorf("line %d: %q, want %q", s.Line, got, tt.line)
			}
			// Only that line changed.
			orig := strings.Split(string(src), "\n")
			for i := range orig {
				if i != s.Line-1 && orig[i] != lines[i] {
					t.Errorf("line %d changed too", i+1)
				}
			}
			if _, err := parser.ParseFile(token.NewFileSet(), "x.go", out, 0); err != nil {
				t.Errorf("mutant does not parse: %v", err)
			}
		})
	}
	t.Run("changed file", func(t *testing.T) {
		s := siteByID(t, en.Sites, "sites.go:9:7:rel-flip")
		if _, err := Apply(append([]byte("// moved\n"), src...), s); err == nil {
			t.Error("applied to a file whose text moved")
		}
	})
}

func TestIncInt(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0", "1"}, {"9", "10"}, {"0x1f", "0x20"}, {"0XFF", "0X100"}, {"0b11", "0b100"},
		{"0o7", "0o10"}, {"017", "020"}, {"1_000", "1001"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := incInt(tt.in)
			if !ok || got != tt.want {
				t.Errorf("incInt(%s) = %s, %v; want %s", tt.in, got, ok, tt.want)
			}
		})
	}
	if _, ok := incInt("18446744073709551615"); ok {
		t.Error("incremented the largest uint64")
	}
}

func TestPatternMatches(t *testing.T) {
	tests := []struct {
		pattern, pkg string
		want         bool
	}{
		{"reference/...", "reference", true},
		{"reference/...", "reference/segment", true},
		{"reference/...", "referencex", false},
		{"reference/segment", "reference/segment", true},
		{"reference/segment", "reference/segment/sub", false},
		{"...", "anything/at/all", true},
		{".", ".", true},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+" "+tt.pkg, func(t *testing.T) {
			if got := Pattern(tt.pattern).Matches(tt.pkg); got != tt.want {
				t.Errorf("got %v", got)
			}
		})
	}
}
