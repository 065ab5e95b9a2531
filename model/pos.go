package model

import (
	"fmt"
	"unicode/utf8"
)

// Pos is a place in a page: a byte offset and its 1-based line and
// column. Columns count code points, as editors and SARIF do; the offset
// is kept for edits.
type Pos struct {
	Offset int `json:"offset"`
	Line   int `json:"line"`
	Col    int `json:"column"`
}

// Span is a half-open byte range of a page with its start and end
// positions.
type Span struct {
	Start Pos `json:"start"`
	End   Pos `json:"end"`
}

// IsZero reports whether s was never set.
func (s Span) IsZero() bool { return s.Start.Line == 0 }

// String formats s as line:col.
func (s Span) String() string { return fmt.Sprintf("%d:%d", s.Start.Line, s.Start.Col) }

// Lines converts byte offsets of one page to positions. It understands
// LF, CRLF and lone CR line endings. Lookups in increasing offset order
// within a line are amortised O(1), which matters on generated pages
// whose table lines reach hundreds of kilobytes.
type Lines struct {
	src    []byte
	starts []int // byte offset of each line start

	// cursor for amortised column computation
	curLine, curOff, curCol int
}

// NewLines indexes src.
func NewLines(src []byte) *Lines {
	l := &Lines{src: src, starts: make([]int, 1, 64)}
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\n':
			l.starts = append(l.starts, i+1)
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			l.starts = append(l.starts, i+1)
		}
	}
	l.curLine = -1
	return l
}

// Count returns the number of lines.
func (l *Lines) Count() int { return len(l.starts) }

// LineStart returns the byte offset where 1-based line n starts.
func (l *Lines) LineStart(n int) int {
	if n < 1 {
		return 0
	}
	if n > len(l.starts) {
		return len(l.src)
	}
	return l.starts[n-1]
}

// Pos converts a byte offset to a position. Offsets beyond the source
// are clamped to its end.
func (l *Lines) Pos(off int) Pos {
	if off < 0 {
		off = 0
	}
	if off > len(l.src) {
		off = len(l.src)
	}
	// binary search for the line
	lo, hi := 0, len(l.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if l.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	line := lo
	from, col := l.starts[line], 1
	if l.curLine == line && l.curOff <= off {
		from, col = l.curOff, l.curCol
	}
	col += utf8.RuneCount(l.src[from:off])
	l.curLine, l.curOff, l.curCol = line, off, col
	return Pos{Offset: off, Line: line + 1, Col: col}
}

// Span converts a byte range to a span.
func (l *Lines) Span(start, end int) Span {
	return Span{Start: l.Pos(start), End: l.Pos(end)}
}
