package parser

import (
	"github.com/yuin/goldmark/ast"
	gparser "github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// pipeTable is a GFM table found in a paragraph: only its line ranges.
// The cells are read by the page grammars (splitRow), so goldmark builds
// no cell nodes and parses no cell inlines; on these pages that halves
// goldmark's time and allocations (see docs/performance.md).
type pipeTable struct {
	ast.BaseBlock
	rows []rng // header, delimiter row, body rows (no line endings)
}

var kindPipeTable = ast.NewNodeKind("PipeTable")

func (n *pipeTable) Kind() ast.NodeKind { return kindPipeTable }

func (n *pipeTable) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// tableTransformer turns the part of a paragraph that starts with a
// header row followed by a delimiter row into a pipeTable, as GFM's
// table extension does: the header must have as many cells as the
// delimiter row, and the table runs to the end of the paragraph.
type tableTransformer struct{}

func (tableTransformer) Transform(node *ast.Paragraph, reader text.Reader, pc gparser.Context) {
	lines := node.Lines()
	if lines.Len() < 2 {
		return
	}
	src := reader.Source()
	for i := 1; i < lines.Len(); i++ {
		d := segRange(src, lines.At(i))
		n := delimCells(src, d)
		if n == 0 {
			continue
		}
		h := segRange(src, lines.At(i-1))
		if countCells(src, h) != n {
			return
		}
		t := &pipeTable{rows: make([]rng, 0, lines.Len()-i+1)}
		for j := i - 1; j < lines.Len(); j++ {
			t.rows = append(t.rows, segRange(src, lines.At(j)))
		}
		node.Lines().SetSliced(0, i-1)
		node.Parent().InsertAfter(node.Parent(), node, t)
		if node.Lines().Len() == 0 {
			node.Parent().RemoveChild(node.Parent(), node)
		}
		return
	}
}

// segRange returns a segment's range without its line ending, starting
// at the line start (segments inside containers may skip indentation).
func segRange(src []byte, s text.Segment) rng {
	e := s.Stop
	for e > s.Start && (src[e-1] == '\n' || src[e-1] == '\r') {
		e--
	}
	return rng{s.Start, e}
}

// delimCells returns the number of cells of a GFM delimiter row
// (|:---|---:| or --- | ---), or 0 when r is not one.
func delimCells(src []byte, r rng) int {
	r = trim(src, r)
	if r.s == r.e {
		return 0
	}
	pipes := 0
	for i := r.s; i < r.e; i++ {
		switch src[i] {
		case '|':
			pipes++
		case '-', ':', ' ', '\t':
		default:
			return 0
		}
	}
	cells := splitRow(src, r)
	for _, c := range cells {
		if c.s == c.e {
			return 0
		}
		s, e := c.s, c.e
		if src[s] == ':' {
			s++
		}
		if e > s && src[e-1] == ':' {
			e--
		}
		if s == e {
			return 0
		}
		for i := s; i < e; i++ {
			if src[i] != '-' {
				return 0
			}
		}
	}
	if pipes == 0 && len(cells) == 1 {
		return 0 // a bare "---" is a setext underline or a thematic break
	}
	return len(cells)
}
