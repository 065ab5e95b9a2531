package parser

import (
	"bytes"
	"slices"
	"strings"

	"mdlint/model"
)

func (b *builder) rm(kind model.Kind) {
	rm := &model.RM{}
	for i := range b.blocks {
		bl := &b.blocks[i]
		if bl.kind != bHeading {
			continue
		}
		t := b.look(bl.text)
		switch {
		case bytes.HasSuffix(t, []byte("by Product and UseCase")):
			rm.Title = b.text(bl.text)
		case bytes.HasPrefix(t, []byte("Vendor")):
			if v, ok := b.headingValue(bl, "Vendor"); ok {
				rm.Vendor = v
			}
		case bytes.HasPrefix(t, []byte("Product")):
			if len(bl.links) > 0 {
				rm.Product = b.link(bl.links[0])
			}
		case bytes.HasPrefix(t, []byte("Use-Case")), bytes.HasPrefix(t, []byte("Use Case")):
			if len(bl.links) > 0 {
				rm.UseCase = b.link(bl.links[0])
			}
		}
	}
	found := rm.Product != nil || rm.UseCase != nil
	glued := false
	for _, tt := range b.tables() {
		t := tt.t
		names := b.headerNames(t)
		switch {
		case isSummaryHeader(names):
			if rm.Summary == nil {
				rm.Summary = b.summary(t)
				found = true
			}
		case col(names, isEventHeader) >= 0 && col(names, func(s string) bool { return s == "Rules" }) >= 0:
			switch rows := b.rmRows(t, names, &glued); {
			case len(rows) == 0:
			case rm.Rows == nil:
				rm.Rows = rows
			default:
				rm.Rows = append(rm.Rows, rows...)
			}
			found = true
		case col(names, func(s string) bool { return s == "Name" }) >= 0 && col(names, func(s string) bool { return s == "Description" }) >= 0:
			rm.CRRows = append(rm.CRRows, b.crRows(t, names)...)
			found = true
		}
	}
	if !found {
		b.page.Dialect = "unrecognised rule/model page: no Product/Use-Case heading, summary or rule table"
		return
	}
	b.page.Kind = kind
	b.page.RM = rm
	switch {
	case glued || strings.Contains(b.page.Path, "Rules_Models/"):
		b.page.Dialect = "2021"
	case rm.Summary != nil:
		b.page.Dialect = dsDialect(&model.DataSource{Summary: rm.Summary})
	default:
		b.page.Dialect = "unknown"
	}
}

func (b *builder) rmRows(t table, names []string, glued *bool) []model.RMRow {
	etC := col(names, isEventHeader)
	ruC := col(names, func(s string) bool { return s == "Rules" })
	moC := col(names, func(s string) bool { return s == "Models" })
	out := make([]model.RMRow, 0, len(t.rows))
	for i, row := range t.rows {
		rr := t.rowR[i]
		links := linksIn(t.links, rr)
		r := model.RMRow{Span: b.span(rr)}
		if c, ok := cell(row, etC); ok {
			r.EventType = b.ptext(c)
		}
		if c, ok := cell(row, ruC); ok {
			b.rulesCell(&r, c, links, glued)
		}
		if c, ok := cell(row, moC); ok {
			lines := b.brLines(c, linksIn(links, c))
			n := 0
			for _, l := range lines {
				if l.s < l.e {
					n++
				}
			}
			if n > 0 {
				r.Models = make([]model.Rule, 0, n)
			}
			for _, l := range lines {
				if l.s == l.e {
					continue
				}
				if hasPrefixAt(b.src, l, bullet) {
					l = trim(b.src, rng{l.s + len(bullet), l.e})
				}
				if rule, ok := b.ruleEntry(l, model.Indexes{}); ok {
					r.Models = append(r.Models, rule)
				}
			}
		}
		out = append(out, r)
	}
	return out
}

// rulesCell reads "<b>T1 - Name</b><br> ↳ <b>RULE</b>: desc<br>...", where
// several headings may be glued: "<b>T1 - A</b><b>T2 - B</b>".
func (b *builder) rulesCell(r *model.RMRow, c rng, links []lnk, glued *bool) {
	// The rules and headings are gathered in the worker's scratch and
	// copied out at their number: counting them first took two passes
	// over the cell (3 % of the load), and growing the row's slices
	// left garbage.
	rules, ttps := b.sc.rules[:0], b.sc.ttps[:0]
	// the headings the following rules are listed under: always
	// consecutive in ttps, so a first index and a count
	first, n := 0, 0
	add := func(t model.TTP) {
		ttps = append(ttps, t)
		if n == 0 {
			first = len(ttps) - 1
		}
		n++
	}
	for _, l := range b.brLines(c, linksIn(links, c)) {
		if l.s == l.e {
			continue
		}
		if hasPrefixAt(b.src, l, arrow) {
			l = trim(b.src, rng{l.s + len(arrow), l.e})
			if rule, ok := b.ruleEntry(l, model.IndexRange(first, n)); ok {
				rules = append(rules, rule)
			}
			continue
		}
		// one or more headings
		n = 0
		for l.s < l.e {
			if !hasPrefixAt(b.src, l, "<b>") {
				if n == 0 {
					add(b.ttp(l))
				}
				break
			}
			e := bytes.Index(b.src[l.s:l.e], []byte("</b>"))
			if e < 0 {
				add(b.ttp(rng{l.s + 3, l.e}))
				break
			}
			add(b.ttp(rng{l.s + 3, l.s + e}))
			l = trim(b.src, rng{l.s + e + 4, l.e})
		}
		if n > 1 {
			*glued = true
		}
	}
	if len(rules) > 0 {
		r.Rules = slices.Clone(rules)
	}
	if len(ttps) > 0 {
		r.TTPs = slices.Clone(ttps)
	}
	b.sc.rules, b.sc.ttps = rules[:0], ttps[:0]
}

// ruleEntry reads "<b>ID</b>: description" (or "ID: description").
func (b *builder) ruleEntry(l rng, ttps model.Indexes) (model.Rule, bool) {
	s := b.src[l.s:l.e]
	var idR rng
	desc := rng{l.e, l.e}
	if bytes.HasPrefix(s, []byte("<b>")) {
		e := bytes.Index(s, []byte("</b>"))
		if e < 0 {
			idR = rng{l.s + 3, l.e}
		} else {
			idR = rng{l.s + 3, l.s + e}
			desc = rng{l.s + e + 4, l.e}
		}
	} else if i := bytes.IndexByte(s, ':'); i >= 0 {
		idR = rng{l.s, l.s + i}
		desc = rng{l.s + i, l.e}
	} else {
		idR = l
	}
	idR = trim(b.src, idR)
	if idR.s == idR.e {
		return model.Rule{}, false
	}
	d := trim(b.src, desc)
	if d.s < d.e && b.src[d.s] == ':' {
		d = trim(b.src, rng{d.s + 1, d.e})
	}
	rs, ok := b.entries[string(b.src[l.s:l.e])]
	if !ok {
		rs = ruleStrs{b.plainI(idR), b.plainI(d)}
		if len(b.entries) < maxInterned {
			b.entries[string(b.src[l.s:l.e])] = rs
		}
	}
	return model.Rule{ID: model.Text{Value: rs.id, Span: b.span(idR)}, Desc: rs.desc, TTPs: ttps}, true
}

// ruleStrs is the ID and description of a rule entry.
type ruleStrs struct{ id, desc string }

func (b *builder) crRows(t table, names []string) []model.CRRow {
	nC := col(names, func(s string) bool { return s == "Name" })
	eC := col(names, isEventHeader)
	tC := col(names, func(s string) bool { return strings.Contains(s, "Tactic") })
	sC := col(names, func(s string) bool { return s == "Severity" })
	var out []model.CRRow
	for i, row := range t.rows {
		r := model.CRRow{Span: b.span(t.rowR[i])}
		if c, ok := cell(row, nC); ok {
			r.Name = b.text(c)
		}
		if c, ok := cell(row, eC); ok {
			r.EventType = b.ptext(c)
		}
		if c, ok := cell(row, tC); ok {
			r.Tactic = b.ptext(c)
		}
		if c, ok := cell(row, sC); ok {
			r.Severity = plain(b.src, c)
		}
		out = append(out, r)
	}
	return out
}
