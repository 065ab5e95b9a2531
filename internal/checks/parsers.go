package checks

import (
	"fmt"
	"strings"

	"mdlint/lint"
	"mdlint/model"
)

// ParserLinkName checks that a parser link's text is the Name of the
// parser page it points to.
var ParserLinkName = &lint.Check{
	Name:     "parser-link-name",
	Doc:      "a parser link's text differs from the Name of the parser page it points to, or that page has no Name",
	Severity: lint.Error,
	Cost:     12,
	Run:      runParserLinkName,
}

// ParserProduct checks that a data source page links parser pages of
// its own vendor or product.
var ParserProduct = &lint.Check{
	Name:     "parser-product",
	Doc:      "a data source page links a parser page whose Vendor and Product name another product",
	Severity: lint.Warning,
	Cost:     12,
	Run:      runParserProduct,
}

// eachParserLink calls f for every parser link of a page, in page
// order: the ↳ links under the event types of data source and use-case
// rows, and the parser list of 2020-era data source pages.
func eachParserLink(p *model.Page, f func(*model.Link)) {
	rows := func(ets []model.EventType) {
		for i := range ets {
			for j := range ets[i].Parsers {
				f(ets[i].Parsers[j].Link)
			}
		}
	}
	if p.DataSource != nil {
		for i := range p.DataSource.Rows {
			rows(p.DataSource.Rows[i].EventTypes)
		}
	}
	if p.UseCase != nil {
		for i := range p.UseCase.Vendors {
			for j := range p.UseCase.Vendors[i].Rows {
				rows(p.UseCase.Vendors[i].Rows[j].EventTypes)
			}
		}
	}
	if p.LegacyDS != nil {
		for i := range p.LegacyDS.Parsers {
			f(&p.LegacyDS.Parsers[i])
		}
	}
}

// parserTarget returns the parser page link l of page p points to, or
// nil when the link leads elsewhere or nowhere (broken-link reports
// those). The library resolves each link once for all the rules.
func parserTarget(lib *model.Library, p *model.Page, l *model.Link) *model.Page {
	var t model.Target
	var ok bool
	if dest := strings.TrimSpace(l.Dest); dest == l.Dest {
		t, ok = lib.ResolveLink(p, l)
	} else {
		t, ok = lib.Resolve(p.Path, dest)
	}
	if !ok || t.External || t.Anchor || t.Outside || t.Absolute {
		return nil
	}
	if tp := lib.PageOf(t); tp != nil && tp.Parser != nil {
		return tp
	}
	return nil
}

func unquoteName(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

func runParserLinkName(pass *lint.Pass) {
	lib := pass.Library
	// one finding per (parser page, link text) on a page
	type group struct {
		first  *model.Link
		target *model.Page
		text   string
		n      int
	}
	for _, p := range lib.Pages {
		if p.DataSource == nil && p.UseCase == nil && p.LegacyDS == nil {
			continue
		}
		var order []*group
		var groups map[string]*group
		eachParserLink(p, func(l *model.Link) {
			tp := parserTarget(lib, p, l)
			if tp == nil {
				return
			}
			text := unquoteName(l.Text)
			if nameMatches(tp.Parser.Names, text) {
				return
			}
			k := tp.Path + "\x00" + text
			g := groups[k]
			if g == nil {
				if groups == nil {
					groups = map[string]*group{}
				}
				g = &group{first: l, target: tp, text: text}
				groups[k] = g
				order = append(order, g)
			}
			g.n++
		})
		for _, g := range order {
			d := lint.Diagnostic{File: p.Path, Span: g.first.Span, Key: "parser-link-name|" + p.Path + "|" + g.target.Path + "|" + g.text}
			names := g.target.Parser.Names
			switch len(names) {
			case 0:
				d.Message = fmt.Sprintf("parser link %s points to %s, which has no Name = line", g.text, g.target.Path)
				d.Related = []lint.Related{{File: g.target.Path, Span: pageStart, Message: "this parser page names no parser"}}
			case 1:
				d.Message = fmt.Sprintf("parser link text %s differs from the Name %s of %s", g.text, unquoteName(names[0].Value), g.target.Path)
				d.Related = []lint.Related{{File: g.target.Path, Span: names[0].Span, Message: "the parser's Name"}}
			default:
				var vs []string
				for _, n := range names {
					vs = append(vs, unquoteName(n.Value))
				}
				d.Message = fmt.Sprintf("parser link text %s is none of the %d Names of %s (%s)", g.text, len(names), g.target.Path, quoteList(distinct(vs)))
				d.Related = []lint.Related{{File: g.target.Path, Span: names[0].Span, Message: "the parser's first Name"}}
			}
			if g.n > 1 {
				d.Message += fmt.Sprintf("; %d links on this page", g.n)
			}
			pass.Report(d)
		}
	}
}

func nameMatches(names []model.Text, text string) bool {
	for _, n := range names {
		if unquoteName(n.Value) == text {
			return true
		}
	}
	return false
}

// nameTokens splits a vendor or product name into lower-case words of
// letters and digits: "Win-Pak" -> [win pak].
func nameTokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	})
}

// tokensWithin reports whether every word of a is a word of b.
func tokensWithin(a, b []string) bool {
	if len(a) == 0 {
		return false
	}
	for _, x := range a {
		found := false
		for _, y := range b {
			if x == y {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// relatedName reports whether a parser's Vendor or Product value names
// the data source's vendor or product: one name's words are all words of
// the other ("Avaya VPN" and "Avaya", "RS2 Technologies" and "RS2").
func relatedName(v string, dsNames [][]string, cache map[string][]string) bool {
	vt, ok := cache[v]
	if !ok {
		vt = nameTokens(v)
		cache[v] = vt
	}
	if len(vt) == 0 {
		return true // an empty value claims nothing
	}
	for _, dt := range dsNames {
		if tokensWithin(vt, dt) || tokensWithin(dt, vt) {
			return true
		}
	}
	return false
}

func runParserProduct(pass *lint.Pass) {
	lib := pass.Library
	tokens := map[string][]string{}
	seen := map[*model.Page]bool{}
	for _, p := range lib.Pages {
		var vendor, product model.Text
		switch {
		case p.DataSource != nil:
			pr := lib.ProductOf(p)
			if pr == nil || pr.First() == nil {
				continue
			}
			vendor, product = pr.First().DataSource.Vendor, pr.First().DataSource.Product
		case p.LegacyDS != nil:
			vendor, product = p.LegacyDS.Vendor, p.LegacyDS.Product
		default:
			continue
		}
		var dsNames [][]string
		for _, s := range []string{vendor.Value, product.Value} {
			if t := nameTokens(s); len(t) > 0 {
				dsNames = append(dsNames, t)
			}
		}
		if len(dsNames) == 0 {
			continue
		}
		clear(seen)
		eachParserLink(p, func(l *model.Link) {
			tp := parserTarget(lib, p, l)
			if tp == nil || seen[tp] {
				return
			}
			seen[tp] = true
			ps := tp.Parser
			if len(ps.Vendors)+len(ps.Products) == 0 {
				return
			}
			related := false
			for _, v := range ps.Vendors {
				related = related || relatedName(v.Value, dsNames, tokens)
			}
			for _, v := range ps.Products {
				related = related || relatedName(v.Value, dsNames, tokens)
			}
			if related {
				return
			}
			var claims []string
			var at model.Span
			if len(ps.Vendors) > 0 {
				claims = append(claims, "Vendor "+quoteList(distinct(parserValues(ps.Vendors))))
				at = ps.Vendors[0].Span
			}
			if len(ps.Products) > 0 {
				claims = append(claims, "Product "+quoteList(distinct(parserValues(ps.Products))))
				if at.IsZero() {
					at = ps.Products[0].Span
				}
			}
			pass.Report(lint.Diagnostic{
				File: p.Path, Span: l.Span, Key: "parser-product|" + p.Path + "|" + tp.Path,
				Message: fmt.Sprintf("parser %s belongs to another product: its page says %s, but this data source is %s / %s",
					unquoteName(l.Text), strings.Join(claims, ", "), vendor.Value, product.Value),
				Related: []lint.Related{{File: tp.Path, Span: at, Message: "the parser's vendor and product"}},
			})
		})
	}
}

func parserValues(ts []model.Text) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = unquoteName(t.Value)
	}
	return out
}
