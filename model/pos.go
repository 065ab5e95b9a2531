package model

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
)

// Pos is a place in a page: a byte offset and its 1-based line and
// column. Columns count code points, as editors and SARIF do; the offset
// is kept for edits. The fields are 32 bits wide: pages are at most a
// few tens of megabytes (parser.MaxPageSize), and the model holds
// millions of positions, so the width is a third of its memory.
type Pos struct {
	Offset int32 `json:"offset"`
	Line   int32 `json:"line"`
	Col    int32 `json:"column"`
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
// LF, CRLF and lone CR line endings. Columns count code points (for
// invalid UTF-8: the bytes that are not UTF-8 continuation bytes). Long
// lines get lazily built checkpoints, so any lookup scans at most
// checkpointEvery bytes: generated table lines reach hundreds of
// kilobytes and hold thousands of items.
type Lines struct {
	src    []byte
	starts []int // byte offset of each line start
	cps    map[int][]int32
	cpBuf  []int32 // backing store of the checkpoints (reused by Reset)
	last   int     // line of the previous lookup
	// the previous position on a long line: builders ask for positions
	// left to right, so the next one is usually a short scan further
	curOff, curCol int // curCol 0: none
}

const checkpointEvery = 64

// NewLines indexes src.
func NewLines(src []byte) *Lines {
	l := &Lines{}
	l.Reset(src)
	return l
}

// Reset makes l index src instead, reusing its storage: a loader that
// reads thousands of pages keeps one Lines per worker. Positions taken
// before stay valid (they are values).
func (l *Lines) Reset(src []byte) {
	if l.starts == nil {
		l.starts = make([]int, 1, 64)
	}
	l.src, l.starts, l.last, l.curCol = src, l.starts[:1], 0, 0
	l.starts[0] = 0
	if len(l.cps) > 256 {
		l.cps = nil // clearing costs the map's room: start small again
	} else if l.cps != nil {
		clear(l.cps)
	}
	l.cpBuf = l.cpBuf[:0]
	if bytes.IndexByte(src, '\r') < 0 {
		// LF only (nearly every page): let IndexByte find the breaks
		for i := 0; ; {
			j := bytes.IndexByte(src[i:], '\n')
			if j < 0 {
				break
			}
			i += j + 1
			l.starts = append(l.starts, i)
		}
		return
	}
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

// countRunes counts the bytes of b that are not UTF-8 continuation bytes
// (10xxxxxx): the code points of valid UTF-8. Eight bytes at a time.
func countRunes(b []byte) int {
	n := len(b)
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		// a continuation byte has bit 7 set and bit 6 clear
		c := (x >> 7) &^ (x >> 6) & 0x0101010101010101
		n -= bits.OnesCount64(c)
	}
	for ; i < len(b); i++ {
		if b[i]&0xC0 == 0x80 {
			n--
		}
	}
	return n
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
	lo := l.last
	if lo >= len(l.starts) || l.starts[lo] > off || (lo+1 < len(l.starts) && l.starts[lo+1] <= off) {
		// not on the line of the previous lookup: binary search
		lo = 0
		hi := len(l.starts) - 1
		for lo < hi {
			mid := (lo + hi + 1) / 2
			if l.starts[mid] <= off {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		l.last = lo
		l.curCol = 0
	}
	ls := l.starts[lo]
	d := off - ls
	var col int
	switch {
	case d < checkpointEvery:
		col = 1 + countRunes(l.src[ls:off])
	case l.curCol > 0 && l.curOff <= off && off-l.curOff < 2*checkpointEvery:
		col = l.curCol + countRunes(l.src[l.curOff:off])
	case l.curCol > 0 && off < l.curOff && l.curOff-off < 2*checkpointEvery:
		// a step back, as from a cell's end to a link inside it
		col = l.curCol - countRunes(l.src[off:l.curOff])
	default:
		cp := l.checkpoints(lo)
		k := d / checkpointEvery
		if k >= len(cp) {
			k = len(cp) - 1
		}
		from := ls + k*checkpointEvery
		col = 1 + int(cp[k]) + countRunes(l.src[from:off])
	}
	// every position becomes the cursor, those near the line start too:
	// a builder that goes back to the start of a long line (after the
	// pass over its links) then continues from there without building
	// the line's checkpoints
	l.curOff, l.curCol = off, col
	return Pos{Offset: int32(off), Line: int32(lo + 1), Col: int32(col)}
}

// checkpoints returns, for line i, the rune count before every
// checkpointEvery-th byte.
func (l *Lines) checkpoints(i int) []int32 {
	if cp, ok := l.cps[i]; ok {
		return cp
	}
	if l.cps == nil {
		l.cps = make(map[int][]int32)
	}
	ls := l.starts[i]
	le := len(l.src)
	if i+1 < len(l.starts) {
		le = l.starts[i+1]
	}
	from := len(l.cpBuf)
	n := 0
	for p := ls; p < le; p += checkpointEvery {
		l.cpBuf = append(l.cpBuf, int32(n))
		n += countRunes(l.src[p:min(p+checkpointEvery, le)])
	}
	cp := l.cpBuf[from:len(l.cpBuf):len(l.cpBuf)]
	l.cps[i] = cp
	return cp
}

// Span converts a byte range to a span.
func (l *Lines) Span(start, end int) Span {
	return Span{Start: l.Pos(start), End: l.Pos(end)}
}
