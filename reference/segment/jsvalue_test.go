package segment

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vwo-conform/vwo-conform/reference/js"
)

// Values recorded with node 20: String(Number(x)).
func TestStringToNumber(t *testing.T) {
	cases := [][2]string{
		{"", "0"}, {" ", "0"}, {"1", "1"}, {" 1 ", "1"}, {"1.", "1"}, {".5", "0.5"}, {".", "NaN"},
		{"+.5", "0.5"}, {"-", "NaN"}, {"+1e3", "1000"}, {"1e", "NaN"}, {"1e+", "NaN"}, {"0x1A", "26"},
		{"0X1a", "26"}, {"-0x1", "NaN"}, {"0x", "NaN"}, {"0b101", "5"}, {"0o17", "15"}, {"0o8", "NaN"},
		{"08", "8"}, {"1_000", "NaN"}, {"Infinity", "Infinity"}, {"-Infinity", "-Infinity"},
		{"+Infinity", "Infinity"}, {"infinity", "NaN"}, {"NaN", "NaN"}, {"1e400", "Infinity"},
		{"\u00a05\u2028", "5"}, {"5px", "NaN"}, {"0x1p3", "NaN"}, {"00012", "12"}, {"1.5e-400", "0"},
		{"0xffffffffffffffffffff", "1.2089258196146292e+24"},
	}
	for _, c := range cases {
		assert.Equal(t, c[1], js.FormatNumber(js.ToNumber(c[0])), "Number(%q)", c[0])
	}
}

func TestNormalNumber(t *testing.T) {
	cases := []struct {
		x    float64
		orig string
		want string
	}{
		{5, "5", "5"}, {5, "5.0", "5"}, {1.5, "1.50", "1.5"}, {1e21, "", "1"}, {-2.5e25, "", "-2"},
		{1.2345e300, "", "1"}, {123456789012345680000, "", "123456789012345680000"}, {1e-7, "", "1e-7"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, normalNumber(c.x, c.orig), "%v", c.x)
	}
	inf := js.ParseFloat("Infinity")
	assert.Equal(t, "NaN", normalNumber(inf, "Infinity"))
	assert.Equal(t, "NaN", normalNumber(-inf, "-Infinity"))
}

func TestLowerJS(t *testing.T) {
	assert.Equal(t, "i\u0307stanbul", lowerJS("İSTANBUL"))
	assert.Equal(t, "οδος", lowerJS("ΟΔΟΣ"))
	assert.Equal(t, "σ", lowerJS("Σ"))
	assert.Equal(t, "ας.", lowerJS("ΑΣ."))
	assert.Equal(t, "ασ.α", lowerJS("ΑΣ.Α"))
	assert.Equal(t, "aς\u0301", lowerJS("AΣ\u0301"))
	assert.Equal(t, "\xed\xa0\xbdx", lowerJS("\xed\xa0\xbdX"), "invalid bytes are kept")
	assert.True(t, lowerEqual("ChRoMe", "CHROME"))
	assert.False(t, lowerEqual("chrome", "chrome "))
}

func TestFirstCodeUnit(t *testing.T) {
	assert.Equal(t, "a", firstCodeUnit("abc"))
	assert.Equal(t, "é", firstCodeUnit("éa"))
	hi := firstCodeUnit("😀")
	assert.Equal(t, []uint16{0xD83D}, appendUTF16(nil, hi))
}

func TestDepthLimit(t *testing.T) {
	nest := func(op string, n int) any {
		var d any = js.Object{{Key: "custom_variable", Value: js.Object{{Key: "a", Value: "x"}}}}
		for i := 0; i < n; i++ {
			if op == "not" {
				d = js.Object{{Key: "not", Value: d}}
			} else {
				d = js.Object{{Key: op, Value: []any{d}}}
			}
		}
		return d
	}
	vars := js.Object{{Key: "a", Value: "x"}}
	assert.True(t, Eval(nest("not", 5000), vars))
	assert.True(t, Eval(nest("and", 5000), vars))
	assert.False(t, Eval(nest("not", 7000), vars), "node overflows its stack: false")
	assert.False(t, Eval(nest("or", 7000), vars))
}

func TestGoNumbersAndNilVariables(t *testing.T) {
	dsl := parseJSON(t, cv(`"gt(4)"`))
	assert.True(t, Eval(dsl, js.Object{{Key: "a", Value: 5}}))
	assert.True(t, Eval(dsl, js.Object{{Key: "a", Value: int64(5)}}))
	assert.False(t, Eval(dsl, nil))
	assert.True(t, Eval(parseJSON(t, `{"not":`+cv(`"x"`)+`}`), nil))
	assert.False(t, Eval(parseJSON(t, `{"user":"x"}`), nil))
	assert.True(t, Eval(js.Object{}, nil))
	assert.True(t, Eval(map[string]any{"and": []any{}}, nil), "not a js.Object: not a plain object")
}

func TestCatastrophicRegexpTerminates(t *testing.T) {
	dsl := parseJSON(t, cv(`"regex(^(a*)*(b|c)$)"`))
	vars := js.Object{{Key: "a", Value: strings.Repeat("a", 40)}}
	start := time.Now()
	assert.False(t, Eval(dsl, vars))
	assert.Less(t, time.Since(start), 5*time.Second)
}

func TestRegexpCacheIsBounded(t *testing.T) {
	for i := 0; i < 3*regexpCacheSize; i++ {
		require.NotNil(t, compiledRegexp("^x"+strings.Repeat("a", i%50)+js.FormatNumber(float64(i))))
	}
	patterns.mu.RLock()
	defer patterns.mu.RUnlock()
	assert.LessOrEqual(t, len(patterns.cur)+len(patterns.old), 2*regexpCacheSize)
}

func TestInvalidRegexpIsCached(t *testing.T) {
	assert.Nil(t, compiledRegexp("(?i)a"))
	assert.Nil(t, compiledRegexp("(?i)a"))
}

func TestConcurrentEval(t *testing.T) {
	dsl := parseJSON(t, `{"or":[`+cv(`"regex(^chrome\\s(\\d+)$)"`)+`,`+cv(`"lower(X)"`)+`]}`)
	done := make(chan bool)
	for g := 0; g < 8; g++ {
		go func(g int) {
			ok := true
			for i := 0; i < 200; i++ {
				v := "chrome " + js.FormatNumber(float64(i))
				if g%2 == 1 {
					v = "safari"
				}
				ok = ok && Eval(dsl, js.Object{{Key: "a", Value: v}}) == (g%2 == 0)
			}
			done <- ok
		}(g)
	}
	for g := 0; g < 8; g++ {
		assert.True(t, <-done)
	}
}
