package model

import "encoding/json"

// A library lists some 90,000 TTP tokens, each with three spans on one
// line: the token, its ID and its name. They are kept as the token's
// start (line, offset, column) and the other five places as distances
// from it that fit 16 bits: 72 bytes a token instead of 104. Spans that
// do not fit that form (on other lines, too far apart, or unset while
// another is set) are kept whole, apart.

// ttpAt is where a TTP's spans are.
type ttpAt struct {
	line, off, col int32
	// offset and column from the start: ID start, ID end, name start,
	// name end, token end
	d [5][2]uint16
	// the spans as they were given, when they do not fit the form
	far *[3]Span
}

// NewTTP returns the token id and name whose spans are span (the whole
// token), idSpan and nameSpan.
func NewTTP(id, name string, span, idSpan, nameSpan Span) TTP {
	t := TTP{ID: id, Name: name}
	if span.IsZero() && idSpan.IsZero() && nameSpan.IsZero() {
		return t
	}
	start := span.Start
	t.at = ttpAt{line: start.Line, off: start.Offset, col: start.Col}
	for i, p := range [5]Pos{idSpan.Start, idSpan.End, nameSpan.Start, nameSpan.End, span.End} {
		do, dc := p.Offset-start.Offset, p.Col-start.Col
		if p.Line != start.Line || do < 0 || do > 0xffff || dc < 0 || dc > 0xffff {
			t.at = ttpAt{far: &[3]Span{span, idSpan, nameSpan}}
			return t
		}
		t.at.d[i] = [2]uint16{uint16(do), uint16(dc)}
	}
	return t
}

// pos is the place i of t.at.d as a position; -1 is the token's start.
func (t *TTP) pos(i int) Pos {
	p := Pos{Offset: t.at.off, Line: t.at.line, Col: t.at.col}
	if i >= 0 {
		p.Offset += int32(t.at.d[i][0])
		p.Col += int32(t.at.d[i][1])
	}
	return p
}

// span is the span from place from to place to (see pos), or the k-th
// span kept whole.
func (t *TTP) span(k, from, to int) Span {
	switch {
	case t.at.far != nil:
		return t.at.far[k]
	case t.at.line == 0:
		return Span{}
	}
	return Span{Start: t.pos(from), End: t.pos(to)}
}

// Span is where the whole token is.
func (t *TTP) Span() Span { return t.span(0, -1, 4) }

// IDSpan is where the ID is.
func (t *TTP) IDSpan() Span { return t.span(1, 0, 1) }

// NameSpan is where the name is (empty at the token's end when the
// token has none).
func (t *TTP) NameSpan() Span { return t.span(2, 2, 3) }

// ttpJSON is a TTP as the model's JSON shows it (docs/model.md).
type ttpJSON struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Span     Span   `json:"span"`
	IDSpan   Span   `json:"id_span"`
	NameSpan Span   `json:"name_span"`
}

// MarshalJSON writes t with its three spans.
func (t TTP) MarshalJSON() ([]byte, error) {
	return json.Marshal(ttpJSON{t.ID, t.Name, t.Span(), t.IDSpan(), t.NameSpan()})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (t *TTP) UnmarshalJSON(b []byte) error {
	var j ttpJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*t = NewTTP(j.ID, j.Name, j.Span, j.IDSpan, j.NameSpan)
	return nil
}
