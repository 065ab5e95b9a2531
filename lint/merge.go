package lint

import (
	"cmp"
	"sort"
	"strings"
	"sync"
)

// A stream is findings of one check in Sort's order, in one or more
// segments: the check's own (one segment, which Run may reorder) or the
// ones it shares with a library memo (the memo's segments as they are,
// when already in order). def is the pass whose defaults apply to the
// shared ones, which are not the pass's to change.
type stream struct {
	segs [][]Diagnostic
	def  *Pass
	n    int
}

// ownStream sorts the pass's own findings in place and gives those
// without a key their default key.
func ownStream(p *Pass) stream {
	ds := p.diags
	Sort(ds)
	for i := range ds {
		p.settle(&ds[i])
	}
	if len(ds) == 0 {
		return stream{}
	}
	return stream{segs: [][]Diagnostic{ds}, n: len(ds)}
}

// sharedStream returns the pass's shared findings as a stream: their
// own segments when they are in order (a memo that scans pages in path
// order reports them so), else a sorted copy with the defaults and
// default keys applied.
func sharedStream(p *Pass) stream {
	if len(p.shared) == 0 {
		return stream{}
	}
	s := stream{segs: p.shared, def: p}
	var prev *Diagnostic
	sorted := true
	for _, seg := range p.shared {
		s.n += len(seg)
		for i := range seg {
			if sorted && prev != nil && compareDiag(&seg[i], s.rule(&seg[i]), prev, s.rule(prev)) < 0 {
				sorted = false
			}
			prev = &seg[i]
		}
	}
	if sorted {
		return s
	}
	own := make([]Diagnostic, 0, s.n)
	for _, seg := range p.shared {
		own = append(own, seg...)
	}
	for i := range own {
		p.settle(&own[i])
	}
	Sort(own)
	return stream{segs: [][]Diagnostic{own}, n: len(own)}
}

// settle gives d what Run's result holds of every finding: Report's
// defaults (a no-op for the pass's own findings) and a key, when the
// run builds keys.
func (p *Pass) settle(d *Diagnostic) {
	p.defaults(d)
	if d.Key == "" && p.Wants(PartKey) {
		d.Key = DefaultKey(d)
	}
}

// rule is d's rule as Report's defaults make it.
func (s *stream) rule(d *Diagnostic) string {
	if d.Rule == "" && s.def != nil {
		return s.def.Check.Name
	}
	return d.Rule
}

// compareDiag is Sort's order, for rules given apart (a shared finding
// may have its check's rule only by default).
func compareDiag(a *Diagnostic, ra string, b *Diagnostic, rb string) int {
	if a.File != b.File {
		return strings.Compare(a.File, b.File)
	}
	if a.Span.Start.Line != b.Span.Start.Line {
		return cmp.Compare(a.Span.Start.Line, b.Span.Start.Line)
	}
	if a.Span.Start.Col != b.Span.Start.Col {
		return cmp.Compare(a.Span.Start.Col, b.Span.Start.Col)
	}
	if ra != rb {
		return strings.Compare(ra, rb)
	}
	return strings.Compare(a.Message, b.Message)
}

// cursor is a stream's next finding in merge.
type cursor struct {
	s        *stream
	idx      int // the stream's place in the list: ties go to the earlier
	seg, pos int
	d        *Diagnostic
	rule     string
}

func (c *cursor) load() bool {
	for c.seg < len(c.s.segs) && c.pos == len(c.s.segs[c.seg]) {
		c.seg, c.pos = c.seg+1, 0
	}
	if c.seg == len(c.s.segs) {
		return false
	}
	c.d = &c.s.segs[c.seg][c.pos]
	c.rule = c.s.rule(c.d)
	return true
}

func (c *cursor) less(o *cursor) bool {
	if r := compareDiag(c.d, c.rule, o.d, o.rule); r != 0 {
		return r < 0
	}
	return c.idx < o.idx
}

// merge joins the streams into one slice in Sort's order, equal findings
// in stream order: the result a stable sort of their concatenation
// gives. Shared findings are copied with their pass's defaults applied
// and a default key when they have none.
func merge(streams []stream) []Diagnostic {
	var live []int
	n := 0
	for i := range streams {
		if streams[i].n > 0 {
			live = append(live, i)
			n += streams[i].n
		}
	}
	switch {
	case len(live) == 0:
		return nil
	case len(live) == 1 && streams[live[0]].def == nil:
		return streams[live[0]].segs[0] // one check's own: as it is
	}
	all := make([]Diagnostic, n)
	if n < mergeHalves {
		mergeInto(all, streams, live)
		return all
	}
	// Two halves on two goroutines: every stream is cut where the middle
	// finding of the longest stream falls in the merged order, and the
	// parts before and after the cuts are merged apart, into the two
	// ends of the result (the copying and the first touch of the result's
	// memory are most of a merge of tens of thousands of findings).
	lo, hi := make([]stream, len(streams)), make([]stream, len(streams))
	pi := live[0]
	for _, i := range live {
		if streams[i].n > streams[pi].n {
			pi = i
		}
	}
	mid := streams[pi].n / 2
	pivot := streams[pi].at(mid)
	prule := streams[pi].rule(pivot)
	k := 0
	for _, i := range live {
		s := &streams[i]
		cut := mid
		if i != pi {
			// the findings that come before the pivot: the lesser ones,
			// and the equal ones of an earlier stream
			cut = sort.Search(s.n, func(j int) bool {
				d := s.at(j)
				c := compareDiag(d, s.rule(d), pivot, prule)
				return c > 0 || c == 0 && i > pi
			})
		}
		lo[i], hi[i] = s.cut(cut)
		k += cut
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		mergeInto(all[k:], hi, live)
	}()
	mergeInto(all[:k], lo, live)
	wg.Wait()
	return all
}

// mergeHalves is the number of findings from which merge works in two
// halves (a variable for the tests).
var mergeHalves = 8192

// at returns the stream's i-th finding.
func (s *stream) at(i int) *Diagnostic {
	for _, seg := range s.segs {
		if i < len(seg) {
			return &seg[i]
		}
		i -= len(seg)
	}
	panic("lint: stream index out of range")
}

// cut splits the stream before its i-th finding.
func (s *stream) cut(i int) (before, after stream) {
	before, after = stream{def: s.def, n: i}, stream{def: s.def, n: s.n - i}
	for _, seg := range s.segs {
		switch {
		case i >= len(seg):
			before.segs = append(before.segs, seg)
		case i > 0:
			before.segs = append(before.segs, seg[:i])
			after.segs = append(after.segs, seg[i:])
		default:
			after.segs = append(after.segs, seg)
		}
		i = max(i-len(seg), 0)
	}
	return before, after
}

// mergeInto merges the live streams into dst, which has room for all
// of their findings exactly.
func mergeInto(dst []Diagnostic, streams []stream, live []int) {
	// a binary heap of cursors, least first
	h := make([]cursor, 0, len(live))
	for _, i := range live {
		c := cursor{s: &streams[i], idx: i}
		if c.load() {
			h = append(h, c)
		}
	}
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			m := l
			if r := l + 1; r < len(h) && h[r].less(&h[l]) {
				m = r
			}
			if !h[m].less(&h[i]) {
				return
			}
			h[i], h[m] = h[m], h[i]
			i = m
		}
	}
	for i := len(h)/2 - 1; i >= 0; i-- {
		down(i)
	}
	k := 0
	for len(h) > 0 {
		c := &h[0]
		dst[k] = *c.d
		if p := c.s.def; p != nil {
			p.settle(&dst[k])
		}
		k++
		c.pos++
		if !c.load() {
			h[0] = h[len(h)-1]
			h = h[:len(h)-1]
		}
		down(0)
	}
}
