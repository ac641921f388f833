package sites

// Test files have no sites.
func helper() bool { return 1 < 2 }
