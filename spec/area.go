package spec

import "strings"

// Area is the first segment of the case's ID, the name of the directory
// its file sits in ("revenue" for "revenue/values/integer").
func (c Case) Area() string {
	area, _, _ := strings.Cut(c.ID, "/")
	return area
}
