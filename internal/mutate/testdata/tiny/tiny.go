// Package tiny is the module of the end-to-end test of internal/mutate.
package tiny

// Max returns the larger of a and b.
func Max(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// Full reports whether b is the largest byte.
func Full(b byte) bool {
	const top byte = 255
	return b == top
}
