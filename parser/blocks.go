package parser

import (
	"bytes"
	"sync"

	"mdlint/model"

	"github.com/yuin/goldmark/ast"
	gparser "github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

type blockKind int

const (
	bHeading blockKind = iota
	bTable
	bPara
	bCode
	bList
	bHTML
	bOther
)

// rng is a half-open byte range.
type rng struct{ s, e int }

// lnk is a link found by goldmark, located in the source.
type lnk struct {
	all  rng // [text](dest)
	text rng // text between the brackets
	dest rng // destination inside the parentheses
}

// block is a top-level block of a page, reduced to what the page
// grammars need.
type block struct {
	kind   blockKind
	level  int  // heading level
	setext bool // setext heading
	r      rng  // whole block
	text   rng  // heading text (trimmed)
	lines  []rng
	// table: lines[0] is the header, lines[1] the delimiter, the rest
	// rows. Paragraph, code: its lines. List: one line per item.
	links []lnk
	info  string // fenced code info string
}

// md is one goldmark parser; not safe for concurrent use.
type md struct {
	p    gparser.Parser
	buf  []byte            // the loader's read buffer for this worker
	strs map[string]string // interned values (builder.plainI), per worker
	// rule entries ("<b>ID</b>: description") by their raw text: the
	// ID and description of each, one lookup for the two
	entries map[string]ruleStrs

	// Scratch reused page after page: the blocks of the page being
	// parsed, and the line ranges and links they slice. The model keeps
	// none of them (TestModelKeepsNoPageBytes parses with them reused).
	blks  []block
	rngs  []rng
	lnks  []lnk
	lines model.Lines
	sc    scratch
}

// scratch is what the builder of each page reuses from the page before:
// table cells (builder.row) and a cell's lines (builder.brLines).
type scratch struct {
	cells []rng
	// the rows of the page's tables and their ranges (readTable)
	rows  [][]rng
	rowR  []rng
	lines []rng
	// the tables of the page being parsed (builder.tables: each page
	// kind reads them once)
	tables []titled
	// a rules cell's rules and headings (builder.rulesCell)
	rules []model.Rule
	ttps  []model.TTP
	// a text looked at and not kept (appendPlain)
	text []byte
	// the block the page's counts are cut from (newCount; never reset:
	// the counts are the model's)
	counts []model.Count
}

func newMD() *md {
	// No inline parsers: links are read by scanLinks from the block
	// lines goldmark found (see the package doc).
	p := gparser.NewParser(
		gparser.WithBlockParsers(gparser.DefaultBlockParsers()...),
		gparser.WithParagraphTransformers(gparser.DefaultParagraphTransformers()...),
		gparser.WithParagraphTransformers(util.Prioritized(tableTransformer{}, 200)),
	)
	return &md{p: p, strs: make(map[string]string, 1024), entries: make(map[string]ruleStrs, 1024)}
}

var mdPool = sync.Pool{New: func() any { return newMD() }}

// blocks parses src and returns its top-level blocks in order. They
// are valid until the next call.
func (m *md) blocks(src []byte) []block {
	if out, ok := m.fastBlocks(src); ok {
		return out
	}
	return m.goldmarkBlocks(src)
}

// goldmarkBlocks is blocks by goldmark, for any page.
func (m *md) goldmarkBlocks(src []byte) []block {
	doc := m.p.Parse(text.NewReader(src))
	m.rngs, m.lnks = m.rngs[:0], m.lnks[:0]
	out := m.blks[:0]
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		out = append(out, m.toBlock(src, n))
	}
	m.blks = out
	return out
}

func lineEnd(src []byte, i int) int {
	if i < 0 {
		i = 0
	}
	if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
		e := i + j
		if e > i && src[e-1] == '\r' {
			e--
		}
		return e
	}
	e := len(src)
	if e > i && src[e-1] == '\r' {
		e--
	}
	return e
}

func lineStart(src []byte, i int) int {
	if i > len(src) {
		i = len(src)
	}
	for i > 0 && src[i-1] != '\n' && src[i-1] != '\r' {
		i--
	}
	return i
}

// nextLine returns the start of the line after the one holding i.
func nextLine(src []byte, i int) int {
	e := lineEnd(src, i)
	if e < len(src) && src[e] == '\r' {
		e++
	}
	if e < len(src) && src[e] == '\n' {
		e++
	}
	return e
}

// segLines returns the lines of n, trimmed of their line breaks, from
// the scratch of m.
func (m *md) segLines(src []byte, n ast.Node) []rng {
	ls := n.Lines()
	from := len(m.rngs)
	for i := 0; i < ls.Len(); i++ {
		s := ls.At(i)
		e := s.Stop
		for e > s.Start && (src[e-1] == '\n' || src[e-1] == '\r') {
			e--
		}
		m.rngs = append(m.rngs, rng{s.Start, e})
	}
	return m.rngs[from:len(m.rngs):len(m.rngs)]
}

// scanLinks finds the inline links [text](dest) in the given lines, in
// order, into the scratch of m.
func (m *md) scanLinks(src []byte, lines []rng) []lnk {
	from := len(m.lnks)
	m.lnks = appendLinks(m.lnks, src, lines)
	if len(m.lnks) == from {
		return nil
	}
	return m.lnks[from:len(m.lnks):len(m.lnks)]
}

func (m *md) toBlock(src []byte, n ast.Node) block {
	switch n := n.(type) {
	case *ast.Heading:
		if ls := m.segLines(src, n); len(ls) > 0 {
			return m.headingBlock(src, n.Level, ls)
		}
		p := n.Pos()
		if p < 0 {
			p = 0
		}
		b := block{kind: bHeading, level: n.Level}
		b.r = rng{lineStart(src, p), lineEnd(src, p)}
		b.text = rng{b.r.e, b.r.e}
		return b
	case *pipeTable:
		return m.tableBlock(src, n.rows)
	case *ast.Paragraph:
		return m.paraBlock(src, m.segLines(src, n))
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		var info string
		if f, ok := n.(*ast.FencedCodeBlock); ok && f.Info != nil {
			info = string(f.Info.Segment.Value(src))
		}
		b := codeBlock(m.segLines(src, n), info)
		if len(b.lines) == 0 {
			if p := n.Pos(); p >= 0 {
				b.r = rng{p, p}
			}
		}
		return b
	case *ast.List:
		b := block{kind: bList}
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			var first ast.Node
			for c := it.FirstChild(); c != nil; c = c.NextSibling() {
				if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
					first = c
					break
				}
			}
			if first == nil {
				continue
			}
			ls := m.segLines(src, first)
			r := rng{ls[0].s, ls[len(ls)-1].e}
			b.lines = append(b.lines, r)
			b.links = append(b.links, m.scanLinks(src, ls)...)
		}
		if len(b.lines) > 0 {
			b.r = rng{lineStart(src, b.lines[0].s), b.lines[len(b.lines)-1].e}
		}
		return b
	case *ast.HTMLBlock:
		return linesBlock(bHTML, m.segLines(src, n))
	default:
		return linesBlock(bOther, m.segLines(src, n))
	}
}

// The blocks of both scanners (goldmark's and fastBlocks) are made by
// the functions below, from the lines each found.

// headingBlock is an ATX heading (ls: its text) or a setext heading (ls:
// the lines above the underline).
func (m *md) headingBlock(src []byte, level int, ls []rng) block {
	b := block{kind: bHeading, level: level}
	b.text = trim(src, rng{ls[0].s, ls[len(ls)-1].e})
	ls0 := lineStart(src, ls[0].s)
	b.r = rng{ls0, lineEnd(src, ls[len(ls)-1].e)}
	// setext: the underline follows the text
	nl := nextLine(src, ls[len(ls)-1].e)
	if nl < len(src) && (src[nl] == '=' || src[nl] == '-') && !bytes.HasPrefix(bytes.TrimLeft(src[ls0:ls[0].s], " "), []byte("#")) {
		b.setext = true
		b.r.e = lineEnd(src, nl)
	}
	one := [1]rng{b.text}
	b.links = m.scanLinks(src, one[:])
	return b
}

func (m *md) tableBlock(src []byte, rows []rng) block {
	b := block{kind: bTable, lines: rows}
	b.r = rng{rows[0].s, rows[len(rows)-1].e}
	b.links = m.scanLinks(src, b.lines)
	return b
}

func (m *md) paraBlock(src []byte, lines []rng) block {
	b := block{kind: bPara, lines: lines}
	if len(b.lines) > 0 {
		b.lines[0].s = lineStart(src, b.lines[0].s)
		b.r = rng{b.lines[0].s, b.lines[len(b.lines)-1].e}
	}
	b.links = m.scanLinks(src, b.lines)
	return b
}

func codeBlock(lines []rng, info string) block {
	b := linesBlock(bCode, lines)
	b.info = info
	return b
}

func linesBlock(kind blockKind, lines []rng) block {
	b := block{kind: kind, lines: lines}
	if len(b.lines) > 0 {
		b.r = rng{b.lines[0].s, b.lines[len(b.lines)-1].e}
	}
	return b
}

// appendLinks appends the inline links [text](dest) of the given lines
// to out, in order. Backslash-escaped brackets and code spans are
// skipped.
func appendLinks(out []lnk, src []byte, lines []rng) []lnk {
	for _, r := range lines {
		i := r.s
		// Most lines hold no code span and no escape: then only '['
		// matters, and IndexByte finds it many times faster than
		// IndexAny.
		plain := bytes.IndexByte(src[r.s:r.e], '`') < 0 && bytes.IndexByte(src[r.s:r.e], '\\') < 0
		for i < r.e {
			var j int
			if plain {
				j = bytes.IndexByte(src[i:r.e], '[')
			} else {
				j = bytes.IndexAny(src[i:r.e], "[`\\")
			}
			if j < 0 {
				break
			}
			i += j
			switch src[i] {
			case '\\':
				i += 2
				continue
			case '`':
				n := 1
				for i+n < r.e && src[i+n] == '`' {
					n++
				}
				fence := src[i : i+n]
				if k := bytes.Index(src[i+n:r.e], fence); k >= 0 {
					i += n + k + n
				} else {
					i += n
				}
				continue
			}
			if k, ok := matchLink(src[:r.e], i); ok {
				out = append(out, k)
				i = k.all.e
				continue
			}
			i++
		}
	}
	return out
}

// maxLinkText is the longest link text matchLink looks for.
const maxLinkText = 4096

// matchLink reads an inline link [text](dest "title") starting at the
// '[' at i.
func matchLink(src []byte, i int) (lnk, bool) {
	if i >= len(src) || src[i] != '[' {
		return lnk{}, false
	}
	depth := 0
	j := i
	// Link texts of these pages are short; bounding the search keeps a
	// line of thousands of unclosed '[' linear rather than quadratic.
	limit := min(len(src), i+maxLinkText)
	for ; j < limit; j++ {
		c := src[j]
		if c == '\\' {
			j++
			continue
		}
		if c == '\n' && j+1 < len(src) && src[j+1] == '\n' {
			return lnk{}, false
		}
		if c == '[' {
			depth++
		} else if c == ']' {
			depth--
			if depth == 0 {
				break
			}
		}
	}
	if j >= limit || j+1 >= len(src) || src[j+1] != '(' {
		return lnk{}, false
	}
	textEnd := j
	k := j + 2
	for k < len(src) && (src[k] == ' ' || src[k] == '\t') {
		k++
	}
	ds := k
	var de int
	if k < len(src) && src[k] == '<' {
		e := bytes.IndexByte(src[k:], '>')
		if e < 0 {
			return lnk{}, false
		}
		ds = k + 1
		de = k + e
		k = k + e + 1
	} else {
		pd := 0
		for ; k < len(src); k++ {
			c := src[k]
			if c == '\\' {
				k++
				continue
			}
			if c == '(' {
				pd++
			} else if c == ')' {
				if pd == 0 {
					break
				}
				pd--
			} else if c == ' ' || c == '\n' || c == '\r' || c == '\t' {
				break
			}
		}
		de = k
	}
	// optional title, then ')'
	for k < len(src) && src[k] != ')' && src[k] != '\n' {
		if src[k] == '"' || src[k] == '\'' {
			q := src[k]
			e := bytes.IndexByte(src[k+1:], q)
			if e < 0 {
				return lnk{}, false
			}
			k += e + 2
			continue
		}
		k++
	}
	if k >= len(src) || src[k] != ')' {
		return lnk{}, false
	}
	return lnk{all: rng{i, k + 1}, text: rng{i + 1, textEnd}, dest: rng{ds, de}}, true
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// trim narrows r to exclude surrounding white space.
func trim(src []byte, r rng) rng {
	for r.s < r.e && isSpace(src[r.s]) {
		r.s++
	}
	for r.e > r.s && isSpace(src[r.e-1]) {
		r.e--
	}
	return r
}
