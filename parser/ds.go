package parser

import (
	"bytes"
	"strings"

	"mdlint/model"
)

func isMatrixTitle(s []byte) bool {
	return bytes.Contains(s, []byte("ATT&CK")) && (bytes.Contains(s, []byte("Matrix")) || bytes.Contains(s, []byte("Framework")))
}

func (b *builder) dataSource(num int) {
	ds := &model.DataSource{PageNumber: num, Base: baseOf(b.page.Path, num)}
	found := false
	for i := range b.blocks {
		bl := &b.blocks[i]
		switch bl.kind {
		case bHeading:
			if v, ok := b.headingValue(bl, "Vendor"); ok {
				ds.Vendor, found = v, true
			} else if v, ok := b.headingValue(bl, "Product"); ok {
				ds.Product, found = v, true
			}
		case bPara:
			if n := b.nextLink(bl.links); n != nil && ds.Next == nil {
				ds.Next = n
			}
		}
	}
	for _, tt := range b.tables() {
		t := tt.t
		names := b.headerNames(t)
		if n := b.nextLink(t.extra); n != nil && ds.Next == nil {
			ds.Next = n
		}
		switch {
		case isSummaryHeader(names):
			if ds.Summary == nil {
				ds.Summary = b.summary(t)
				found = true
			}
		case col(names, isUseCaseHeader) >= 0:
			ds.RowsHeader = names
			ds.Rows = append(ds.Rows, b.useCaseRows(t, names)...)
			found = true
		case tt.head != nil && isMatrixTitle(b.look(tt.head.text)) || hasAttackLinks(b.src, t.links):
			if ds.Matrix == nil {
				ds.Matrix = b.matrix(t, tt.head)
			}
		}
	}
	if !found {
		b.page.Dialect = "unrecognised data source page: no Vendor/Product heading, summary or use-case table"
		return
	}
	b.page.Kind = model.KindDataSource
	b.page.DataSource = ds
	b.page.Dialect = dsDialect(ds)
}

// baseOf returns the file name of the first page of a chain.
func baseOf(p string, num int) string {
	i := strings.LastIndexByte(p, '/')
	base := p[i+1:]
	if num > 1 {
		if j := strings.Index(base, "_ds_"); j >= 0 {
			return base[j+1:]
		}
	}
	return base
}

func dsDialect(ds *model.DataSource) string {
	var hs []string
	if ds.Summary != nil {
		hs = ds.Summary.Headers
	} else {
		hs = ds.RowsHeader
	}
	h := strings.Join(hs, "|")
	switch {
	case strings.Contains(h, "Activity Type"):
		return "2026"
	case strings.Contains(h, "ATT&CK"):
		return "2024"
	case strings.Contains(h, "TTP"):
		return "2022"
	}
	return "unknown"
}

func isUseCaseHeader(s string) bool {
	return s == "Use-Case" || s == "Use Case" || s == "Use-Cases" || s == "Use Cases"
}

func (b *builder) nextLink(ls []lnk) *model.Link {
	for _, l := range ls {
		if bytes.HasPrefix(bytes.TrimSpace(b.src[l.text.s:l.text.e]), []byte("Next Page")) {
			return b.link(l)
		}
	}
	return nil
}

func hasAttackLinks(src []byte, ls []lnk) bool {
	for _, l := range ls {
		if bytes.Contains(src[l.dest.s:l.dest.e], []byte("attack.mitre.org")) {
			return true
		}
	}
	return false
}

func isEventHeader(s string) bool {
	return strings.Contains(s, "Event Type") || strings.Contains(s, "Activity Type")
}

func (b *builder) useCaseRows(t table, names []string) []model.UseCaseRow {
	var out []model.UseCaseRow
	for _, r := range b.contentRows(t, names, isUseCaseHeader) {
		out = append(out, model.UseCaseRow{UseCase: r.name, UseCaseURL: r.link, EventTypes: r.events, TTPs: r.ttps, Content: r.content, Span: r.span})
	}
	return out
}

// contentRow is what the use-case rows of data source pages and the
// product rows of use-case pages share: a linked name (use case or
// product), event types, TTPs and a content link.
type contentRow struct {
	name    model.Text
	link    *model.Link
	events  []model.EventType
	ttps    []model.TTP
	content *model.Content
	span    model.Span
}

// contentRows reads the rows of such a table; nameCol picks the header
// of the name column.
func (b *builder) contentRows(t table, names []string, nameCol func(string) bool) []contentRow {
	nC := col(names, nameCol)
	evC := col(names, isEventHeader)
	ttC := col(names, func(s string) bool { return strings.Contains(s, "TTP") })
	coC := col(names, func(s string) bool { return s == "Content" })
	out := make([]contentRow, 0, len(t.rows))
	for i, row := range t.rows {
		rr := t.rowR[i]
		links := linksIn(t.links, rr)
		u := contentRow{span: b.span(rr)}
		if c, ok := cell(row, nC); ok {
			if ls := linksIn(links, c); len(ls) > 0 {
				u.link = b.link(ls[0])
				u.name = model.Text{Value: u.link.Text, Span: b.span(ls[0].text)}
			} else {
				u.name = b.ptext(c) // use cases repeat across products
			}
		}
		if c, ok := cell(row, evC); ok {
			u.events = b.eventTypes(c, linksIn(links, c))
		}
		if c, ok := cell(row, ttC); ok {
			u.ttps = b.ttpCell(c, linksIn(links, c))
		}
		if c, ok := cell(row, coC); ok {
			u.content = b.content(c, linksIn(links, c))
		}
		out = append(out, u)
	}
	return out
}

// eventTypes reads "type<br> ↳[parser](Ps/pC_x.md)<br><br> type2 ...".
func (b *builder) eventTypes(c rng, links []lnk) []model.EventType {
	var out []model.EventType
	if bytes.Contains(b.src[c.s:c.e], []byte("<li>")) && len(links) == 0 {
		// use-case pages: <ul><li>type</li><li>type2</li></li></ul>
		for _, it := range liItems(b.src, c) {
			out = append(out, model.EventType{Name: b.ptext(unquote(b.src, it))})
		}
		return out
	}
	// the parser links of all the cell's event types share one slice
	// (each type's are consecutive), cut when the next type starts
	refs := make([]model.ParserRef, 0, len(links))
	from := 0
	cut := func() {
		if len(out) > 0 && len(refs) > from {
			out[len(out)-1].Parsers = refs[from:len(refs):len(refs)]
		}
		from = len(refs)
	}
	lines := b.brLines(c, links)
	n := 0
	for _, l := range lines {
		if l.s < l.e && !hasPrefixAt(b.src, l, arrow) {
			n++
		}
	}
	out = make([]model.EventType, 0, max(n, 1))
	for _, l := range lines {
		if l.s == l.e {
			continue
		}
		if hasPrefixAt(b.src, l, arrow) {
			if len(out) == 0 {
				out = append(out, model.EventType{Name: model.Text{Span: b.span(rng{l.s, l.s})}})
			}
			for _, k := range linksIn(links, l) {
				refs = append(refs, model.ParserRef{Link: b.link(k)})
			}
			continue
		}
		cut()
		out = append(out, model.EventType{Name: b.ptext(l)})
	}
	cut()
	return out
}

// ttpCell reads "T1048.003 - Name<br>T1110 - Brute Force<br>".
func (b *builder) ttpCell(c rng, links []lnk) []model.TTP {
	lines := b.brLines(c, links)
	out := make([]model.TTP, 0, len(lines)) // one allocation: a line holds at most one
	for _, l := range lines {
		l = stripTags(b.src, l)
		if l.s == l.e {
			continue
		}
		out = append(out, b.ttp(l))
	}
	return out
}

// ttp reads one "ID - Name" token.
func (b *builder) ttp(r rng) model.TTP {
	r = stripTags(b.src, r)
	s := b.src[r.s:r.e]
	idR, nameR := r, rng{r.e, r.e}
	if i := bytes.Index(s, []byte(" - ")); i >= 0 {
		idR = trim(b.src, rng{r.s, r.s + i})
		nameR = trim(b.src, rng{r.s + i + 3, r.e})
	} else if i := bytes.IndexByte(s, ' '); i >= 0 && looksLikeID(s[:i]) {
		idR = rng{r.s, r.s + i}
		nameR = trim(b.src, rng{r.s + i, r.e})
		if nameR.s < nameR.e && b.src[nameR.s] == '-' {
			nameR = trim(b.src, rng{nameR.s + 1, nameR.e})
		}
	}
	// positions left to right: the line table continues from the last
	// one instead of searching again (model.Lines.Pos)
	l := b.lines
	start := l.Pos(r.s)
	idSpan := model.Span{Start: l.Pos(idR.s), End: l.Pos(idR.e)}
	nameSpan := model.Span{Start: l.Pos(nameR.s), End: l.Pos(nameR.e)}
	return model.NewTTP(b.rawI(idR), b.plainI(nameR), model.Span{Start: start, End: l.Pos(r.e)}, idSpan, nameSpan)
}

func looksLikeID(s []byte) bool {
	return len(s) >= 5 && s[0] == 'T' && s[1] >= '0' && s[1] <= '9' || len(s) >= 6 && s[0] == 'T' && s[1] == 'A'
}

// content reads [<ul><li>34 Rules</li></ul><ul><li>16 Models</li></ul>](RM/...).
func (b *builder) content(c rng, links []lnk) *model.Content {
	if len(links) == 0 {
		if c.s == c.e {
			return nil
		}
		ct := &model.Content{Link: &model.Link{Text: plain(b.src, c), Span: b.span(c)}}
		b.contentNumbers(ct, c)
		return ct
	}
	ct := &model.Content{Link: b.link(links[0])}
	b.contentNumbers(ct, links[0].text)
	return ct
}

func (b *builder) contentNumbers(ct *model.Content, r rng) {
	s := b.src
	for i := r.s; i < r.e; i++ {
		if s[i] < '0' || s[i] > '9' || (i > r.s && s[i-1] >= '0' && s[i-1] <= '9') {
			continue
		}
		j := i
		for j < r.e && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		k := j
		for k < r.e && s[k] == ' ' {
			k++
		}
		n, ok := atoi(s[i:j])
		if !ok {
			i = j
			continue
		}
		cnt := b.newCount(model.Count{Value: n, Valid: true, Span: b.span(rng{i, j})})
		switch {
		case bytes.HasPrefix(s[k:r.e], []byte("Rule")):
			if ct.Rules == nil {
				ct.Rules = cnt
			}
		case bytes.HasPrefix(s[k:r.e], []byte("Model")):
			if ct.Models == nil {
				ct.Models = cnt
			}
		}
		i = j
	}
}

// matrix reads an ATT&CK matrix table: tactic columns, technique links.
func (b *builder) matrix(t table, head *block) *model.Matrix {
	m := &model.Matrix{Span: b.span(t.r)}
	if head != nil {
		m.Title = b.text(head.text)
	}
	for _, h := range t.header {
		m.Columns = append(m.Columns, model.MatrixColumn{Tactic: b.ptext(stripTags(b.src, h))})
	}
	for _, row := range t.rows {
		for i, c := range row {
			if i >= len(m.Columns) {
				break
			}
			for _, k := range linksIn(t.links, c) {
				m.Columns[i].Techniques = append(m.Columns[i].Techniques, model.MatrixLink{Link: b.link(k)})
			}
		}
	}
	return m
}

// liItems returns the trimmed, non-empty contents of the <li> items in r.
func liItems(src []byte, r rng) []rng {
	var out []rng
	i := r.s
	for {
		j := bytes.Index(src[i:r.e], []byte("<li>"))
		if j < 0 {
			return out
		}
		s := i + j + len("<li>")
		e := s
		for e < r.e && src[e] != '<' {
			e++
		}
		if it := trim(src, rng{s, e}); it.s < it.e {
			out = append(out, it)
		}
		i = e
	}
}

// unquote narrows r past one pair of surrounding double quotes.
func unquote(src []byte, r rng) rng {
	if r.e-r.s >= 2 && src[r.s] == '"' && src[r.e-1] == '"' {
		return rng{r.s + 1, r.e - 1}
	}
	return r
}
