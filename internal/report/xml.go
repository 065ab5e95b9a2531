package report

import (
	"unicode/utf8"

	"mdlint/lint"
)

// The XML formats (junit, checkstyle) are appended by hand, in chunks,
// byte for byte as encoding/xml's Encoder with two-space indentation
// writes the same document (TestXMLMatchesEncoding pins this). The
// Encoder needed the whole document built as values and held it whole,
// and took 12 to 16 times as long on a run with 30,000 findings.

// xmlHeader is encoding/xml's Header.
const xmlHeader = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// xmlSafe marks the ASCII bytes encoding/xml writes as they are, in
// attribute values and character data alike.
var xmlSafe = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\'' && c != '&' && c != '<' && c != '>'
	}
	return t
}()

// xmlEscBits is zero when the eight bytes of x (see word) are all ASCII
// that encoding/xml writes as they are: none below 0x20, none of
// " ' & < >. Like escBits it is small enough to inline.
func xmlEscBits(x uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	// zero bytes of q: '"'; of a: '&' or '\'' (0x26, 0x27); of t: '<'
	// or '>' (0x3c, 0x3e)
	q, a, t := x^('"'*ones), (x|ones)^('\''*ones), (x|2*ones)^('>'*ones)
	// high bits: non-ASCII; below 0x20; then the zero byte tests
	return (x | (x-0x20*ones)&^x | (q-ones)&^q | (a-ones)&^a | (t-ones)&^t) & highs
}

// appendXMLText appends s escaped as encoding/xml escapes both
// attribute values and character data (EscapeText): " ' & < > as
// &#34; &#39; &amp; &lt; &gt;, tab, line feed and carriage return as
// &#x9; &#xA; &#xD;, and each invalid UTF-8 byte and each character
// XML does not allow (other control characters, U+FFFE, U+FFFF) as
// U+FFFD.
func appendXMLText(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		// eight bytes at a time while they need no escaping (nearly
		// every byte of a report)
		for i+8 <= len(s) && xmlEscBits(word(s[i:])) == 0 {
			i += 8
		}
		if i == len(s) {
			break
		}
		c := s[i]
		if xmlSafe[c] {
			i++
			continue
		}
		width := 1
		var esc string
		if c < utf8.RuneSelf {
			switch c {
			case '"':
				esc = "&#34;"
			case '\'':
				esc = "&#39;"
			case '&':
				esc = "&amp;"
			case '<':
				esc = "&lt;"
			case '>':
				esc = "&gt;"
			case '\t':
				esc = "&#x9;"
			case '\n':
				esc = "&#xA;"
			case '\r':
				esc = "&#xD;"
			default:
				esc = "\uFFFD"
			}
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			// a valid multi-byte sequence is never a surrogate nor above
			// U+10FFFF: U+FFFE and U+FFFF are the only ones outside XML's
			// character range
			if (r != utf8.RuneError || size > 1) && r != 0xFFFE && r != 0xFFFF {
				i += size
				continue
			}
			width, esc = size, "\uFFFD"
		}
		b = append(b, s[start:i]...)
		b = append(b, esc...)
		i += width
		start = i
	}
	return append(b, s[start:]...)
}

// fileGroups groups findings by the name their file is shown under
// (displayPath), in order of first appearance, as the XML formats list
// them: one element per file, even when its findings are not
// consecutive.
type fileGroups struct {
	ds    []lint.Diagnostic
	ends  []int // group k's findings are at places ends[k-1] (0 for k = 0) to ends[k]
	order []int // finding index at each place; nil when the findings come group by group

	// names are the display names of the groups; nil when every file is
	// canonical, and a name is prefix+file (whole for "")
	names               []string
	root, prefix, whole string
	paths               map[string]string // display paths of files not canonical, for appendPath
}

// groupFiles groups ds, whose files are relative to root. When the
// findings are sorted by file (lint.Sort) and every file is canonical,
// each file is one group of consecutive findings and the display names
// need neither a map nor a string of their own; otherwise it groups
// through maps, allocating per file, not per finding.
func groupFiles(root string, ds []lint.Diagnostic) *fileGroups {
	// displayPath(root, f) is prefix+f for every canonical f but ""
	g := &fileGroups{ds: ds, root: root, whole: displayPath(root, "")}
	g.prefix = displayPrefix(root)
	n := 0
	for i := range ds {
		f := ds[i].File
		if i > 0 && f == ds[i-1].File {
			continue
		}
		if i > 0 && f < ds[i-1].File || !canonical(f) {
			g.groupByName()
			return g
		}
		n++
	}
	g.ends = make([]int, 0, n)
	for i := 1; i < len(ds); i++ {
		if ds[i].File != ds[i-1].File {
			g.ends = append(g.ends, i)
		}
	}
	if len(ds) > 0 {
		g.ends = append(g.ends, len(ds))
	}
	return g
}

// groupByName groups g.ds in any order and with any files, by display
// name.
func (g *fileGroups) groupByName() {
	ds := g.ds
	byFile := map[string]int{} // finding's File -> group
	byName := map[string]int{} // display name -> group (two files may show as one name)
	var counts []int
	consecutive := true
	last, lastFile := -1, ""
	for i := range ds {
		f := ds[i].File
		if last < 0 || f != lastFile {
			k, ok := byFile[f]
			if !ok {
				name := displayPath(g.root, f)
				if k, ok = byName[name]; !ok {
					k = len(g.names)
					byName[name] = k
					g.names = append(g.names, name)
					counts = append(counts, 0)
				}
				byFile[f] = k
			}
			if k != last && k != len(g.names)-1 {
				consecutive = false // a group seen before, after another
			}
			last, lastFile = k, f
		}
		counts[last]++
	}
	g.ends = counts
	for k := 1; k < len(g.ends); k++ {
		g.ends[k] += g.ends[k-1]
	}
	if consecutive {
		return
	}
	// a counting sort: each group's findings keep their order
	next := make([]int, len(g.ends))
	for k := 1; k < len(next); k++ {
		next[k] = g.ends[k-1]
	}
	g.order = make([]int, len(ds))
	for i := range ds {
		k := byFile[ds[i].File]
		g.order[next[k]] = i
		next[k]++
	}
}

// appendName appends the display name of group k, escaped.
func (g *fileGroups) appendName(b []byte, k int) []byte {
	if g.names != nil {
		return appendXMLText(b, g.names[k])
	}
	start, _ := g.span(k)
	if f := g.ds[g.finding(start)].File; f != "" {
		return appendXMLText(appendXMLText(b, g.prefix), f)
	}
	return appendXMLText(b, g.whole)
}

// appendPath appends displayPath(root, file), escaped: a file that is
// not canonical costs a string once, any other nothing.
func (g *fileGroups) appendPath(b []byte, file string) []byte {
	switch {
	case file == "":
		return appendXMLText(b, g.whole)
	case canonical(file):
		return appendXMLText(appendXMLText(b, g.prefix), file)
	}
	p, ok := g.paths[file]
	if !ok {
		if g.paths == nil {
			g.paths = map[string]string{}
		}
		p = displayPath(g.root, file)
		g.paths[file] = p
	}
	return appendXMLText(b, p)
}

// span returns the places of group k's findings: for j from start to
// end, finding(j) is the index of one of them.
func (g *fileGroups) span(k int) (start, end int) {
	if k > 0 {
		start = g.ends[k-1]
	}
	return start, g.ends[k]
}

// finding is the index of the finding at place j.
func (g *fileGroups) finding(j int) int {
	if g.order == nil {
		return j
	}
	return g.order[j]
}
