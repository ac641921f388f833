package scenario

import (
	"errors"
	"fmt"
	"strings"

	"github.com/vwo-conform/vwo-conform/spec"
)

// parseRequest parses a hit's request string, "METHOD /path?query". The
// query is split on '&' (an empty last piece, from a trailing '&', is
// dropped), each piece on its first '=', and each name and value is
// percent-decoded (%XX only: '+' stays '+').
func parseRequest(s string) (spec.Hit, error) {
	method, target, ok := strings.Cut(s, " ")
	if !ok || method == "" {
		return spec.Hit{}, errors.New(`want "METHOD /path?query"`)
	}
	for _, c := range method {
		if c < 'A' || c > 'Z' {
			return spec.Hit{}, fmt.Errorf("method %s: want upper-case letters, like GET or POST", quote(method))
		}
	}
	if strings.ContainsAny(target, " \t\r\n") {
		return spec.Hit{}, errors.New(`white space after the method: want "METHOD /path?query", with spaces in the query written %20`)
	}
	pth, query, _ := strings.Cut(target, "?")
	if !strings.HasPrefix(pth, "/") {
		return spec.Hit{}, fmt.Errorf("path %s: want a path starting with /", quote(pth))
	}
	h := spec.Hit{Method: method, Path: pth, Query: []spec.Param{}}
	pieces := strings.Split(query, "&")
	if pieces[len(pieces)-1] == "" {
		pieces = pieces[:len(pieces)-1]
	}
	for _, piece := range pieces {
		name, value, ok := strings.Cut(piece, "=")
		if !ok {
			return spec.Hit{}, fmt.Errorf("query piece %s has no '='", quote(piece))
		}
		n, err := unescape(name)
		if err != nil {
			return spec.Hit{}, fmt.Errorf("query piece %s: %w", quote(piece), err)
		}
		v, err := unescape(value)
		if err != nil {
			return spec.Hit{}, fmt.Errorf("query piece %s: %w", quote(piece), err)
		}
		h.Query = append(h.Query, spec.Param{Name: n, Value: v})
	}
	return h, nil
}

// unescape decodes %XX escapes; '+' is left alone.
func unescape(s string) (string, error) {
	if !strings.Contains(s, "%") {
		return s, nil
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b = append(b, s[i])
			continue
		}
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			end := min(i+3, len(s))
			return "", fmt.Errorf("bad percent escape %q", s[i:end])
		}
		b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
		i += 2
	}
	return string(b), nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}
