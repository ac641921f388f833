package main

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseEquivalents(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []Equivalent
		wantErr string
	}{
		{
			name: "entries and comments",
			in:   "# header\n\nreference/a.go:1:2:int-inc  # a buffer size\n\treference/b.go:3:4:if-false\t# fast path only # twice\n",
			want: []Equivalent{
				{ID: "reference/a.go:1:2:int-inc", Reason: "a buffer size", Line: 3},
				{ID: "reference/b.go:3:4:if-false", Reason: "fast path only # twice", Line: 4},
			},
		},
		{
			name: "repeat index in the id",
			in:   "a.go:1:2:int-inc#2 # the second\n",
			want: []Equivalent{{ID: "a.go:1:2:int-inc#2", Reason: "the second", Line: 1}},
		},
		{name: "empty", in: "", want: nil},
		{name: "no reason", in: "a.go:1:2:int-inc\n", wantErr: "eq.txt:1: a.go:1:2:int-inc has no reason"},
		{name: "empty reason", in: "a.go:1:2:int-inc  #  \n", wantErr: "eq.txt:1: a.go:1:2:int-inc has no reason"},
		{name: "two ids", in: "a.go:1:2:int-inc b.go:1:2:int-inc # x\n", wantErr: `eq.txt:1: "a.go:1:2:int-inc b.go:1:2:int-inc # x" is not "id  # reason"`},
		{name: "duplicate", in: "a.go:1:2:int-inc # x\na.go:1:2:int-inc # y\n", wantErr: "eq.txt:2: a.go:1:2:int-inc is already listed on line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseEquivalents(strings.NewReader(tt.in), "eq.txt")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestCheckEquivalents(t *testing.T) {
	sites := []Site{{ID: "a.go:1:2:int-inc"}, {ID: "a.go:3:4:if-false"}}
	tests := []struct {
		name  string
		eqs   []Equivalent
		stale []string
	}{
		{name: "all sites", eqs: []Equivalent{{ID: "a.go:1:2:int-inc", Line: 1}}},
		{name: "none", eqs: nil},
		{
			name:  "moved",
			eqs:   []Equivalent{{ID: "a.go:1:2:int-inc", Line: 1}, {ID: "a.go:2:2:int-inc", Line: 2}, {ID: "b.go:1:1:rel-flip", Line: 5}},
			stale: []string{"eq.txt:2: a.go:2:2:int-inc", "eq.txt:5: b.go:1:1:rel-flip"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckEquivalents(tt.eqs, sites, "eq.txt")
			if len(tt.stale) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, ErrStale) {
				t.Fatalf("error %v, want ErrStale", err)
			}
			for _, s := range tt.stale {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error does not name %q: %v", s, err)
				}
			}
			if strings.Contains(err.Error(), "a.go:1:2:int-inc\n") {
				t.Errorf("error names a live site: %v", err)
			}
		})
	}
}
