package parser

import (
	"bytes"
	"sort"
	"unicode"
	"unicode/utf8"
)

// splitRow splits a table line into trimmed cell ranges at unescaped
// pipes, as GFM does. A leading and a trailing pipe are dropped.
func splitRow(src []byte, r rng) []rng { return appendRow(nil, src, r) }

// appendRow appends the cells of splitRow to out.
func appendRow(out []rng, src []byte, r rng) []rng {
	s, e := rowBounds(src, r)
	if out == nil {
		// one allocation: escaped pipes make the count an upper bound
		out = make([]rng, 0, 1+bytes.Count(src[s:e], []byte("|")))
	}
	start := s
	for i := s; i < e; i++ {
		switch src[i] {
		case '\\':
			i++
		case '|':
			out = append(out, trim(src, rng{start, i}))
			start = i + 1
		}
	}
	out = append(out, trim(src, rng{start, e}))
	return out
}

// row is splitRow with the cells cut from the worker's scratch (the
// page's tables are read while the page is parsed and then dropped).
// The slice is capped: earlier rows keep their cells when the scratch
// grows.
func (b *builder) row(r rng) []rng {
	n := len(b.sc.cells)
	b.sc.cells = appendRow(b.sc.cells, b.src, r)
	return b.sc.cells[n:len(b.sc.cells):len(b.sc.cells)]
}

// countCells is len(splitRow(src, r)) without the cells.
func countCells(src []byte, r rng) int {
	s, e := rowBounds(src, r)
	n := 1
	for i := s; i < e; i++ {
		switch src[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n
}

// rowBounds returns the part of a table line between its outer pipes.
func rowBounds(src []byte, r rng) (s, e int) {
	r = trimComment(src, trim(src, r))
	s, e = r.s, r.e
	if s < e && src[s] == '|' {
		s++
	}
	if e > s && src[e-1] == '|' && (e-2 < s || src[e-2] != '\\') {
		e--
	}
	return s, e
}

// trimComment drops an HTML comment written after the last pipe of a
// table line (fixture expectations, suppressions): it is no cell.
func trimComment(src []byte, r rng) rng {
	if !bytes.HasSuffix(src[r.s:r.e], []byte("-->")) {
		return r
	}
	i := bytes.LastIndex(src[r.s:r.e], []byte("<!--"))
	if i < 0 {
		return r
	}
	t := trim(src, rng{r.s, r.s + i})
	if t.e > t.s && src[t.e-1] == '|' {
		return t
	}
	return r
}

// linksIn returns the links lying inside r: a subslice of links, which
// are sorted by position and do not overlap.
func linksIn(links []lnk, r rng) []lnk {
	i := sort.Search(len(links), func(k int) bool { return links[k].all.s >= r.s })
	j := i
	for j < len(links) && links[j].all.e <= r.e {
		j++
	}
	return links[i:j:j]
}

// brTag reports the length of a <br>, <br/> or <br /> tag at i, or 0.
func brTag(src []byte, i, e int) int {
	if i+4 > e || src[i] != '<' || (src[i+1]|0x20) != 'b' || (src[i+2]|0x20) != 'r' {
		return 0
	}
	j := i + 3
	for j < e && src[j] == ' ' {
		j++
	}
	if j < e && src[j] == '/' {
		j++
	}
	if j < e && src[j] == '>' {
		return j + 1 - i
	}
	return 0
}

// brLines splits a cell range at <br> tags (never inside a link) into
// trimmed line ranges; empty lines are kept as empty ranges.
func brLines(src []byte, r rng, links []lnk) []rng {
	return appendBRLines(nil, src, r, links)
}

// brLines is brLines reusing the builder's buffer: the result is valid
// until the next call.
func (b *builder) brLines(r rng, links []lnk) []rng {
	b.sc.lines = appendBRLines(b.sc.lines[:0], b.src, r, links)
	return b.sc.lines
}

func appendBRLines(out []rng, src []byte, r rng, links []lnk) []rng {
	start := r.s
	li := 0
	for i := r.s; i < r.e; {
		// only a '<' can start a <br>: IndexByte finds the next one
		j := bytes.IndexByte(src[i:r.e], '<')
		if j < 0 {
			break
		}
		i += j
		for li < len(links) && links[li].all.e <= i {
			li++
		}
		if li < len(links) && links[li].all.s <= i && i < links[li].all.e {
			i = links[li].all.e // a <br> inside a link's text is the link's
			continue
		}
		if n := brTag(src, i, r.e); n > 0 {
			out = append(out, trim(src, rng{start, i}))
			start = i + n
			i += n
			continue
		}
		i++
	}
	out = append(out, trim(src, rng{start, r.e}))
	return out
}

// plainTags are the tags plain takes out, and whether each stands for
// white space (a line break) or for nothing. None is a prefix of
// another, so that at most one matches at a place.
var plainTags = [...]struct {
	tag   string
	space bool
}{
	{"<br>", true}, {"<br/>", true}, {"<br />", true},
	{"<b>", false}, {"</b>", false}, {"<ul>", false}, {"</ul>", false}, {"<li>", false}, {"</li>", false},
	{"<i>", false}, {"</i>", false}, {"<strong>", false}, {"</strong>", false},
}

// plainIsRaw reports whether plain returns b unchanged.
func plainIsRaw(b []byte) bool {
	return bytes.IndexByte(b, '<') < 0 && bytes.IndexByte(b, '\n') < 0 && !bytes.Contains(b, []byte("  "))
}

// plain returns the text of src[r] with the simple HTML tags of these
// pages removed and white space collapsed: <!-- comments --> become
// spaces, the tags of plainTags spaces or nothing, and the words left
// are joined by single spaces (strings.Fields's white space), in one
// pass and one allocation. It gave the same through a strings.Replacer,
// strings.Fields and strings.Join until the eighth round of
// docs/performance.md; TestPlainMatchesReplacer and FuzzPlain hold it
// to that.
func plain(src []byte, r rng) string {
	b := src[r.s:r.e]
	if plainIsRaw(b) {
		return string(b)
	}
	return collapse(uncomment(b))
}

// collapse is plain without the shortcut and the comments: b with the
// tags of plainTags taken out and its words joined by single spaces.
func collapse(b []byte) string {
	var buf [256]byte
	return string(appendCollapse(buf[:0], b))
}

// appendPlain appends plain(src, r) to out, for a caller that only
// looks at the text.
func appendPlain(out, src []byte, r rng) []byte {
	b := src[r.s:r.e]
	if plainIsRaw(b) {
		return append(out, b...)
	}
	return appendCollapse(out, uncomment(b))
}

// appendCollapse appends collapse(b) to out.
func appendCollapse(out, b []byte) []byte {
	first := len(out)
	space := false // white space since the last word
	for i := 0; i < len(b); {
		c := b[i]
		if c == '<' {
			if n, sp := plainTagAt(b[i:]); n > 0 {
				space = space || sp
				i += n
				continue
			}
		}
		n := 1
		if c >= utf8.RuneSelf {
			var r rune
			r, n = utf8.DecodeRune(b[i:]) // invalid bytes: RuneError, a letter
			if unicode.IsSpace(r) {
				space = true
				i += n
				continue
			}
		} else if asciiSpace[c] {
			space = true
			i++
			continue
		}
		if space && len(out) > first {
			out = append(out, ' ')
		}
		space = false
		out = append(out, b[i:i+n]...)
		i += n
	}
	return out
}

// asciiSpace marks the ASCII white space of unicode.IsSpace.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// plainTagAt returns the length of the tag of plainTags that b starts
// with and whether it stands for white space, or 0.
func plainTagAt(b []byte) (int, bool) {
	for _, t := range plainTags {
		if len(b) >= len(t.tag) && string(b[:len(t.tag)]) == t.tag {
			return len(t.tag), t.space
		}
	}
	return 0, false
}

// uncomment returns b with each complete <!-- comment --> replaced by a
// space; an unclosed one and what follows stay as they are. b without a
// comment is returned as it is, not copied.
func uncomment(b []byte) []byte {
	if !bytes.Contains(b, []byte("<!--")) {
		return b
	}
	var out []byte
	for {
		i := bytes.Index(b, []byte("<!--"))
		if i < 0 {
			break
		}
		j := bytes.Index(b[i:], []byte("-->"))
		if j < 0 {
			break
		}
		out = append(append(out, b[:i]...), ' ')
		b = b[i+j+3:]
	}
	return append(out, b...)
}

// stripTags narrows r past leading and trailing simple tags (<b>, </b>,
// <ul>, <li>...) and white space.
func stripTags(src []byte, r rng) rng {
	for {
		r = trim(src, r)
		changed := false
		for _, t := range simpleTags {
			if bytes.HasPrefix(src[r.s:r.e], t) {
				r.s += len(t)
				changed = true
			}
			if r.e-r.s >= len(t) && bytes.HasSuffix(src[r.s:r.e], t) {
				r.e -= len(t)
				changed = true
			}
		}
		if !changed {
			return r
		}
	}
}

var simpleTags = [][]byte{
	[]byte("<b>"), []byte("</b>"), []byte("<ul>"), []byte("</ul>"),
	[]byte("<li>"), []byte("</li>"), []byte("<br>"), []byte("<i>"), []byte("</i>"),
}

// atoi parses a non-negative decimal number filling all of b.
func atoi(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func hasPrefixAt(src []byte, r rng, p string) bool {
	return r.e-r.s >= len(p) && string(src[r.s:r.s+len(p)]) == p
}

const arrow = "↳"
const bullet = "•"
