package parser

import (
	"bytes"
	"path"
	"strings"
	"unicode/utf8"

	"mdlint/model"
)

// ParsePage parses one page. path is the page's slash path relative to
// the library root; it decides the candidate kind, which the content
// then confirms. ParsePage never panics on any input: a page it cannot
// read becomes a page of kind unknown with Err set.
func ParsePage(p string, src []byte) *model.Page {
	m := mdPool.Get().(*md)
	defer mdPool.Put(m)
	return m.parsePage(p, src)
}

func (m *md) parsePage(p string, src []byte) (page *model.Page) {
	page = &model.Page{Path: p, Kind: model.KindUnknown, Size: len(src)}
	if bytes.IndexByte(src, 0) >= 0 {
		page.Err = "binary file (contains NUL bytes)"
		return page
	}
	defer func() {
		if r := recover(); r != nil {
			*page = model.Page{Path: p, Kind: model.KindUnknown, Size: len(src)}
			page.Err = "parser failed on this page (please report it): " + strings.TrimSpace(strings.Split(sprint(r), "\n")[0])
		}
	}()
	kind, num := Classify(p)
	m.lines.Reset(src)
	m.sc.cells, m.sc.rows, m.sc.rowR = m.sc.cells[:0], m.sc.rows[:0], m.sc.rowR[:0]
	b := &builder{src: src, lines: &m.lines, page: page, blocks: m.blocks(src), strs: m.strs, entries: m.entries, sc: &m.sc}
	b.links()
	if !utf8.Valid(src) {
		page.Dialect = "invalid-utf8"
	}
	switch kind {
	case model.KindDataSource:
		b.dataSource(num)
	case model.KindRM, model.KindCR:
		b.rm(kind)
	case model.KindParser:
		b.parserPage()
	case model.KindUseCase:
		b.useCase()
	case model.KindIndex:
		b.index()
	case model.KindMitreMap:
		b.mitreMap()
	case model.KindLegacyDS:
		b.legacyDS()
	case model.KindLegacyUseCase:
		b.legacyUseCase()
	default:
		b.generic()
	}
	b.finish()
	return page
}

// isMarkdownName reports whether a file name ends in .md in any letter
// case, as strings.ToLower(base) would show, without copying the name
// (ToLower copied every name with a capital: all of CIM2's pC_ pages).
func isMarkdownName(base string) bool {
	return len(base) >= 3 && strings.EqualFold(base[len(base)-3:], ".md")
}

// Classify returns the candidate kind of a page from its path and, for
// data source pages, the page number in the chain (1 for ds_x.md).
func Classify(p string) (model.Kind, int) {
	base := path.Base(p)
	dir := path.Dir(p)
	if !isMarkdownName(base) {
		return model.KindUnknown, 0
	}
	parent := path.Base(dir)
	switch {
	case p == base && (base == "Exabeam Data Sources.md" || base == "Exabeam Use Cases.md" ||
		base == "Exabeam Product Categories.md" || base == "Exabeam Correlation Rules.md"):
		return model.KindIndex, 0
	case p == base && base == "MitreMap.md":
		return model.KindMitreMap, 0
	case strings.HasPrefix(base, "ds_"):
		return model.KindDataSource, 1
	case parent == "RM" && strings.HasPrefix(base, "r_m_"), parent == "Rules_Models":
		return model.KindRM, 0
	case parent == "CR" && strings.HasPrefix(base, "c_r_"):
		return model.KindCR, 0
	case parent == "Ps" && strings.HasPrefix(base, "pC_"),
		parent == "Parsers" && strings.HasPrefix(base, "parserContent_"):
		return model.KindParser, 0
	case parent == "UseCases" && strings.HasPrefix(base, "uc_"):
		return model.KindUseCase, 0
	case parent == "UseCases" && strings.HasPrefix(base, "usecase_"):
		return model.KindLegacyUseCase, 0
	case parent == "DataSources" && strings.HasPrefix(base, "datasource_"):
		return model.KindLegacyDS, 0
	}
	// N_ds_x.md
	if i := strings.Index(base, "_ds_"); i > 0 {
		if n, ok := atoi([]byte(base[:i])); ok && n >= 2 {
			return model.KindDataSource, n
		}
	}
	return model.KindUnknown, 0
}

// builder turns the blocks of one page into model items.
type builder struct {
	src    []byte
	lines  *model.Lines
	page   *model.Page
	blocks []block

	sc      *scratch
	strs    map[string]string
	entries map[string]ruleStrs
}

func (b *builder) span(r rng) model.Span { return b.lines.Span(r.s, r.e) }

// look returns plain(b.src, r) in the worker's scratch buffer, for a
// text that is looked at and not kept: valid until the next look.
func (b *builder) look(r rng) []byte {
	b.sc.text = appendPlain(b.sc.text[:0], b.src, r)
	return b.sc.text
}

func (b *builder) text(r rng) model.Text {
	return model.Text{Value: plain(b.src, r), Span: b.span(r)}
}

// ptext is text for the values that repeat across a library (rule and
// model IDs, event types, use cases, tactics, vendor and product
// names): they are interned.
func (b *builder) ptext(r rng) model.Text {
	return model.Text{Value: b.plainI(r), Span: b.span(r)}
}

// plainI is plain, interned in the worker's string table: rule IDs,
// rule descriptions, TTP IDs and names and event types repeat across
// thousands of pages (CIM2 lists 199k rule entries of 1.7k rules), so
// one copy of each serves every page a worker reads.
func (b *builder) plainI(r rng) string {
	raw := b.src[r.s:r.e]
	if s, ok := b.strs[string(raw)]; ok {
		return s
	}
	s := plain(b.src, r)
	if len(b.strs) < maxInterned {
		if s == string(raw) {
			b.strs[s] = s // the key is the value's bytes, not a copy
		} else {
			b.strs[string(raw)] = s
		}
	}
	return s
}

// rawI is the bytes of r as a string, interned like plainI when plain
// would leave them as they are.
func (b *builder) rawI(r rng) string {
	if raw := b.src[r.s:r.e]; !plainIsRaw(raw) {
		return string(raw)
	}
	return b.plainI(r)
}

// maxInterned bounds a worker's string table.
const maxInterned = 1 << 17

// link returns the model link for l, made once per page: the page's
// own (rows point into Page.Links rather than copy them), or a new one
// for a link the page's list lacks.
func (b *builder) link(l lnk) *model.Link {
	ls := b.page.Links
	lo, hi := 0, len(ls)
	for lo < hi {
		m := (lo + hi) / 2
		if int(ls[m].Span.Start.Offset) < l.all.s {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(ls) && int(ls[lo].Span.Start.Offset) == l.all.s {
		return &ls[lo]
	}
	k := b.newLink(l)
	return &k
}

func (b *builder) newLink(l lnk) model.Link {
	return model.Link{
		Text:     b.plainI(l.text), // texts and destinations repeat: parser
		Dest:     b.rawI(l.dest),   // names, "Next Page -->>", "../ds_x.md"
		Span:     b.span(l.all),
		DestSpan: b.span(l.dest),
	}
}

func (b *builder) malformed(reason string, r rng) {
	b.page.Malformed = append(b.page.Malformed, model.Malformed{Reason: reason, Span: b.span(r)})
}

// links records every link of the page, in document order.
func (b *builder) links() {
	n := 0
	for _, bl := range b.blocks {
		n += len(bl.links)
	}
	if n == 0 {
		return
	}
	b.page.Links = make([]model.Link, 0, n)
	for _, bl := range b.blocks {
		for _, l := range bl.links {
			b.page.Links = append(b.page.Links, b.newLink(l))
		}
	}
}

// finish records every comment and the pipe lines that are no table.
func (b *builder) finish() {
	for _, bl := range b.blocks {
		if bl.kind == bPara {
			b.checkPipePara(bl)
		}
	}
	b.comments()
	sortMalformed(b.page.Malformed)
}

func sortMalformed(ms []model.Malformed) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].Span.Start.Offset < ms[j-1].Span.Start.Offset; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

// isPipeLine reports whether a line looks like a table row.
func isPipeLine(src []byte, r rng) bool {
	r = trim(src, r)
	return r.e-r.s >= 2 && src[r.s] == '|' && bytes.Count(src[r.s:r.e], []byte("|")) >= 2
}

// checkPipePara reports paragraphs made of pipe lines: a table goldmark
// did not recognise. Recovered tables (glued header) were already
// reported when they were read.
func (b *builder) checkPipePara(bl block) {
	if bl.kind != bPara || len(bl.lines) == 0 {
		return
	}
	n := 0
	first := -1
	for i, l := range bl.lines {
		if isPipeLine(b.src, l) {
			n++
			if first < 0 {
				first = i
			}
		}
	}
	if n == 0 {
		return
	}
	for _, m := range b.page.Malformed {
		if o := int(m.Span.Start.Offset); o >= bl.r.s && o < bl.r.e {
			return
		}
	}
	r := rng{bl.lines[first].s, bl.r.e}
	if gluedHeader(b.src, bl.lines[first]) >= 0 {
		b.malformed("table header and delimiter row are glued on one line", bl.lines[first])
		return
	}
	b.malformed("pipe-table lines that did not parse as a table (no delimiter row under the header?)", r)
}

// gluedHeader finds "|| ---" in a line where a table header and its
// delimiter row were written on one line; it returns the offset of the
// second '|' or -1.
func gluedHeader(src []byte, r rng) int {
	line := src[r.s:r.e]
	// the delimiter row is a suffix of the line made of | : - and blanks
	ds := len(line)
	for ds > 0 {
		switch line[ds-1] {
		case '|', ':', '-', ' ', '\t':
			ds--
			continue
		}
		break
	}
	if bytes.IndexByte(line[ds:], '-') < 0 {
		return -1
	}
	for i := max(ds-1, 0); i+1 < len(line); i++ {
		if line[i] == '|' && line[i+1] == '|' && isDelimRow(bytes.TrimSpace(line[i+1:])) {
			return r.s + i + 1
		}
		if i >= ds && line[i] != '|' && line[i] != ' ' && line[i] != '\t' {
			break // past the first cell of the delimiter row
		}
	}
	return -1
}

func isDelimRow(b []byte) bool {
	if len(b) < 3 || b[0] != '|' {
		return false
	}
	dash := false
	for _, c := range b {
		switch c {
		case '|', ':', ' ', '\t':
		case '-':
			dash = true
		default:
			return false
		}
	}
	return dash
}

// comments finds HTML comments anywhere in the page.
func (b *builder) comments() {
	src := b.src
	i := 0
	for {
		j := bytes.Index(src[i:], []byte("<!--"))
		if j < 0 {
			return
		}
		s := i + j
		k := bytes.Index(src[s+4:], []byte("-->"))
		if k < 0 {
			return
		}
		e := s + 4 + k + 3
		b.page.Comments = append(b.page.Comments, model.Comment{
			Text: strings.TrimSpace(string(src[s+4 : e-3])),
			Span: b.span(rng{s, e}),
		})
		i = e
	}
}

// table is a table read from a block: header cells and rows of cells.
type table struct {
	header []rng
	rows   [][]rng
	rowR   []rng // each row's line
	links  []lnk
	r      rng
	extra  []lnk // links on non-pipe lines inside the table (Next Page)
}

func (b *builder) readTable(bl block) table {
	t := table{links: bl.links, r: bl.r}
	t.header = b.row(bl.lines[0])
	// the rows and their ranges are cut from the worker's blocks, as
	// the cells are (row): a table lives for one page
	n := len(bl.lines) - 2
	room(&b.sc.rows, n)
	room(&b.sc.rowR, n)
	rows, rowR := len(b.sc.rows), len(b.sc.rowR)
	t.rows = b.sc.rows[rows : rows : rows+n]
	t.rowR = b.sc.rowR[rowR : rowR : rowR+n]
	for _, l := range bl.lines[2:] {
		tl := trim(b.src, l)
		if tl.s < tl.e && b.src[tl.s] != '|' && !bytes.Contains(b.src[tl.s:tl.e], []byte("|")) {
			// a line glued under the table: by GFM one more row; the
			// generator means a paragraph (the Next Page link).
			t.extra = append(t.extra, linksIn(bl.links, l)...)
			continue
		}
		cells := b.row(l)
		if len(cells) != len(t.header) {
			b.malformed(sprintf("table row has %d cells, its header has %d", len(cells), len(t.header)), tl)
		}
		t.rows = append(t.rows, cells)
		t.rowR = append(t.rowR, tl)
	}
	// capped where they end, so that the next table's rows never share
	// their room
	t.rows, t.rowR = t.rows[:len(t.rows):len(t.rows)], t.rowR[:len(t.rowR):len(t.rowR)]
	b.sc.rows, b.sc.rowR = b.sc.rows[:rows+len(t.rows)], b.sc.rowR[:rowR+len(t.rowR)]
	return t
}

// recoverGlued reads a paragraph whose first pipe line is a header glued
// to its delimiter row, as the table it was meant to be.
func (b *builder) recoverGlued(bl block) (table, bool) {
	for i, l := range bl.lines {
		if !isPipeLine(b.src, l) {
			continue
		}
		g := gluedHeader(b.src, l)
		if g < 0 {
			return table{}, false
		}
		b.malformed("table header and delimiter row are glued on one line", trim(b.src, l))
		t := table{links: bl.links, r: rng{l.s, bl.r.e}}
		t.header = b.row(rng{l.s, g})
		for _, rl := range bl.lines[i+1:] {
			if !isPipeLine(b.src, rl) {
				t.extra = append(t.extra, linksIn(bl.links, rl)...)
				continue
			}
			cells := b.row(rl)
			if len(cells) != len(t.header) {
				b.malformed(sprintf("table row has %d cells, its header has %d", len(cells), len(t.header)), trim(b.src, rl))
			}
			t.rows = append(t.rows, cells)
			t.rowR = append(t.rowR, trim(b.src, rl))
		}
		return t, true
	}
	return table{}, false
}

// tables returns every table of the page with the heading above it,
// including tables recovered from glued headers.
func (b *builder) tables() []titled {
	out := b.sc.tables[:0]
	defer func() { b.sc.tables = out[:0] }()
	var head *block
	for i := range b.blocks {
		bl := &b.blocks[i]
		switch bl.kind {
		case bHeading:
			head = bl
		case bTable:
			out = append(out, titled{b.readTable(*bl), head})
		case bPara:
			if t, ok := b.recoverGlued(*bl); ok {
				out = append(out, titled{t, head})
			}
		}
	}
	return out
}

type titled struct {
	t    table
	head *block
}

func (b *builder) headerNames(t table) []string {
	out := make([]string, len(t.header))
	for i, h := range t.header {
		out[i] = b.plainI(h) // a few dozen names, on every table
	}
	return out
}

func col(names []string, pred func(string) bool) int {
	for i, n := range names {
		if pred(n) {
			return i
		}
	}
	return -1
}

func cell(row []rng, i int) (rng, bool) {
	if i < 0 || i >= len(row) {
		return rng{}, false
	}
	return row[i], true
}

// room makes sure the block *a, reused page after page, has room for n
// more items: when it has not, *a becomes a new, empty block (twice as
// large, at least 256), and what was cut from the old one stays where
// it is.
func room[T any](a *[]T, n int) {
	if cap(*a)-len(*a) < n {
		*a = make([]T, 0, max(2*cap(*a), n, 256))
	}
}

// newCount returns a pointer to a copy of c, cut from blocks of the
// worker's that are never reused: a model holds tens of thousands of
// counts, each an allocation of its own until the eighth round.
func (b *builder) newCount(c model.Count) *model.Count {
	if len(b.sc.counts) == cap(b.sc.counts) {
		b.sc.counts = make([]model.Count, 0, 256) // fixed: never reused
	}
	b.sc.counts = append(b.sc.counts, c)
	return &b.sc.counts[len(b.sc.counts)-1]
}

// count reads a number cell.
func (b *builder) count(r rng) *model.Count {
	r = stripTags(b.src, r)
	c := b.newCount(model.Count{Span: b.span(r)})
	if n, ok := atoi(b.src[r.s:r.e]); ok {
		c.Value, c.Valid = n, true
	} else {
		c.Raw = plain(b.src, r)
	}
	return c
}

func isSummaryHeader(names []string) bool {
	return len(names) >= 2 && names[0] == "Rules" && names[1] == "Models"
}

func (b *builder) summary(t table) *model.Summary {
	names := b.headerNames(t)
	s := &model.Summary{Headers: names, Span: b.span(t.r)}
	if len(t.rows) == 0 {
		return s
	}
	row := t.rows[0]
	for i, n := range names {
		r, ok := cell(row, i)
		if !ok {
			continue
		}
		c := b.count(r)
		switch {
		case n == "Rules":
			s.Rules = c
		case n == "Models":
			s.Models = c
		case strings.Contains(n, "TTP"):
			s.TTPs = c
		case strings.Contains(n, "Type"):
			s.EventTypes = c
		case n == "Parsers":
			s.Parsers = c
		}
	}
	return s
}

// headingValue returns the text after "Label:" in a heading, or false.
func (b *builder) headingValue(bl *block, label string) (model.Text, bool) {
	r := bl.text
	t := b.src[r.s:r.e]
	if !bytes.HasPrefix(t, []byte(label)) {
		return model.Text{}, false
	}
	v := trim(b.src, rng{r.s + len(label), r.e})
	if v.s < v.e && b.src[v.s] == ':' {
		v = trim(b.src, rng{v.s + 1, v.e})
	} else if v.s < v.e {
		return model.Text{}, false
	}
	return b.ptext(v), true // vendor and product names repeat on every page of a product
}

func (b *builder) generic() {}
