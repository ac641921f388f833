package segment

import "sort"

// charSet is a set of UTF-16 code units.
type charSet struct {
	ascii  [2]uint64  // membership of 0x00–0x7F
	ranges []u16Range // sorted, disjoint ranges above 0x7F
}

type u16Range struct{ lo, hi uint16 }

func (s *charSet) has(c uint16) bool {
	if c < 0x80 {
		return s.ascii[c>>6]&(1<<(c&63)) != 0
	}
	r := s.ranges
	lo, hi := 0, len(r)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if r[m].hi < c {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo < len(r) && r[lo].lo <= c
}

// setBuilder collects ranges and builds a charSet.
type setBuilder struct {
	ranges []u16Range
}

func (b *setBuilder) addRange(lo, hi uint16) {
	b.ranges = append(b.ranges, u16Range{lo, hi})
}

func (b *setBuilder) addAtom(c int, cls *charSet) {
	if cls == nil {
		b.addRange(uint16(c), uint16(c))
		return
	}
	b.addSet(cls)
}

func (b *setBuilder) addSet(s *charSet) {
	for c := 0; c < 0x80; c++ {
		if s.ascii[c>>6]&(1<<(c&63)) != 0 {
			b.addRange(uint16(c), uint16(c))
		}
	}
	b.ranges = append(b.ranges, s.ranges...)
}

// build returns the set (its complement over 0x0000–0xFFFF when negated).
func (b *setBuilder) build(negated bool) *charSet {
	r := append([]u16Range(nil), b.ranges...)
	sort.Slice(r, func(i, j int) bool { return r[i].lo < r[j].lo })
	var merged []u16Range
	for _, x := range r {
		if n := len(merged); n > 0 && uint32(x.lo) <= uint32(merged[n-1].hi)+1 {
			if x.hi > merged[n-1].hi {
				merged[n-1].hi = x.hi
			}
			continue
		}
		merged = append(merged, x)
	}
	if negated {
		var comp []u16Range
		next := uint32(0)
		for _, x := range merged {
			if uint32(x.lo) > next {
				comp = append(comp, u16Range{uint16(next), x.lo - 1})
			}
			next = uint32(x.hi) + 1
		}
		if next <= 0xFFFF {
			comp = append(comp, u16Range{uint16(next), 0xFFFF})
		}
		merged = comp
	}
	s := &charSet{}
	for _, x := range merged {
		lo, hi := uint32(x.lo), uint32(x.hi)
		for c := lo; c <= hi && c < 0x80; c++ {
			s.ascii[c>>6] |= 1 << (c & 63)
		}
		if hi >= 0x80 {
			if lo < 0x80 {
				lo = 0x80
			}
			s.ranges = append(s.ranges, u16Range{uint16(lo), uint16(hi)})
		}
	}
	return s
}

func newSet(negated bool, ranges ...u16Range) *charSet {
	b := setBuilder{ranges: ranges}
	return b.build(negated)
}

var (
	digitRanges = []u16Range{{'0', '9'}}
	wordRanges  = []u16Range{{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}
	// WhiteSpace and LineTerminator code units (\s).
	spaceRanges = []u16Range{
		{0x09, 0x0D}, {0x20, 0x20}, {0xA0, 0xA0}, {0x1680, 0x1680},
		{0x2000, 0x200A}, {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F},
		{0x3000, 0x3000}, {0xFEFF, 0xFEFF},
	}
	lineTerminators = []u16Range{{0x0A, 0x0A}, {0x0D, 0x0D}, {0x2028, 0x2029}}

	setDigit    = newSet(false, digitRanges...)
	setNotDigit = newSet(true, digitRanges...)
	setWord     = newSet(false, wordRanges...)
	setNotWord  = newSet(true, wordRanges...)
	setSpace    = newSet(false, spaceRanges...)
	setNotSpace = newSet(true, spaceRanges...)
	setDot      = newSet(true, lineTerminators...)
)

func classEscapeSet(c int) *charSet {
	switch c {
	case 'd':
		return setDigit
	case 'D':
		return setNotDigit
	case 'w':
		return setWord
	case 'W':
		return setNotWord
	case 's':
		return setSpace
	}
	return setNotSpace
}

func isWordUnit(c uint16) bool {
	return c < 0x80 && setWord.ascii[c>>6]&(1<<(c&63)) != 0
}
