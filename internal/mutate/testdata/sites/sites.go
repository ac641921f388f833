// Package sites holds one instance of each mutation operator for the tests
// of internal/mutate.
package sites

import "strings"

// Clamp keeps x in [lo, hi).
func Clamp(x, lo, hi int) int {
	if x < lo {
		return lo
	}
	if x >= hi {
		return hi - 1
	}
	return x
}

// Join concatenates with a literal: no arith-swap, whatever the types.
func Join(a, b string) string {
	return a + "/" + b
}

// Name concatenates strings without a literal: only the types tell.
func Name(s string, upper bool) string {
	if !upper && s != "" {
		return s
	}
	return strings.ToUpper(s) + s
}

// T counts.
type T struct{ n int }

// Inc adds 0x1f.
func (t *T) Inc() { t.n = t.n + 0x1f }

// table's length is not mutated.
var table [4]byte

// Any reports whether some flag is set.
func Any(a, b bool) bool { return a || b || table[0] == 1 }
