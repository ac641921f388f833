package segment

import (
	"unicode"
)

// This file parses JavaScript regular expression sources the way V8 11.3
// (node 20) does for `new RegExp(source, "g")`: no u/v/i/m/s/y flag, so the
// pattern is a sequence of UTF-16 code units read with the Annex B (web
// compatibility) grammar. Validity decisions follow V8's parser, including
// its lazy capture scan, the \k and decimal-escape rules, and its treatment of
// quantified zero-width atoms.

// reKind is the kind of a pattern tree node.
type reKind uint8

const (
	reEmpty    reKind = iota // matches the empty string
	reChar                   // one code unit: c
	reSet                    // one code unit from set
	reSeq                    // subs in order
	reAlt                    // subs as alternatives, first preferred
	reCapture                // capture group idx around sub
	reBackref                // backreference to group idx (name until resolved)
	reBOL                    // ^ (input start; no m flag)
	reEOL                    // $ (input end; no m flag)
	reWordB                  // \b
	reNotWordB               // \B
	reLook                   // lookaround around sub: neg, behind
	reRepeat                 // sub{min,max}, greedy; captures [capLo, capHi) reset per iteration
)

// reInfinity is V8's kInfinity: quantifier bounds are clamped to it and a
// maximum equal to it is unbounded.
const reInfinity = 1<<31 - 1

// reMaxCaptures is node 20's limit: 32,768 capture groups are "Too many captures".
const reMaxCaptures = 1<<15 - 1

// reMaxNesting bounds group nesting. V8 reports "Stack overflow" for capture
// groups nested about 11,000 deep; deeper non-capturing nesting compiles, but
// nesting this deep never occurs in a real segment, so it is rejected too.
const reMaxNesting = 10000

type reNode struct {
	kind         reKind
	c            uint16
	set          *charSet
	subs         []*reNode
	sub          *reNode
	idx          int    // capture index (reCapture, reBackref)
	name         string // unresolved named back-reference
	min, max     int    // reRepeat bounds; max == reInfinity is unbounded
	greedy       bool
	neg, behind  bool // reLook
	capLo, capHi int  // reRepeat: captures inside the atom

	// Memoised by analyse: whether the node never consumes input (V8's
	// max_match() == 0) and the capture indices [capsLo, capsHi) inside it.
	analysed       bool
	zeroWidth      bool
	capsLo, capsHi int
}

type openGroup struct {
	idx  int
	name string
}

type reParser struct {
	src       []uint16
	pos       int
	ncap      int  // capture groups opened so far
	totalCaps int  // capture groups in the whole pattern (V8's capture scan)
	hasNamed  bool // the pattern has a named group (V8's capture scan)
	names     map[string]int
	namedRefs []*reNode
	open      []openGroup
	depth     int
	failed    bool
}

const endOfPattern = -1

// parsePattern parses src; ok is false when V8 would throw a SyntaxError.
func parsePattern(src []uint16) (root *reNode, ncap int, ok bool) {
	p := &reParser{src: src}
	p.scanCaptures()
	root = p.parseDisjunction()
	if p.failed {
		return nil, 0, false
	}
	if p.cur() == ')' { // Unmatched ')'
		return nil, 0, false
	}
	for _, ref := range p.namedRefs {
		idx, found := p.names[ref.name]
		if !found { // Invalid named capture referenced
			return nil, 0, false
		}
		ref.idx = idx
		ref.name = ""
	}
	return root, p.ncap, true
}

// scanCaptures counts capturing groups and notes named groups over the whole
// pattern, like V8's ScanForCaptures (classes and escaped characters are
// skipped; "(?<" not followed by '=' or '!' counts as a named group).
func (p *reParser) scanCaptures() {
	s := p.src
	n := len(s)
	count := 0
	for i := 0; i < n; {
		c := s[i]
		i++
		switch c {
		case '\\':
			i++
		case '[':
			for i < n {
				d := s[i]
				i++
				if d == '\\' {
					i++
				} else if d == ']' {
					break
				}
			}
		case '(':
			if i < n && s[i] == '?' {
				i++
				if i >= n || s[i] != '<' {
					continue
				}
				i++
				if i < n && (s[i] == '=' || s[i] == '!') {
					continue
				}
				p.hasNamed = true
			}
			count++
		}
	}
	p.totalCaps = count
}

func (p *reParser) cur() int {
	if p.pos < len(p.src) {
		return int(p.src[p.pos])
	}
	return endOfPattern
}

func (p *reParser) peek(k int) int {
	if p.pos+k < len(p.src) {
		return int(p.src[p.pos+k])
	}
	return endOfPattern
}

func (p *reParser) fail() *reNode {
	p.failed = true
	p.pos = len(p.src)
	return nil
}

func isDecimal(c int) bool { return c >= '0' && c <= '9' }

func isOctal(c int) bool { return c >= '0' && c <= '7' }

func hexValue(c int) int {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10
	}
	return -1
}

// parseDisjunction parses alternatives up to ')' or the end.
func (p *reParser) parseDisjunction() *reNode {
	var alts []*reNode
	for {
		alt := p.parseAlternative()
		if p.failed {
			return nil
		}
		alts = append(alts, alt)
		if p.cur() != '|' {
			break
		}
		p.pos++
	}
	if len(alts) == 1 {
		return alts[0]
	}
	return &reNode{kind: reAlt, subs: alts}
}

// atomClass says what may follow an atom.
type atomClass uint8

const (
	atomQuantifiable atomClass = iota
	atomAssertion              // ^ $ \b \B: a following quantifier is "Nothing to repeat"
	atomLookbehind             // a following quantifier is "Invalid quantifier"
)

func (p *reParser) parseAlternative() *reNode {
	var terms []*reNode
	for {
		c := p.cur()
		if c == endOfPattern || c == '|' || c == ')' {
			break
		}
		atom, class := p.parseAtom()
		if p.failed {
			return nil
		}
		if class != atomAssertion {
			atom = p.parseQuantifier(atom, class)
			if p.failed {
				return nil
			}
		}
		if atom.kind != reEmpty {
			terms = append(terms, atom)
		}
	}
	switch len(terms) {
	case 0:
		return &reNode{kind: reEmpty}
	case 1:
		return terms[0]
	}
	return &reNode{kind: reSeq, subs: terms}
}

// parseInterval reads "{n}", "{n,}" or "{n,m}" at the current position. On
// success it advances past it; otherwise the position is unchanged.
func (p *reParser) parseInterval() (min, max int, ok bool) {
	start := p.pos
	p.pos++
	if !isDecimal(p.cur()) {
		p.pos = start
		return 0, 0, false
	}
	min = p.readBound()
	switch p.cur() {
	case '}':
		max = min
		p.pos++
	case ',':
		p.pos++
		if p.cur() == '}' {
			max = reInfinity
			p.pos++
			break
		}
		max = p.readBound()
		if p.cur() != '}' {
			p.pos = start
			return 0, 0, false
		}
		p.pos++
	default:
		p.pos = start
		return 0, 0, false
	}
	return min, max, true
}

// readBound reads decimal digits, clamping to reInfinity like V8.
func (p *reParser) readBound() int {
	v := 0
	for isDecimal(p.cur()) {
		d := p.cur() - '0'
		if v > (reInfinity-d)/10 {
			for isDecimal(p.cur()) {
				p.pos++
			}
			return reInfinity
		}
		v = 10*v + d
		p.pos++
	}
	return v
}

func (p *reParser) parseQuantifier(atom *reNode, class atomClass) *reNode {
	var min, max int
	switch p.cur() {
	case '*':
		min, max = 0, reInfinity
		p.pos++
	case '+':
		min, max = 1, reInfinity
		p.pos++
	case '?':
		min, max = 0, 1
		p.pos++
	case '{':
		var ok bool
		min, max, ok = p.parseInterval()
		if !ok {
			return atom // the '{' is read as a literal next
		}
		if max < min { // numbers out of order in {} quantifier
			return p.fail()
		}
	default:
		return atom
	}
	greedy := true
	if p.cur() == '?' {
		greedy = false
		p.pos++
	}
	if class == atomLookbehind { // Invalid quantifier
		return p.fail()
	}
	if maxMatchIsZero(atom) {
		// V8 drops the quantifier of an atom that only matches the empty
		// string, and the atom too when min is 0 (same result as the
		// specification's empty-iteration check).
		if min == 0 {
			return &reNode{kind: reEmpty}
		}
		return atom
	}
	lo, hi := captureRange(atom)
	return &reNode{kind: reRepeat, sub: atom, min: min, max: max, greedy: greedy, capLo: lo, capHi: hi}
}

// maxMatchIsZero reports V8's max_match() == 0: the node never consumes input.
func maxMatchIsZero(n *reNode) bool {
	analyse(n)
	return n.zeroWidth
}

// captureRange returns the capture indices [lo, hi) inside n (0, 0 if none).
func captureRange(n *reNode) (lo, hi int) {
	analyse(n)
	return n.capsLo, n.capsHi
}

func analyse(n *reNode) {
	if n.analysed {
		return
	}
	n.analysed = true
	addCaps := func(lo, hi int) {
		if lo == 0 {
			return
		}
		if n.capsLo == 0 || lo < n.capsLo {
			n.capsLo = lo
		}
		if hi > n.capsHi {
			n.capsHi = hi
		}
	}
	switch n.kind {
	case reEmpty, reBOL, reEOL, reWordB, reNotWordB:
		n.zeroWidth = true
	case reChar, reSet, reBackref:
		n.zeroWidth = false
	case reLook:
		analyse(n.sub)
		n.zeroWidth = true
		addCaps(n.sub.capsLo, n.sub.capsHi)
	case reCapture:
		analyse(n.sub)
		n.zeroWidth = n.sub.zeroWidth
		addCaps(n.idx, n.idx+1)
		addCaps(n.sub.capsLo, n.sub.capsHi)
	case reRepeat:
		analyse(n.sub)
		n.zeroWidth = n.max == 0 || n.sub.zeroWidth
		addCaps(n.sub.capsLo, n.sub.capsHi)
	case reSeq, reAlt:
		n.zeroWidth = true
		for _, c := range n.subs {
			analyse(c)
			n.zeroWidth = n.zeroWidth && c.zeroWidth
			addCaps(c.capsLo, c.capsHi)
		}
	}
}

func charNode(c int) *reNode { return &reNode{kind: reChar, c: uint16(c)} }

func (p *reParser) parseAtom() (*reNode, atomClass) {
	c := p.cur()
	switch c {
	case '^':
		p.pos++
		return &reNode{kind: reBOL}, atomAssertion
	case '$':
		p.pos++
		return &reNode{kind: reEOL}, atomAssertion
	case '.':
		p.pos++
		return &reNode{kind: reSet, set: setDot}, atomQuantifiable
	case '(':
		return p.parseGroup()
	case '[':
		return p.parseClass(), atomQuantifiable
	case '*', '+', '?': // Nothing to repeat
		return p.fail(), atomQuantifiable
	case '{':
		start := p.pos
		if _, _, ok := p.parseInterval(); ok { // Nothing to repeat
			return p.fail(), atomQuantifiable
		}
		p.pos = start + 1
		return charNode('{'), atomQuantifiable
	case '\\':
		return p.parseAtomEscape()
	}
	p.pos++
	return charNode(c), atomQuantifiable
}

func (p *reParser) insideCapture(idx int) bool {
	for _, g := range p.open {
		if g.idx == idx {
			return true
		}
	}
	return false
}

func (p *reParser) insideNamedCapture(name string) bool {
	for _, g := range p.open {
		if g.idx > 0 && g.name == name {
			return true
		}
	}
	return false
}

func (p *reParser) parseAtomEscape() (*reNode, atomClass) {
	next := p.peek(1)
	switch next {
	case endOfPattern: // \ at end of pattern
		return p.fail(), atomQuantifiable
	case '1', '2', '3', '4', '5', '6', '7', '8', '9':
		start := p.pos
		value := next - '0'
		p.pos += 2
		isRef := true
		for isDecimal(p.cur()) {
			value = 10*value + p.cur() - '0'
			if value > reMaxCaptures {
				isRef = false
				break
			}
			p.pos++
		}
		if isRef && value <= p.totalCaps {
			if p.insideCapture(value) {
				return &reNode{kind: reEmpty}, atomQuantifiable
			}
			return &reNode{kind: reBackref, idx: value}, atomQuantifiable
		}
		p.pos = start
		if next == '8' || next == '9' {
			p.pos += 2
			return charNode(next), atomQuantifiable
		}
		p.pos++ // at the first digit
		return charNode(p.parseOctal()), atomQuantifiable
	case '0':
		p.pos++
		return charNode(p.parseOctal()), atomQuantifiable
	case 'b':
		p.pos += 2
		return &reNode{kind: reWordB}, atomAssertion
	case 'B':
		p.pos += 2
		return &reNode{kind: reNotWordB}, atomAssertion
	case 'd', 'D', 's', 'S', 'w', 'W':
		p.pos += 2
		return &reNode{kind: reSet, set: classEscapeSet(next)}, atomQuantifiable
	case 'p', 'P': // identity escapes without the u flag
		p.pos += 2
		return charNode(next), atomQuantifiable
	case 'k':
		if p.hasNamed {
			p.pos += 2
			if p.cur() != '<' { // Invalid named reference
				return p.fail(), atomQuantifiable
			}
			p.pos++
			name, ok := p.parseGroupName()
			if !ok {
				return p.fail(), atomQuantifiable
			}
			if p.insideNamedCapture(name) {
				return &reNode{kind: reEmpty}, atomQuantifiable
			}
			ref := &reNode{kind: reBackref, name: name}
			p.namedRefs = append(p.namedRefs, ref)
			return ref, atomQuantifiable
		}
	}
	c := p.parseCharacterEscape(false)
	if p.failed {
		return nil, atomQuantifiable
	}
	return charNode(c), atomQuantifiable
}

// parseOctal reads a legacy octal escape starting at the current digit:
// up to three octal digits with a value below 0400.
func (p *reParser) parseOctal() int {
	v := p.cur() - '0'
	p.pos++
	if isOctal(p.cur()) {
		v = v*8 + p.cur() - '0'
		p.pos++
		if v < 32 && isOctal(p.cur()) {
			v = v*8 + p.cur() - '0'
			p.pos++
		}
	}
	return v
}

// parseHex reads exactly n hex digits, or leaves the position unchanged.
func (p *reParser) parseHex(n int) (int, bool) {
	start := p.pos
	v := 0
	for i := 0; i < n; i++ {
		d := hexValue(p.cur())
		if d < 0 {
			p.pos = start
			return 0, false
		}
		v = v*16 + d
		p.pos++
	}
	return v, true
}

// parseCharacterEscape parses a CharacterEscape at '\' (which is followed by
// something) and returns the code unit. It follows V8's ParseCharacterEscape
// for non-unicode patterns.
func (p *reParser) parseCharacterEscape(inClass bool) int {
	p.pos++ // past '\'
	c := p.cur()
	switch c {
	case 'f':
		p.pos++
		return '\f'
	case 'n':
		p.pos++
		return '\n'
	case 'r':
		p.pos++
		return '\r'
	case 't':
		p.pos++
		return '\t'
	case 'v':
		p.pos++
		return '\v'
	case 'c':
		ctl := p.peek(1)
		if letter := ctl &^ 0x20; ctl >= 0 && letter >= 'A' && letter <= 'Z' {
			p.pos += 2
			return ctl & 0x1f
		}
		if inClass && (isDecimal(ctl) || ctl == '_') {
			p.pos += 2
			return ctl & 0x1f
		}
		// The backslash is a literal; 'c' is read next as itself.
		return '\\'
	case '0':
		if !isDecimal(p.peek(1)) {
			p.pos++
			return 0
		}
		return p.parseOctal()
	case '1', '2', '3', '4', '5', '6', '7':
		return p.parseOctal()
	case 'x':
		p.pos++
		if v, ok := p.parseHex(2); ok {
			return v
		}
		return 'x'
	case 'u':
		p.pos++
		if v, ok := p.parseHex(4); ok {
			return v
		}
		return 'u'
	}
	if c == 'k' && p.hasNamed { // Invalid escape
		p.fail()
		return 0
	}
	p.pos++
	return c
}

func (p *reParser) parseClass() *reNode {
	p.pos++ // '['
	negated := false
	if p.cur() == '^' {
		negated = true
		p.pos++
	}
	var b setBuilder
	if p.cur() == ']' {
		p.pos++
		return &reNode{kind: reSet, set: b.build(negated)}
	}
	for p.cur() != endOfPattern && p.cur() != ']' {
		c1, cls1 := p.parseClassAtom()
		if p.failed {
			return nil
		}
		if p.cur() == '-' {
			p.pos++
			if p.cur() == endOfPattern {
				break
			}
			if p.cur() == ']' {
				b.addAtom(c1, cls1)
				b.addRange('-', '-')
				break
			}
			c2, cls2 := p.parseClassAtom()
			if p.failed {
				return nil
			}
			if cls1 != nil || cls2 != nil {
				b.addAtom(c1, cls1)
				b.addRange('-', '-')
				b.addAtom(c2, cls2)
				continue
			}
			if c1 > c2 { // Range out of order in character class
				return p.fail()
			}
			b.addRange(uint16(c1), uint16(c2))
			continue
		}
		b.addAtom(c1, cls1)
	}
	if p.cur() == endOfPattern { // Unterminated character class
		return p.fail()
	}
	p.pos++
	return &reNode{kind: reSet, set: b.build(negated)}
}

// parseClassAtom returns a code unit, or a class escape's set.
func (p *reParser) parseClassAtom() (int, *charSet) {
	c := p.cur()
	if c != '\\' {
		p.pos++
		return c, nil
	}
	next := p.peek(1)
	switch next {
	case 'b':
		p.pos += 2
		return '\b', nil
	case endOfPattern: // \ at end of pattern
		p.fail()
		return 0, nil
	case 'd', 'D', 's', 'S', 'w', 'W':
		p.pos += 2
		return 0, classEscapeSet(next)
	}
	return p.parseCharacterEscape(true), nil
}

func (p *reParser) parseGroup() (*reNode, atomClass) {
	p.pos++ // '('
	capture, named, look, neg, behind := true, false, false, false, false
	if p.cur() == '?' {
		switch p.peek(1) {
		case ':':
			p.pos += 2
			capture = false
		case '=':
			p.pos += 2
			capture, look = false, true
		case '!':
			p.pos += 2
			capture, look, neg = false, true, true
		case '<':
			p.pos++
			switch p.peek(1) {
			case '=':
				p.pos += 2
				capture, look, behind = false, true, true
			case '!':
				p.pos += 2
				capture, look, neg, behind = false, true, true, true
			default:
				p.pos++
				named = true
			}
		default: // Invalid group
			return p.fail(), atomQuantifiable
		}
	}
	g := openGroup{}
	if capture {
		if p.ncap >= reMaxCaptures { // Too many captures
			return p.fail(), atomQuantifiable
		}
		p.ncap++
		g.idx = p.ncap
		if named {
			name, ok := p.parseGroupName()
			if !ok {
				return p.fail(), atomQuantifiable
			}
			g.name = name
		}
	}
	p.depth++
	if p.depth > reMaxNesting {
		return p.fail(), atomQuantifiable
	}
	p.open = append(p.open, g)
	body := p.parseDisjunction()
	if p.failed {
		return nil, atomQuantifiable
	}
	if p.cur() != ')' { // Unterminated group
		return p.fail(), atomQuantifiable
	}
	p.pos++
	p.open = p.open[:len(p.open)-1]
	p.depth--
	switch {
	case capture:
		if named {
			if p.names == nil {
				p.names = map[string]int{}
			}
			if _, dup := p.names[g.name]; dup { // Duplicate capture group name
				return p.fail(), atomQuantifiable
			}
			p.names[g.name] = g.idx
		}
		return &reNode{kind: reCapture, idx: g.idx, sub: body}, atomQuantifiable
	case look:
		n := &reNode{kind: reLook, sub: body, neg: neg, behind: behind}
		if behind {
			return n, atomLookbehind
		}
		return n, atomQuantifiable
	}
	return body, atomQuantifiable
}

// readCodePoint reads one code point, combining a surrogate pair (group names
// are parsed as if the u flag were set).
func (p *reParser) readCodePoint() int {
	c := p.cur()
	if c == endOfPattern {
		return c
	}
	p.pos++
	if c >= 0xD800 && c <= 0xDBFF {
		if d := p.cur(); d >= 0xDC00 && d <= 0xDFFF {
			p.pos++
			return 0x10000 + (c-0xD800)<<10 + (d - 0xDC00)
		}
	}
	return c
}

// parseUnicodeEscapeU parses what follows "\u" in unicode mode: {hex…} or
// four hex digits, joining an escaped surrogate pair.
func (p *reParser) parseUnicodeEscapeU() (int, bool) {
	if p.cur() == '{' {
		p.pos++
		v := 0
		if hexValue(p.cur()) < 0 {
			return 0, false
		}
		for d := hexValue(p.cur()); d >= 0; d = hexValue(p.cur()) {
			v = v*16 + d
			if v > unicode.MaxRune {
				return 0, false
			}
			p.pos++
		}
		if p.cur() != '}' {
			return 0, false
		}
		p.pos++
		return v, true
	}
	v, ok := p.parseHex(4)
	if !ok {
		return 0, false
	}
	if v >= 0xD800 && v <= 0xDBFF && p.cur() == '\\' && p.peek(1) == 'u' {
		save := p.pos
		p.pos += 2
		if t, ok := p.parseHex(4); ok && t >= 0xDC00 && t <= 0xDFFF {
			return 0x10000 + (v-0xD800)<<10 + (t - 0xDC00), true
		}
		p.pos = save
	}
	return v, true
}

// parseGroupName reads a RegExpIdentifierName up to and including '>'.
func (p *reParser) parseGroupName() (string, bool) {
	var name []rune
	for {
		c := p.readCodePoint()
		if c == '\\' && p.cur() == 'u' {
			p.pos++
			v, ok := p.parseUnicodeEscapeU()
			if !ok { // Invalid Unicode escape
				return "", false
			}
			c = v
		}
		if c == '\\' { // Invalid capture group name
			return "", false
		}
		if len(name) == 0 {
			if !isIDStart(c) {
				return "", false
			}
			name = append(name, rune(c))
			continue
		}
		if c == '>' {
			return string(name), true
		}
		if !isIDPart(c) {
			return "", false
		}
		name = append(name, rune(c))
	}
}

func isIDStart(c int) bool {
	if c == '$' || c == '_' {
		return true
	}
	if c < 0 || c > unicode.MaxRune {
		return false
	}
	r := rune(c)
	if unicode.Is(unicode.Pattern_Syntax, r) || unicode.Is(unicode.Pattern_White_Space, r) {
		return false
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.Nl, r) || unicode.Is(unicode.Other_ID_Start, r)
}

func isIDPart(c int) bool {
	if c == '$' || c == '_' || c == 0x200C || c == 0x200D {
		return true
	}
	if isIDStart(c) {
		return true
	}
	if c < 0 || c > unicode.MaxRune {
		return false
	}
	r := rune(c)
	if unicode.Is(unicode.Pattern_Syntax, r) || unicode.Is(unicode.Pattern_White_Space, r) {
		return false
	}
	return unicode.In(r, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc, unicode.Other_ID_Continue)
}
