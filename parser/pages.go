package parser

import (
	"bytes"
	"strings"

	"mdlint/model"
)

// parserPage reads the "Key = value" lines of a parser page's config.
func (b *builder) parserPage() {
	p := &model.Parser{}
	seen := false
	var blockKey *model.Text // "name = {" of the older format without Name =
	for _, bl := range b.blocks {
		if bl.kind != bCode && bl.kind != bPara {
			if bl.kind == bHeading && bytes.Contains(b.look(bl.text), []byte("Parser")) {
				seen = true
			}
			continue
		}
		if bl.kind == bCode {
			seen = true
		}
		for _, l := range bl.lines {
			l = trim(b.src, l)
			s := b.src[l.s:l.e]
			eq := bytes.IndexByte(s, '=')
			if eq <= 0 {
				continue
			}
			key := bytes.TrimSpace(s[:eq]) // a string only when kept: parser pages hold ~10 keys each
			if blockKey == nil && bl.kind == bCode && bytes.Equal(bytes.TrimSpace(s[eq+1:]), []byte("{")) && isParserName(string(key)) {
				k := trim(b.src, rng{l.s, l.s + eq})
				blockKey = &model.Text{Value: string(key), Span: b.span(k)}
			}
			var dst *[]model.Text
			switch string(key) {
			case "Name":
				dst = &p.Names
			case "Vendor":
				dst = &p.Vendors
			case "Product":
				dst = &p.Products
			case "DataType":
				dst = &p.DataTypes
			default:
				continue
			}
			v := trim(b.src, rng{l.s + eq + 1, l.e})
			if v.e-v.s >= 2 && b.src[v.s] == '"' && b.src[v.e-1] == '"' {
				v = rng{v.s + 1, v.e - 1}
			}
			*dst = append(*dst, model.Text{Value: b.rawI(v), Span: b.span(v)})
		}
	}
	if len(p.Names) == 0 && blockKey != nil {
		// the older config format names the parser by its block key:
		// "box-activity = {" with no Name = line
		p.Names = append(p.Names, *blockKey)
	}
	if !seen && len(p.Names) == 0 {
		b.page.Dialect = "unrecognised parser page: no config block"
		return
	}
	b.page.Kind = model.KindParser
	b.page.Parser = p
	if strings.Contains(b.page.Path, "parserContent_") {
		b.page.Dialect = "2020"
	} else {
		b.page.Dialect = "pC"
	}
}

// useCase reads a use-case page: "Use Case: X", "### Vendor: V"
// sections and their product rows.
func (b *builder) useCase() {
	uc := &model.UseCase{}
	var cur *model.UseCaseVendor
	found := false
	for i := range b.blocks {
		bl := &b.blocks[i]
		switch bl.kind {
		case bHeading:
			if v, ok := b.headingValue(bl, "Use Case"); ok {
				uc.Title, found = v, true
			} else if v, ok := b.headingValue(bl, "Vendor"); ok {
				uc.Vendors = append(uc.Vendors, model.UseCaseVendor{Vendor: v})
				cur = &uc.Vendors[len(uc.Vendors)-1]
			}
		case bTable:
			t := b.readTable(*bl)
			names := b.headerNames(t)
			if col(names, func(s string) bool { return s == "Product" }) < 0 {
				continue
			}
			if cur == nil {
				uc.Vendors = append(uc.Vendors, model.UseCaseVendor{})
				cur = &uc.Vendors[len(uc.Vendors)-1]
			}
			cur.Rows = append(cur.Rows, b.ucRows(t, names)...)
			found = true
		case bPara:
			if t, ok := b.recoverGlued(*bl); ok && cur != nil {
				cur.Rows = append(cur.Rows, b.ucRows(t, b.headerNames(t))...)
			}
		}
	}
	if !found {
		b.page.Dialect = "unrecognised use-case page: no Use Case title or product table"
		return
	}
	b.page.Kind = model.KindUseCase
	b.page.UseCase = uc
	b.page.Dialect = "uc"
}

func (b *builder) ucRows(t table, names []string) []model.UseCaseProductRow {
	var out []model.UseCaseProductRow
	for _, r := range b.contentRows(t, names, func(s string) bool { return s == "Product" }) {
		out = append(out, model.UseCaseProductRow{Product: r.link, ProductText: r.name, EventTypes: r.events, TTPs: r.ttps, Content: r.content, Span: r.span})
	}
	return out
}

// index reads an index page as generic tables.
func (b *builder) index() {
	ix := &model.Index{}
	for i := range b.blocks {
		bl := &b.blocks[i]
		if bl.kind == bHeading && ix.Title.Value == "" {
			ix.Title = b.text(bl.text)
		}
	}
	for _, tt := range b.tables() {
		ix.Tables = append(ix.Tables, b.genericTable(tt.t))
	}
	b.page.Kind = model.KindIndex
	b.page.Index = ix
	b.page.Dialect = "index"
}

func (b *builder) genericTable(t table) model.Table {
	gt := model.Table{Span: b.span(t.r)}
	for _, h := range t.header {
		gt.Header = append(gt.Header, b.cell(h, t.links))
	}
	for _, row := range t.rows {
		var cs []model.Cell
		for _, c := range row {
			cs = append(cs, b.cell(c, t.links))
		}
		gt.Rows = append(gt.Rows, cs)
	}
	return gt
}

// cell reads a generic cell; its text shows links by their text.
func (b *builder) cell(c rng, links []lnk) model.Cell {
	mc := model.Cell{Text: b.text(c)}
	ls := linksIn(links, c)
	if len(ls) == 0 {
		return mc
	}
	var text []byte
	at := c.s
	for _, k := range ls {
		text = append(text, b.src[at:k.all.s]...)
		text = append(text, b.src[k.text.s:k.text.e]...)
		at = k.all.e
		mc.Links = append(mc.Links, *b.link(k))
	}
	text = append(text, b.src[at:c.e]...)
	mc.Text.Value = collapse(text)
	return mc
}

// mitreMap reads MitreMap.md: header counts, matrix, TTP table.
func (b *builder) mitreMap() {
	mm := &model.MitreMap{}
	for i := range b.blocks {
		bl := &b.blocks[i]
		if bl.kind != bHeading {
			continue
		}
		if v, ok := b.headingValue(bl, "MITRE Techniques"); ok {
			mm.Techniques = b.countText(v)
		} else if v, ok := b.headingValue(bl, "MITRE Sub-techniques"); ok {
			mm.SubTechniques = b.countText(v)
		}
	}
	for _, tt := range b.tables() {
		t := tt.t
		names := b.headerNames(t)
		if len(names) > 0 && names[0] == "TTP Code" {
			for i, row := range t.rows {
				r := model.MitreMapRow{Span: b.span(t.rowR[i])}
				if c, ok := cell(row, 0); ok {
					r.ID = b.text(c)
				}
				if c, ok := cell(row, 1); ok {
					if ls := linksIn(t.links, c); len(ls) > 0 {
						r.Link = b.link(ls[0])
					}
				}
				if c, ok := cell(row, 2); ok {
					r.Rules = b.count(c)
				}
				mm.Rows = append(mm.Rows, r)
			}
			continue
		}
		if mm.Matrix == nil && (tt.head != nil && isMatrixTitle(b.look(tt.head.text)) || hasAttackLinks(b.src, t.links)) {
			// the title is the page's first heading
			var head *block
			for i := range b.blocks {
				if b.blocks[i].kind == bHeading {
					head = &b.blocks[i]
					break
				}
			}
			mm.Matrix = b.matrix(t, head)
		}
	}
	b.page.Kind = model.KindMitreMap
	b.page.MitreMap = mm
	b.page.Dialect = "mitremap"
}

func (b *builder) countText(t model.Text) *model.Count {
	c := &model.Count{Span: t.Span, Raw: t.Value}
	if n, ok := atoi([]byte(t.Value)); ok {
		c.Value, c.Valid, c.Raw = n, true, ""
	}
	return c
}

// legacyDS reads a 2020-era data source list page.
func (b *builder) legacyDS() {
	ld := &model.LegacyDS{}
	section := ""
	found := false
	for i := range b.blocks {
		bl := &b.blocks[i]
		switch bl.kind {
		case bHeading:
			if v, ok := b.headingValue(bl, "Vendor"); ok {
				ld.Vendor, found = v, true
			} else if v, ok := b.headingValue(bl, "Product"); ok {
				ld.Product, found = v, true
			} else {
				section = plain(b.src, bl.text)
			}
		case bList:
			switch {
			case strings.Contains(section, "Use Case"):
				for _, k := range bl.links {
					ld.UseCases = append(ld.UseCases, *b.link(k))
				}
			case strings.Contains(section, "Type"):
				for _, l := range bl.lines {
					ld.EventTypes = append(ld.EventTypes, b.text(trim(b.src, l)))
				}
			case strings.Contains(section, "Parser"):
				for _, k := range bl.links {
					ld.Parsers = append(ld.Parsers, *b.link(k))
				}
			}
		}
	}
	if !found {
		b.page.Dialect = "unrecognised 2020 data source page: no Vendor/Product heading"
		return
	}
	b.page.Kind = model.KindLegacyDS
	b.page.LegacyDS = ld
	b.page.Dialect = "2020"
}

// legacyUseCase reads a 2020-era use-case page: its title and links.
func (b *builder) legacyUseCase() {
	uc := &model.UseCase{}
	for i := range b.blocks {
		bl := &b.blocks[i]
		if bl.kind == bHeading && uc.Title.Value == "" {
			uc.Title = b.text(bl.text)
			if v, ok := b.headingValue(bl, "Use Case"); ok {
				uc.Title = v
			}
		}
	}
	if uc.Title.Value == "" {
		b.page.Dialect = "unrecognised 2020 use-case page: no title"
		return
	}
	b.page.Kind = model.KindLegacyUseCase
	b.page.UseCase = uc
	b.page.Dialect = "2020"
}

// isParserName reports whether s looks like a parser name (a config
// block key such as box-activity), not a config key (Fields, Conditions).
func isParserName(s string) bool {
	if s == "" || strings.ContainsAny(s, " \t\"") {
		return false
	}
	return strings.ContainsAny(s, "-_") || strings.ToLower(s) == s
}
