package segment

import (
	"encoding/json"

	"os"
	"strconv"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/require"
)

// wtf8 encodes UTF-16 code units as UTF-8, writing lone surrogates as their
// 3-byte (WTF-8) form, which is how the engine carries them in Go strings.
func wtf8(units []uint16) string {
	var b []byte
	for i := 0; i < len(units); i++ {
		u := rune(units[i])
		if utf16.IsSurrogate(u) && u < 0xDC00 && i+1 < len(units) && units[i+1] >= 0xDC00 && units[i+1] <= 0xDFFF {
			b = append(b, string(utf16.DecodeRune(u, rune(units[i+1])))...)
			i++
			continue
		}
		if utf16.IsSurrogate(u) {
			b = append(b, 0xE0|byte(u>>12), 0x80|byte(u>>6)&0x3F, 0x80|byte(u)&0x3F)
			continue
		}
		b = append(b, string(u)...)
	}
	return string(b)
}

// unquoteJS decodes a JSON string literal keeping lone surrogate escapes.
func unquoteJS(t testing.TB, raw json.RawMessage) string {
	s := string(raw)
	require.True(t, len(s) >= 2 && s[0] == '"', "not a string: %s", s)
	s = s[1 : len(s)-1]
	var units []uint16
	for i := 0; i < len(s); {
		c := s[i]
		if c != '\\' {
			r, size := rune(c), 1
			if c >= 0x80 {
				var str = s[i:]
				for _, rr := range str {
					r = rr
					break
				}
				size = len(string(r))
			}
			units = utf16.AppendRune(units, r)
			i += size
			continue
		}
		i++
		switch s[i] {
		case 'u':
			v, err := strconv.ParseUint(s[i+1:i+5], 16, 16)
			require.NoError(t, err)
			units = append(units, uint16(v))
			i += 5
		case 'n':
			units = append(units, '\n')
			i++
		case 't':
			units = append(units, '\t')
			i++
		case 'r':
			units = append(units, '\r')
			i++
		case 'b':
			units = append(units, '\b')
			i++
		case 'f':
			units = append(units, '\f')
			i++
		default:
			units = append(units, uint16(s[i]))
			i++
		}
	}
	return wtf8(units)
}

type regexpVector struct {
	pattern string
	valid   bool
	inputs  []string
	matched []bool
}

func loadRegexpVectors(t testing.TB) []regexpVector {
	data, err := os.ReadFile("testdata/regexp.json")
	require.NoError(t, err)
	var rows [][]json.RawMessage
	require.NoError(t, json.Unmarshal(data, &rows))
	var out []regexpVector
	for _, row := range rows {
		v := regexpVector{pattern: unquoteJS(t, row[0])}
		require.NoError(t, json.Unmarshal(row[1], &v.valid))
		var pairs [][]json.RawMessage
		require.NoError(t, json.Unmarshal(row[2], &pairs))
		for _, p := range pairs {
			var m bool
			require.NoError(t, json.Unmarshal(p[1], &m))
			v.inputs = append(v.inputs, unquoteJS(t, p[0]))
			v.matched = append(v.matched, m)
		}
		out = append(out, v)
	}
	return out
}

// TestJSRegexpAgainstNode checks validity and test() results recorded from
// node 20's RegExp (testdata/regexp_gen.js).
func TestJSRegexpAgainstNode(t *testing.T) {
	vectors := loadRegexpVectors(t)
	require.NotEmpty(t, vectors)
	failures := 0
	for _, v := range vectors {
		re := compileJSRegexp(v.pattern)
		if (re != nil) != v.valid {
			failures++
			t.Errorf("pattern %+q: valid=%v, node says %v", v.pattern, re != nil, v.valid)
			continue
		}
		for i, in := range v.inputs {
			if got := re.test(in); got != v.matched[i] {
				failures++
				t.Errorf("/%+q/g.test(%+q) = %v, node says %v", v.pattern, in, got, v.matched[i])
			}
		}
		if failures > 50 {
			t.Fatal("too many failures")
		}
	}
	t.Logf("%d patterns checked", len(vectors))
}
