package scenario

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"unicode/utf8"
)

// Limits of a case file (spec/case-format.md §10). They keep a run's
// memory bounded whatever the input, with wide headroom over the corpus
// (its largest file is under 90 KB, its longest case has 26 steps, its
// busiest step 12 hits, its longest id 66 bytes) and over the fuzzer's
// cases (under 15 KB, 16 steps, 8 hits a step). A file over a limit is an
// error naming the limit, at the position of what exceeds it.
const (
	// MaxFileBytes bounds a case file and a settings file. Parsing costs
	// up to about a hundred times the file's size in memory for the
	// densest YAML (a flow sequence of one-digit numbers): about 500 MB at
	// this limit.
	MaxFileBytes = 4 << 20
	// MaxSteps bounds the steps of one case.
	MaxSteps = 1000
	// MaxHits bounds the hits, and the conversions, one step expects.
	MaxHits = 1000
	// MaxIDBytes bounds a case id.
	MaxIDBytes = 200
)

// maxQuote is how much of a value from the input a message quotes, in
// runes; maxLabel bounds a key path in a message, in bytes.
const (
	maxQuote = 80
	maxLabel = 200
)

// quote is strconv.Quote(s) for a message, with s cut to maxQuote runes:
// a longer s is quoted as its start and "…", followed by its full length,
// as in "kkkk…" (100000 bytes).
func quote(s string) string { return quoteN(s, maxQuote) }

// quoteN is quote with a bound of n runes.
func quoteN(s string, n int) string {
	cut, runes := 0, 0
	for cut < len(s) && runes < n {
		_, size := utf8.DecodeRuneInString(s[cut:])
		cut += size
		runes++
	}
	if cut == len(s) {
		return strconv.Quote(s)
	}
	return strconv.Quote(s[:cut]+"…") + " (" + strconv.Itoa(len(s)) + " bytes)"
}

// clip cuts s to n bytes on a rune boundary for a message, marking a cut
// with "…" and the full length.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "… (" + strconv.Itoa(len(s)) + " bytes)"
}

// boundedError is an error whose text is cut for a message (a JSON
// decoder's error can quote a member name of any length); it unwraps to
// the error.
type boundedError struct{ err error }

func (e boundedError) Error() string { return clip(e.err.Error(), maxLabel) }
func (e boundedError) Unwrap() error { return e.err }

// LimitError is a file or value over one of the limits above.
type LimitError struct {
	// What names what is over the limit ("a case file").
	What string
	// Size is its size, Limit the limit, both in Unit ("bytes", "steps").
	Size, Limit int64
	Unit        string
	// Name names the limit's constant ("scenario.MaxFileBytes").
	Name string
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%d %s, over the limit of %d %s %s (%s)", e.Size, e.Unit, e.Limit, e.Unit, e.What, e.Name)
}

// ErrNotRegular is returned (wrapped) by [ReadFile] for a path that is
// not a regular file: a FIFO, a device, a socket, a directory.
var ErrNotRegular = errors.New("not a regular file")

// ReadFile reads the case or settings file name of fsys the way the
// loader does: it stats the file first (following a symbolic link) and
// refuses, without opening it, anything but a regular file (a FIFO would
// block the open, /dev/zero would never end) and a file over
// [MaxFileBytes]; then it reads at most one byte more than the limit, so a
// file that grows meanwhile is refused too.
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	return readLimited(fsys, name, "a case file")
}

// readLimited is [ReadFile] for a file that what names in messages.
func readLimited(fsys fs.FS, name, what string) ([]byte, error) {
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%w (%s)", ErrNotRegular, modeName(st.Mode()))
	}
	tooBig := func(n int64) error {
		return &LimitError{What: what, Size: n, Limit: MaxFileBytes, Unit: "bytes", Name: "scenario.MaxFileBytes"}
	}
	if st.Size() > MaxFileBytes {
		return nil, tooBig(st.Size())
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileBytes {
		return nil, tooBig(int64(len(data)))
	}
	return data, nil
}

// modeName names the type of a file that is not regular.
func modeName(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "mode " + m.String()
}

// firstBadChar finds the first byte of data that is not UTF-8 or is a
// character YAML does not allow in a file (C0 and C1 control characters
// other than tab, line feed, carriage return and U+0085, surrogates,
// U+FFFE and U+FFFF). It returns its offset and a description, or -1.
// A file starting with a UTF-16 byte order mark is not checked: the YAML
// parser reads UTF-16.
func firstBadChar(data []byte) (int, string) {
	if len(data) >= 2 && (data[0] == 0xFE && data[1] == 0xFF || data[0] == 0xFF && data[1] == 0xFE) {
		return -1, ""
	}
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return i, fmt.Sprintf("invalid UTF-8 (byte 0x%02x): a case file is UTF-8 text", data[i])
		case r == '\t' || r == '\n' || r == '\r' || r == 0x85:
		case r < 0x20 || 0x7F <= r && r < 0xA0 || r == 0xFFFE || r == 0xFFFF:
			return i, fmt.Sprintf("control character %U is not allowed in YAML (write it as an escape in a double-quoted string: \"\\u%04X\")", r, r)
		}
		i += size
	}
	return -1, ""
}

// runeLineCol converts a byte offset of data to a 1-based line and
// column, the column counted in characters as the YAML parser counts
// them.
func runeLineCol(data []byte, off int) (line, col int) {
	line, col = 1, 1
	for i := 0; i < off && i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return line, col
}
