package parser

import "bytes"

// fastBlocks finds the top-level blocks of src as goldmark (with
// tableTransformer) does, for pages written only with what the
// library's generators write: ATX headings, one-line setext headings,
// paragraphs and the pipe tables in them, backtick-fenced code blocks
// and blank lines. At the first line that could be anything else (an
// indented line outside code, a list, a quote, HTML, a thematic break,
// a link reference definition, ...) it reports false, and the page is
// parsed by goldmark instead. TestFastBlocksAgree compares the two on
// every page of the real libraries and FuzzFastBlocks on made-up pages.
//
// It takes all but 4 of CIM2's 13,726 pages and all but 1 of CIM1's
// 11,723 (until the eighth round of docs/performance.md it left the
// 464 parser pages whose code block holds tab-indented lines to
// goldmark); on the pages it took then, links included, it needed
// 36 ms where goldmark needed 93–123 ms, and 1.4 MB of allocations
// instead of 72 MB (BenchmarkBlocks).
func (m *md) fastBlocks(src []byte) ([]block, bool) {
	if bytes.IndexByte(src, 0) >= 0 || bytes.IndexByte(src, '\r') >= 0 {
		return nil, false
	}
	m.rngs, m.lnks = m.rngs[:0], m.lnks[:0]
	out := m.blks[:0]
	para := -1 // index in m.rngs of the open paragraph's first line
	fence := 0 // length of the open code fence's backtick run
	var info string
	code := 0 // index in m.rngs of the open code block's first line
	ok := true
	// takePara returns the open paragraph's lines and closes it; ok
	// turns false for what may be a link reference definition, which
	// goldmark's transformer would take out of the paragraph.
	takePara := func() []rng {
		lines := m.rngs[para:len(m.rngs):len(m.rngs)]
		para = -1
		if src[lines[0].s] == '[' && bytes.Contains(src[lines[0].s:lines[len(lines)-1].e], []byte("]:")) {
			ok = false
		}
		return lines
	}
	// closeCode ends the open code block; ok turns false for an empty
	// one, which goldmark places by its node.
	closeCode := func() {
		if len(m.rngs) == code {
			ok = false
			return
		}
		out = append(out, codeBlock(m.rngs[code:len(m.rngs):len(m.rngs)], info))
		fence = 0
	}
	// closePara ends the open paragraph as goldmark's paragraph parser
	// and the transformers do.
	closePara := func() {
		if para < 0 {
			return
		}
		if lines := takePara(); ok {
			out = m.appendPara(out, src, lines)
		}
	}
	for i := 0; i < len(src) && ok; {
		e := len(src)
		if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
			e = i + j
		}
		line := src[i:e]
		r := rng{i, e}
		i = e + 1

		if fence > 0 {
			// The fence opened at column 0 (an indented one is left to
			// goldmark), so a line inside it is content as written, and
			// closes it only if its backticks are indented less than 4
			// columns: a tab within the first 4 bytes reaches column 4.
			k := 0
			for k < len(line) && k < 4 && line[k] == ' ' {
				k++
			}
			if k < 4 && k < len(line) && line[k] == '\t' {
				m.rngs = append(m.rngs, r)
				continue
			}
			n := 0
			for k+n < len(line) && line[k+n] == '`' {
				n++
			}
			if k < 4 && n >= fence && isBlank(line[k+n:]) {
				closeCode()
				continue
			}
			m.rngs = append(m.rngs, r)
			continue
		}
		if isBlank(line) {
			closePara()
			continue
		}
		switch c := line[0]; {
		case c == ' ' || c == '\t':
			ok = false // indented code, a list's continuation, ...
		case c == '#':
			n := 0
			for n < len(line) && line[n] == '#' {
				n++
			}
			if n > 6 || n == len(line) || (line[n] != ' ' && line[n] != '\t') {
				ok = false
				break
			}
			t := trim(src, rng{r.s + n, r.e})
			if t.s == t.e || src[t.e-1] == '#' {
				ok = false // empty, or a closing sequence
				break
			}
			closePara()
			if !ok {
				break
			}
			m.rngs = append(m.rngs, t)
			out = append(out, m.headingBlock(src, n, m.rngs[len(m.rngs)-1:len(m.rngs):len(m.rngs)]))
		case c == '`':
			n := 0
			for n < len(line) && line[n] == '`' {
				n++
			}
			if n < 3 {
				m.addParaLine(&para, r)
				break
			}
			t := trim(src, rng{r.s + n, r.e})
			if bytes.IndexByte(src[t.s:t.e], '`') >= 0 {
				ok = false // inline code, not a fence
				break
			}
			closePara()
			info = string(src[t.s:t.e])
			fence, code = n, len(m.rngs)
		case c == '=' || c == '-':
			if para < 0 || len(m.rngs)-para != 1 || !isSetextBar(line) {
				ok = false // a thematic break, a list, a multi-line heading, ...
				break
			}
			// goldmark closes (and trims) the paragraph before the
			// transformers see it, unlike at a blank line
			lines := takePara()
			if !ok {
				break
			}
			trimLast(src, lines)
			level := 1
			if c == '-' {
				level = 2
			}
			out = append(out, m.headingBlock(src, level, lines))
		case c == '>' || c == '*' || c == '+' || c == '_' || c == '~' || c == '<':
			ok = false
		case c >= '0' && c <= '9':
			n := 0
			for n < len(line) && line[n] >= '0' && line[n] <= '9' {
				n++
			}
			if n < len(line) && (line[n] == '.' || line[n] == ')') && (n+1 == len(line) || line[n+1] == ' ' || line[n+1] == '\t') {
				ok = false // an ordered list
				break
			}
			m.addParaLine(&para, r)
		default:
			m.addParaLine(&para, r)
		}
	}
	if ok && fence > 0 {
		closeCode() // unclosed: it runs to the end of the page
	}
	if ok {
		closePara()
	}
	m.blks = out
	return out, ok
}

func (m *md) addParaLine(para *int, r rng) {
	if *para < 0 {
		*para = len(m.rngs)
	}
	m.rngs = append(m.rngs, r)
}

// appendPara appends the blocks of a closed paragraph: the paragraph,
// or the pipe table it holds with the lines above it, as
// tableTransformer splits them. As in goldmark, the transformer sees
// the lines as written, and what stays a paragraph then loses the
// trailing spaces of its last line.
func (m *md) appendPara(out []block, src []byte, lines []rng) []block {
	for i := 1; i < len(lines); i++ {
		n := delimCells(src, lines[i])
		if n == 0 {
			continue
		}
		if countCells(src, lines[i-1]) != n {
			break
		}
		if i > 1 {
			trimLast(src, lines[:i-1])
			out = append(out, m.paraBlock(src, lines[:i-1:i-1]))
		}
		return append(out, m.tableBlock(src, lines[i-1:]))
	}
	trimLast(src, lines)
	return append(out, m.paraBlock(src, lines))
}

// trimLast drops the trailing spaces and tabs of the last line.
func trimLast(src []byte, lines []rng) {
	last := &lines[len(lines)-1]
	for last.e > last.s && (src[last.e-1] == ' ' || src[last.e-1] == '\t') {
		last.e--
	}
}

// isBlank reports whether b holds only spaces and tabs, as goldmark's
// util.IsBlank does for a line without its line break.
func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// isSetextBar reports whether line, starting at its first byte, is a
// setext underline: a run of '=' or of '-' and trailing spaces.
func isSetextBar(line []byte) bool {
	c := line[0]
	i := 0
	for i < len(line) && line[i] == c {
		i++
	}
	return isBlank(line[i:])
}
