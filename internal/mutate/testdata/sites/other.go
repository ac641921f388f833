//go:build ignore

package sites

// Files the build excludes have no sites.
func excluded() bool { return 1 < 2 }
