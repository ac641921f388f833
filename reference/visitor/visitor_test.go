package visitor

import (
	"errors"
	"strings"
	"testing"
)

// Expected values come from node 20 running vwo-node-sdk 1.73.0's
// UuidUtil.generateFor (uuid@3.4.0); the first seven are research §5.5 (the
// first four are also the SDK's own UuidUtil.spec.js), José is §3.8.
var idVectors = []struct {
	name      string
	accountID string
	userID    string
	want      string
}{
	{"spec Varun", "12345", "Varun", "C4D95C097902569F9A2D2E87CD3201C8"},
	{"spec Alice", "12345", "Alice", "E3B732864F315FB6974BC3EF4E2FD920"},
	{"spec __123__", "12345", "__123__", "50A5B167FB6356A796F91D8951E480EE"},
	{"spec punctuation", "12345", "We@#dcs3232.f3", "AAB4580A6BB3525FAA31DC341752D501"},
	{"Ashley 888888", "888888", "Ashley", "A46F7AA3A53150368683EE064793BAFD"},
	{"Ashley 1", "1", "Ashley", "CC8C9294108C53F79348D78411A17977"},
	{"Bill 1", "1", "Bill", "ED543C15F09C54D68DFD8220BE215A8A"},
	{"José UTF-8", "888888", "José", "C96533D29CA55CDF84292BE88921E264"},
	{"Boston 888888", "888888", "Boston", "AB856722D4DE5995A7B47DACB62B0DED"},
	{"random id", "555", "user-7f3a9c", "261C65DE356E5DDBA6018942F7D58F76"},
	{"random base36 id", "314159", "rnd_32sn4ocnhel", "4AB22D735B1C5790B1B941D7A0628D76"},
	{"CJK", "888888", "用户", "E622409E2B1D5703BD83E8169923405A"},
	{"astral", "1", "😀x", "EBA5272F2F3253CFB40B1A0CD7099C83"},
	{"query characters", "12345", "a b&c=d", "B28887D766ED5828BA5C3121F450AD9F"},
	{"zero", "0", "0", "385E38A748BF594F829792B83271C635"},
	{"max int32 account, Latin", "2147483647", "ÆØÅ-ß", "EC730E0D23425B2C9A8F85784957B010"},
	{"300-byte id (heap path)", "888888", strings.Repeat("x", 300), "25D0AFA78A5D550C8765E6B3208DBCEB"},
}

func TestID(t *testing.T) {
	for _, tc := range idVectors {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := ID(tc.accountID, tc.userID)
			if !ok || got != tc.want {
				t.Errorf("ID(%q, %q) = %q, %v; want %q, true", tc.accountID, tc.userID, got, ok, tc.want)
			}
		})
	}
}

func TestAppendID(t *testing.T) {
	for _, tc := range idVectors {
		t.Run(tc.name, func(t *testing.T) {
			ns, err := NewNamespace(tc.accountID)
			if err != nil {
				t.Fatal(err)
			}
			got := ns.AppendID([]byte("u="), tc.userID)
			if string(got) != "u="+tc.want {
				t.Errorf("AppendID = %q, want %q", got, "u="+tc.want)
			}
		})
	}
}

func TestNamespaces(t *testing.T) {
	tests := []struct {
		name string
		ns   Namespace
		want string
	}{
		{"URL", URLNamespace, "6ba7b811-9dad-11d1-80b4-00c04fd430c8"},
		{"VWO", VWONamespace, "11e13cd7-6c48-53ec-8679-7e9c752273c5"},
		{"account 888888", mustNamespace(t, "888888"), "b5788bb0-4a3c-58c2-87b0-2717573643e4"},
		{"account 12345", mustNamespace(t, "12345"), "97d17ffc-0125-5425-b97d-fc90f848216a"},
		{"account 1", mustNamespace(t, "1"), "d3df11cf-e686-5b82-9085-8b04a44690ca"},
		{"account 0", mustNamespace(t, "0"), "1cfc6e28-18d0-5d3b-ad0c-e9f0d39a8093"},
		{"account -1", mustNamespace(t, "-1"), "3b0e4a8d-8fc9-532b-b2fd-3dcf46773dcf"},
		{"account 1.5", mustNamespace(t, "1.5"), "f48639ad-f5c5-5d97-8884-1266ab5c0580"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.ns.String(); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func mustNamespace(t *testing.T, accountID string) Namespace {
	t.Helper()
	ns, err := NewNamespace(accountID)
	if err != nil {
		t.Fatal(err)
	}
	return ns
}

// TestNodeThrows: node's generateFor throws a TypeError for an empty account
// id or an empty user id.
func TestNodeThrows(t *testing.T) {
	if _, err := NewNamespace(""); !errors.Is(err, ErrEmptyAccountID) {
		t.Errorf("NewNamespace(\"\") error = %v, want ErrEmptyAccountID", err)
	}
	tests := []struct{ name, accountID, userID string }{
		{"empty account", "", "Ashley"},
		{"empty user", "1", ""},
		{"both empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got, ok := ID(tc.accountID, tc.userID); ok || got != "" {
				t.Errorf("ID = %q, %v; want \"\", false", got, ok)
			}
		})
	}
}

func TestNewV5Bits(t *testing.T) {
	u := NewV5(VWONamespace, "anything")
	if u[6]>>4 != 5 {
		t.Errorf("version nibble %x", u[6]>>4)
	}
	if u[8]>>6 != 2 {
		t.Errorf("variant bits %b", u[8]>>6)
	}
}

func TestAppendIDAllocs(t *testing.T) {
	ns := mustNamespace(t, "888888")
	tests := []struct {
		name   string
		userID string
		max    float64
	}{
		{"short", "Ashley", 0},
		{"non-ASCII", "José 用户 😀", 0},
		{"240 bytes", strings.Repeat("y", 240), 0},
		{"241 bytes allocates once", strings.Repeat("y", 241), 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			buf := make([]byte, 0, 64)
			got := testing.AllocsPerRun(100, func() { buf = ns.AppendID(buf[:0], tc.userID) })
			if got > tc.max {
				t.Errorf("%v allocs/op, want ≤ %v", got, tc.max)
			}
		})
	}
}

func BenchmarkAppendID(b *testing.B) {
	ns, _ := NewNamespace("888888")
	for _, bc := range []struct{ name, userID string }{
		{"ASCII", "Ashley"},
		{"Email", "someone.with.a.long.name@example.com"},
		{"NonASCII", "José_用户"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			buf := make([]byte, 0, 32)
			for i := 0; i < b.N; i++ {
				buf = ns.AppendID(buf[:0], bc.userID)
			}
		})
	}
}

func BenchmarkNewNamespace(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_, _ = NewNamespace("888888")
	}
}
