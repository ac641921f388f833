package segment

import "sync"

// The matcher is a backtracking machine that follows the ECMAScript
// specification's pattern semantics (22.2.2) on UTF-16 code units: ordered
// alternation, greedy and lazy quantifiers that reset their captures on every
// iteration and reject an empty iteration once the minimum is reached,
// atomic lookarounds, lookbehinds matched backwards, and back-references to
// unset groups that match the empty string.
//
// Registers (captures, group start positions, loop counters) are changed only
// through a trail, and a choice point records the trail height, so
// backtracking restores them exactly.

type opcode uint8

const (
	opChar      opcode = iota // code unit c
	opSet                     // code unit in set
	opBOL                     // input start
	opEOL                     // input end
	opWordB                   // \b
	opNotWordB                // \B
	opJmp                     // goto a
	opSplit                   // try a, then b
	opSaveTmp                 // reg[a] = pos
	opCapture                 // capture a = (reg[b], pos), or (pos, reg[b]) backwards
	opBackref                 // back-reference to capture a
	opLoopInit                // loop a: count = 0
	opLoop                    // loop a: decide between another iteration and the exit
	opLoopBody                // loop a: iteration start (save pos, reset captures)
	opLoopEnd                 // loop a: empty check, count++, back to opLoop
	opRepeatOne               // single code unit atom repeated min..max (a = loop info)
	opLook                    // lookaround a
	opMatch                   // success of the program or of a lookaround body
)

type inst struct {
	op   opcode
	back bool // matches backwards (inside a lookbehind)
	c    uint16
	set  *charSet
	a, b int
}

type loopInfo struct {
	cnt, start   int // registers
	min, max     int // max < 0: unbounded
	greedy       bool
	checkEmpty   bool
	capLo, capHi int
	loop, body   int // pcs
	exit         int
}

type lookInfo struct {
	neg  bool
	body int
}

// jsRegexp is a compiled pattern.
type jsRegexp struct {
	insts    []inst
	loops    []loopInfo
	looks    []lookInfo
	nregs    int
	ncapRegs int // registers 0 … ncapRegs-1 hold captures (2 per group, group 0 unused)
	anchored bool
}

type compiler struct {
	re      *jsRegexp
	pending []pendingLook
}

type pendingLook struct {
	idx  int
	body *reNode
	back bool
}

func compilePattern(root *reNode, ncap int) *jsRegexp {
	re := &jsRegexp{ncapRegs: 2 * (ncap + 1)}
	re.nregs = re.ncapRegs + ncap + 1 // plus one group-start register per group
	c := &compiler{re: re}
	c.emit(root, false)
	c.add(inst{op: opMatch})
	for len(c.pending) > 0 {
		pl := c.pending[0]
		c.pending = c.pending[1:]
		re.looks[pl.idx].body = len(re.insts)
		c.emit(pl.body, pl.back)
		c.add(inst{op: opMatch})
	}
	re.anchored = startsWithBOL(root)
	return re
}

func startsWithBOL(n *reNode) bool {
	switch n.kind {
	case reBOL:
		return true
	case reSeq:
		return startsWithBOL(n.subs[0])
	case reAlt:
		for _, s := range n.subs {
			if !startsWithBOL(s) {
				return false
			}
		}
		return true
	}
	return false
}

func (c *compiler) add(i inst) int {
	c.re.insts = append(c.re.insts, i)
	return len(c.re.insts) - 1
}

// minMatchIsZero reports whether n can match the empty string.
func minMatchIsZero(n *reNode) bool {
	switch n.kind {
	case reChar, reSet:
		return false
	case reCapture:
		return minMatchIsZero(n.sub)
	case reRepeat:
		return n.min == 0 || minMatchIsZero(n.sub)
	case reSeq:
		for _, s := range n.subs {
			if !minMatchIsZero(s) {
				return false
			}
		}
		return true
	case reAlt:
		for _, s := range n.subs {
			if minMatchIsZero(s) {
				return true
			}
		}
		return false
	}
	return true
}

func (c *compiler) emit(n *reNode, back bool) {
	re := c.re
	switch n.kind {
	case reEmpty:
	case reChar:
		c.add(inst{op: opChar, c: n.c, back: back})
	case reSet:
		c.add(inst{op: opSet, set: n.set, back: back})
	case reSeq:
		if back {
			for i := len(n.subs) - 1; i >= 0; i-- {
				c.emit(n.subs[i], back)
			}
		} else {
			for _, s := range n.subs {
				c.emit(s, back)
			}
		}
	case reAlt:
		var jumps []int
		for i, s := range n.subs {
			if i == len(n.subs)-1 {
				c.emit(s, back)
				break
			}
			split := c.add(inst{op: opSplit})
			re.insts[split].a = split + 1
			c.emit(s, back)
			jumps = append(jumps, c.add(inst{op: opJmp}))
			re.insts[split].b = len(re.insts)
		}
		for _, j := range jumps {
			re.insts[j].a = len(re.insts)
		}
	case reCapture:
		tmp := re.ncapRegs + n.idx
		c.add(inst{op: opSaveTmp, a: tmp})
		c.emit(n.sub, back)
		c.add(inst{op: opCapture, a: n.idx, b: tmp, back: back})
	case reBackref:
		c.add(inst{op: opBackref, a: n.idx, back: back})
	case reBOL:
		c.add(inst{op: opBOL})
	case reEOL:
		c.add(inst{op: opEOL})
	case reWordB:
		c.add(inst{op: opWordB})
	case reNotWordB:
		c.add(inst{op: opNotWordB})
	case reLook:
		idx := len(re.looks)
		re.looks = append(re.looks, lookInfo{neg: n.neg})
		c.pending = append(c.pending, pendingLook{idx: idx, body: n.sub, back: n.behind})
		c.add(inst{op: opLook, a: idx})
	case reRepeat:
		max := n.max
		if max == reInfinity {
			max = -1
		}
		li := loopInfo{min: n.min, max: max, greedy: n.greedy, capLo: n.capLo, capHi: n.capHi}
		if n.sub.kind == reChar || n.sub.kind == reSet {
			idx := len(re.loops)
			re.loops = append(re.loops, li)
			c.add(inst{op: opRepeatOne, c: n.sub.c, set: n.sub.set, back: back, a: idx})
			return
		}
		li.cnt = re.nregs
		li.start = re.nregs + 1
		re.nregs += 2
		li.checkEmpty = minMatchIsZero(n.sub)
		idx := len(re.loops)
		re.loops = append(re.loops, li)
		c.add(inst{op: opLoopInit, a: idx})
		loopPC := c.add(inst{op: opLoop, a: idx})
		bodyPC := c.add(inst{op: opLoopBody, a: idx})
		c.emit(n.sub, back)
		c.add(inst{op: opLoopEnd, a: idx})
		l := &re.loops[idx]
		l.loop, l.body, l.exit = loopPC, bodyPC, len(re.insts)
	}
}

// Matching limits. V8 throws a RangeError (caught by node's segment code,
// giving false) when its backtrack stack overflows; catastrophic patterns that
// V8 would grind through for minutes or hours are cut short here instead.
const (
	maxSteps      = 1 << 22
	maxStackDepth = 1 << 20
)

type frameKind uint8

const (
	framePlain   frameKind = iota
	frameBackoff           // greedy opRepeatOne: give back one unit
	frameExtend            // lazy opRepeatOne: take one more unit
)

type frame struct {
	kind  frameKind
	pc    int
	pos   int
	trail int
	n     int // units taken by an opRepeatOne
}

type trailEntry struct {
	reg, old int
}

type machine struct {
	re      *jsRegexp
	s       []uint16
	regs    []int
	trail   []trailEntry
	stack   []frame
	steps   int
	aborted bool
	buf     []uint16
}

var machinePool = sync.Pool{New: func() any { return new(machine) }}

// test reports RegExp.prototype.test on a fresh global regexp: whether the
// pattern matches at some index of subject.
func (re *jsRegexp) test(subject string) bool {
	m := machinePool.Get().(*machine)
	m.buf = appendUTF16(m.buf[:0], subject)
	m.re, m.s = re, m.buf
	m.steps, m.aborted = 0, false
	if cap(m.regs) < re.nregs {
		m.regs = make([]int, re.nregs)
	}
	m.regs = m.regs[:re.nregs]
	found := false
	for start := 0; start <= len(m.s); start++ {
		for i := 0; i < re.ncapRegs; i++ {
			m.regs[i] = -1
		}
		m.trail = m.trail[:0]
		m.stack = m.stack[:0]
		if _, ok := m.run(0, start); ok {
			found = true
			break
		}
		if m.aborted || re.anchored {
			break
		}
	}
	m.re, m.s = nil, nil
	if cap(m.buf) > 1<<16 {
		m.buf = nil
	}
	if cap(m.stack) > 1<<16 {
		m.stack = nil
	}
	if cap(m.trail) > 1<<16 {
		m.trail = nil
	}
	machinePool.Put(m)
	return found
}

func (m *machine) set(reg, v int) {
	if old := m.regs[reg]; old != v {
		m.trail = append(m.trail, trailEntry{reg, old})
		m.regs[reg] = v
	}
}

func (m *machine) undo(height int) {
	for i := len(m.trail) - 1; i >= height; i-- {
		e := m.trail[i]
		m.regs[e.reg] = e.old
	}
	m.trail = m.trail[:height]
}

func (m *machine) push(f frame) bool {
	if len(m.stack) >= maxStackDepth {
		m.aborted = true
		return false
	}
	f.trail = len(m.trail)
	m.stack = append(m.stack, f)
	return true
}

// unitAt matches the repeat atom of in against the unit n places from base.
func (m *machine) unitAt(in *inst, base, n int) bool {
	i := base + n
	if in.back {
		i = base - n - 1
	}
	if i < 0 || i >= len(m.s) {
		return false
	}
	if in.set != nil {
		return in.set.has(m.s[i])
	}
	return m.s[i] == in.c
}

func offset(base, n int, back bool) int {
	if back {
		return base - n
	}
	return base + n
}

func (m *machine) wordAt(i int) bool {
	return i >= 0 && i < len(m.s) && isWordUnit(m.s[i])
}

// backtrack resumes the most recent choice point above base.
func (m *machine) backtrack(base int) (pc, pos int, ok bool) {
	for len(m.stack) > base {
		m.steps++
		if m.steps > maxSteps {
			m.aborted = true
			return 0, 0, false
		}
		top := len(m.stack) - 1
		f := &m.stack[top]
		m.undo(f.trail)
		switch f.kind {
		case framePlain:
			m.stack = m.stack[:top]
			return f.pc, f.pos, true
		case frameBackoff:
			in := &m.re.insts[f.pc]
			l := &m.re.loops[in.a]
			f.n--
			pc, pos = f.pc+1, offset(f.pos, f.n, in.back)
			if f.n <= l.min {
				m.stack = m.stack[:top]
			}
			return pc, pos, true
		case frameExtend:
			in := &m.re.insts[f.pc]
			l := &m.re.loops[in.a]
			if (l.max < 0 || f.n < l.max) && m.unitAt(in, f.pos, f.n) {
				f.n++
				pc, pos = f.pc+1, offset(f.pos, f.n, in.back)
				if l.max >= 0 && f.n >= l.max {
					m.stack = m.stack[:top]
				}
				return pc, pos, true
			}
			m.stack = m.stack[:top]
		}
	}
	return 0, 0, false
}

// run executes from pc at pos until opMatch (returning the end position) or
// until every choice point it created has failed.
func (m *machine) run(pc, pos int) (int, bool) {
	base := len(m.stack)
	trailBase := len(m.trail)
	insts := m.re.insts
	s := m.s
	for {
		m.steps++
		if m.steps > maxSteps {
			m.aborted = true
		}
		ok := !m.aborted
		if ok {
			in := &insts[pc]
			switch in.op {
			case opChar:
				if in.back {
					ok = pos > 0 && s[pos-1] == in.c
					pos--
				} else {
					ok = pos < len(s) && s[pos] == in.c
					pos++
				}
				pc++
			case opSet:
				if in.back {
					ok = pos > 0 && in.set.has(s[pos-1])
					pos--
				} else {
					ok = pos < len(s) && in.set.has(s[pos])
					pos++
				}
				pc++
			case opBOL:
				ok = pos == 0
				pc++
			case opEOL:
				ok = pos == len(s)
				pc++
			case opWordB:
				ok = m.wordAt(pos-1) != m.wordAt(pos)
				pc++
			case opNotWordB:
				ok = m.wordAt(pos-1) == m.wordAt(pos)
				pc++
			case opJmp:
				pc = in.a
			case opSplit:
				ok = m.push(frame{kind: framePlain, pc: in.b, pos: pos})
				pc = in.a
			case opSaveTmp:
				m.set(in.a, pos)
				pc++
			case opCapture:
				start, end := m.regs[in.b], pos
				if in.back {
					start, end = pos, m.regs[in.b]
				}
				m.set(2*in.a, start)
				m.set(2*in.a+1, end)
				pc++
			case opBackref:
				start, end := m.regs[2*in.a], m.regs[2*in.a+1]
				pc++
				if start < 0 || end < 0 {
					break
				}
				n := end - start
				m.steps += n
				if in.back {
					if pos-n < 0 {
						ok = false
						break
					}
					ok = equalUnits(s[start:end], s[pos-n:pos])
					pos -= n
				} else {
					if pos+n > len(s) {
						ok = false
						break
					}
					ok = equalUnits(s[start:end], s[pos:pos+n])
					pos += n
				}
			case opLoopInit:
				m.set(m.re.loops[in.a].cnt, 0)
				pc++
			case opLoop:
				l := &m.re.loops[in.a]
				cnt := m.regs[l.cnt]
				switch {
				case cnt < l.min:
					pc = l.body
				case l.max >= 0 && cnt >= l.max:
					pc = l.exit
				case l.greedy:
					ok = m.push(frame{kind: framePlain, pc: l.exit, pos: pos})
					pc = l.body
				default:
					ok = m.push(frame{kind: framePlain, pc: l.body, pos: pos})
					pc = l.exit
				}
			case opLoopBody:
				l := &m.re.loops[in.a]
				if l.checkEmpty {
					m.set(l.start, pos)
				}
				for g := l.capLo; g < l.capHi; g++ {
					m.set(2*g, -1)
					m.set(2*g+1, -1)
				}
				m.steps += l.capHi - l.capLo
				pc++
			case opLoopEnd:
				l := &m.re.loops[in.a]
				cnt := m.regs[l.cnt]
				if l.checkEmpty && cnt >= l.min && pos == m.regs[l.start] {
					ok = false
					break
				}
				m.set(l.cnt, cnt+1)
				pc = l.loop
			case opRepeatOne:
				l := &m.re.loops[in.a]
				n := 0
				if l.greedy {
					for (l.max < 0 || n < l.max) && m.unitAt(in, pos, n) {
						n++
					}
					m.steps += n
					if n < l.min {
						ok = false
						break
					}
					if n > l.min {
						ok = m.push(frame{kind: frameBackoff, pc: pc, pos: pos, n: n})
					}
				} else {
					for n < l.min && m.unitAt(in, pos, n) {
						n++
					}
					m.steps += n
					if n < l.min {
						ok = false
						break
					}
					if l.max < 0 || n < l.max {
						ok = m.push(frame{kind: frameExtend, pc: pc, pos: pos, n: n})
					}
				}
				pos = offset(pos, n, in.back)
				pc++
			case opLook:
				lk := &m.re.looks[in.a]
				_, matched := m.run(lk.body, pos)
				if m.aborted {
					ok = false
					break
				}
				ok = matched != lk.neg
				pc++
			case opMatch:
				m.stack = m.stack[:base]
				return pos, true
			}
		}
		if ok {
			continue
		}
		var resumed bool
		if !m.aborted {
			pc, pos, resumed = m.backtrack(base)
		}
		if !resumed {
			m.stack = m.stack[:base]
			m.undo(trailBase)
			return 0, false
		}
	}
}

func equalUnits(a, b []uint16) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
