package checks

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"mdlint/lint"
	"mdlint/model"
)

// UseCasePage checks every product row of a use-case page against the
// data source row it mirrors, and every data source row against the
// use-case page it links.
var UseCasePage = &lint.Check{
	Name:     "usecase-page",
	Doc:      "a use-case page row disagrees with the data source row it mirrors, or leaves out a data source that links the use case",
	Severity: lint.Error,
	Cost:     45,
	Run:      runUseCasePage,
}

// RMBacklink checks the Vendor, Product and Use-Case headings of every
// rule/model (and correlation-rule) page against the data source page
// and row that link it.
var RMBacklink = &lint.Check{
	Name:     "rm-backlink",
	Doc:      "an RM page's vendor, product link or use-case link disagrees with the data source row that links it",
	Severity: lint.Error,
	Cost:     10,
	Run:      runRMBacklink,
}

// IndexCheck checks the index pages (Exabeam Data Sources, Use Cases,
// Product Categories) against the pages they list.
var IndexCheck = &lint.Check{
	Name:     "index",
	Doc:      "an index page names a page differently from the page itself, or leaves out a data source or use case",
	Severity: lint.Error,
	Run:      runIndex,
}

// Index page file names (at the library root).
const (
	indexDataSources = "Exabeam Data Sources.md"
	indexUseCases    = "Exabeam Use Cases.md"
	indexCategories  = "Exabeam Product Categories.md"
)

// keys makes finding keys unique: the second finding with the same key
// (e.g. a product listed twice on one page) gets "#2", and so on, in
// page order.
type keys map[string]int

func (k keys) of(parts ...string) string {
	s := strings.Join(parts, "|")
	k[s]++
	if n := k[s]; n > 1 {
		return fmt.Sprintf("%s#%d", s, n)
	}
	return s
}

// linkedPage resolves link l of page from and returns the page it
// names (nil when the link is external, outside the root, undecodable
// or missing) and the target.
func linkedPage(lib *model.Library, from *model.Page, l *model.Link) (*model.Page, model.Target) {
	t, ok := lib.ResolveLink(from, l)
	if !ok || t.External || t.Outside || t.Anchor {
		return nil, t
	}
	return lib.PageOf(t), t
}

// firstOf returns the first data source page of the product p belongs
// to, or nil.
func firstOf(lib *model.Library, p *model.Page) *model.Page {
	if pr := lib.ProductOf(p); pr != nil {
		return pr.First()
	}
	return nil
}

// relPath returns the relative link from the page at from to the path to.
func relPath(from, to string) string {
	fd := strings.Split(path.Dir(from), "/")
	if path.Dir(from) == "." {
		fd = nil
	}
	td := strings.Split(to, "/")
	i := 0
	for i < len(fd) && i < len(td)-1 && fd[i] == td[i] {
		i++
	}
	return strings.Repeat("../", len(fd)-i) + strings.Join(td[i:], "/")
}

// nameOr returns name, or alt when name is empty.
func nameOr(name, alt string) string {
	if name == "" {
		return alt
	}
	return name
}

// join returns a span from the start of a to the end of b.
func join(a, b model.Span) model.Span { return model.Span{Start: a.Start, End: b.End} }

// orSpan returns s, or alt when s was never set.
func orSpan(s, alt model.Span) model.Span {
	if s.IsZero() {
		return alt
	}
	return s
}

func ttpSpan(ts []model.TTP, alt model.Span) model.Span {
	if len(ts) == 0 {
		return alt
	}
	return join(ts[0].Span(), ts[len(ts)-1].Span())
}

func eventSpan(es []model.EventType, alt model.Span) model.Span {
	if len(es) == 0 {
		return alt
	}
	return join(es[0].Name.Span, es[len(es)-1].Name.Span)
}

func replaceFix(file string, s model.Span, msg, text string) []lint.Fix {
	return []lint.Fix{{Message: msg, Edits: []lint.Edit{lint.Replace(file, s, text)}}}
}

// dsRef is a use-case row of a data source page.
type dsRef struct {
	page  *model.Page
	row   *model.UseCaseRow
	exact bool // the row's use-case link resolves (not recovered by file name)
}

// ucResolver finds the use-case page a data source row links.
type ucResolver struct {
	lib    *model.Library
	byName map[string]*model.Page // file name -> use-case page, when unique
}

func newUCResolver(lib *model.Library) *ucResolver {
	r := &ucResolver{lib: lib, byName: map[string]*model.Page{}}
	dup := map[string]bool{}
	for _, p := range lib.Pages {
		if p.UseCase == nil {
			continue
		}
		n := path.Base(p.Path)
		if r.byName[n] != nil {
			dup[n] = true
		}
		r.byName[n] = p
	}
	for n := range dup {
		delete(r.byName, n)
	}
	return r
}

// useCase returns the use-case page link l on page from names. When the
// link is broken (the generator's wrong "../" depth), the only use-case
// page with the link's file name stands in, and exact is false:
// broken-link and link-outside-root report the link itself.
func (r *ucResolver) useCase(from *model.Page, l *model.Link) (p *model.Page, exact bool) {
	t, ok := r.lib.ResolveLink(from, l)
	if !ok || t.External || t.Anchor {
		return nil, false
	}
	if !t.Outside {
		if p := r.lib.PageOf(t); p != nil {
			if p.UseCase != nil {
				return p, true
			}
			return nil, false
		}
	}
	return r.byName[path.Base(t.Path)], false
}

// ---------------------------------------------------------------------
// usecase-page

func runUseCasePage(pass *lint.Pass) {
	lib := pass.Library
	res := newUCResolver(lib)
	k := keys{}
	// rows[use-case page][first data source page]
	rows := map[string]map[string][]dsRef{}
	for _, pr := range lib.Products() {
		first := pr.First()
		if first == nil {
			continue
		}
		for _, p := range pr.Pages {
			for i := range p.DataSource.Rows {
				r := &p.DataSource.Rows[i]
				if r.UseCaseURL == nil {
					continue
				}
				uc, exact := res.useCase(p, r.UseCaseURL)
				if uc == nil {
					continue
				}
				m := rows[uc.Path]
				if m == nil {
					m = map[string][]dsRef{}
					rows[uc.Path] = m
				}
				m[first.Path] = append(m[first.Path], dsRef{p, r, exact})
				if title := uc.UseCase.Title.Value; exact && title != "" && r.UseCase.Value != title {
					pass.Report(lint.Diagnostic{
						File: p.Path, Span: orSpan(r.UseCase.Span, r.Span),
						Key:     k.of("usecase-page", p.Path, uc.Path, "use-case-name"),
						Message: fmt.Sprintf("row names use case %q but %s is titled %q", r.UseCase.Value, uc.Path, title),
						Related: []lint.Related{rel(uc, uc.UseCase.Title.Span, "the use-case page title")},
					})
				}
			}
		}
	}
	for _, uc := range lib.Pages {
		if uc.UseCase == nil {
			continue
		}
		listed := map[string]bool{}
		for vi := range uc.UseCase.Vendors {
			v := &uc.UseCase.Vendors[vi]
			for ri := range v.Rows {
				checkUCRow(pass, k, uc, v, &v.Rows[ri], rows[uc.Path], listed)
			}
		}
		byFirst := rows[uc.Path]
		firsts := make([]string, 0, len(byFirst))
		for f := range byFirst {
			firsts = append(firsts, f)
		}
		sort.Strings(firsts)
		for _, f := range firsts {
			if listed[f] {
				continue
			}
			for _, ref := range byFirst[f] {
				if !ref.exact {
					continue // the link is broken: broken-link's business
				}
				first := lib.Page(f)
				pass.Report(lint.Diagnostic{
					File: ref.page.Path, Span: ref.row.UseCaseURL.Span,
					Key:     k.of("usecase-page", ref.page.Path, uc.Path, "not-listed"),
					Message: fmt.Sprintf("%s lists no row for this product (%s / %s)", uc.Path, first.DataSource.Vendor.Value, first.DataSource.Product.Value),
					Related: []lint.Related{rel(uc, uc.UseCase.Title.Span, "the use-case page")},
				})
				break
			}
		}
	}
}

func checkUCRow(pass *lint.Pass, k keys, uc *model.Page, v *model.UseCaseVendor, row *model.UseCaseProductRow, byFirst map[string][]dsRef, listed map[string]bool) {
	lib := pass.Library
	if row.Product == nil {
		return
	}
	dsp, _ := linkedPage(lib, uc, row.Product)
	if dsp == nil || dsp.DataSource == nil {
		return // a missing page is broken-link's business
	}
	first := firstOf(lib, dsp)
	if first == nil {
		return
	}
	listed[first.Path] = true
	ds := first.DataSource
	key := func(what string) string { return k.of("usecase-page", uc.Path, first.Path, what) }

	if v.Vendor.Value != ds.Vendor.Value {
		pass.Report(lint.Diagnostic{
			File: uc.Path, Span: orSpan(v.Vendor.Span, row.Span), Key: key("vendor"),
			Message: fmt.Sprintf("%s is listed under vendor %q but its data source page says Vendor: %q", nameOr(ds.Product.Value, first.Path), v.Vendor.Value, ds.Vendor.Value),
			Related: []lint.Related{rel(first, ds.Vendor.Span, "the data source vendor")},
		})
	}
	if row.ProductText.Value != ds.Product.Value {
		pass.Report(lint.Diagnostic{
			File: uc.Path, Span: orSpan(row.ProductText.Span, row.Product.Span), Key: key("product-name"),
			Message: fmt.Sprintf("product link text %q differs from the data source title Product: %q", row.ProductText.Value, ds.Product.Value),
			Related: []lint.Related{rel(first, ds.Product.Span, "the data source title")},
		})
	}

	refs := byFirst[first.Path]
	if len(refs) == 0 {
		pass.Report(lint.Diagnostic{
			File: uc.Path, Span: row.Product.Span, Key: key("no-row"),
			Message: fmt.Sprintf("%s has no %q row, yet this page lists the product", first.Path, uc.UseCase.Title.Value),
			Related: []lint.Related{rel(first, ds.Product.Span, "the data source page")},
		})
		return
	}
	ref := refs[0]
	for _, r := range refs {
		if r.exact {
			ref = r
			break
		}
	}
	dr := ref.row
	dsRel := func(s model.Span, msg string) []lint.Related {
		if !ref.exact {
			msg += " (its use-case link is broken)"
		}
		return []lint.Related{rel(ref.page, orSpan(s, dr.Span), msg)}
	}

	// content: counts and target
	uCont, dCont := row.Content, dr.Content
	switch {
	case uCont == nil && dCont == nil:
	case uCont == nil:
		pass.Report(lint.Diagnostic{
			File: uc.Path, Span: row.Span, Key: key("content"),
			Message: fmt.Sprintf("row has no content link but the data source row links %s", dCont.Link.Dest),
			Related: dsRel(dCont.Link.Span, "the data source row's content link"),
		})
	case dCont == nil:
		pass.Report(lint.Diagnostic{
			File: uc.Path, Span: uCont.Link.Span, Key: key("content"),
			Message: "row has a content link but the data source row has none",
			Related: dsRel(dr.Span, "the data source row"),
		})
	default:
		// the RM page the data source row links decides whether copying
		// the row's number is safe
		nr, nm := -1, -1
		if t, ok := pass.Library.ResolveLink(ref.page, dCont.Link); ok && !t.External {
			if rm := pass.Library.PageOf(t); rm != nil && rm.RM != nil {
				st := rmStatOf(lib, rm)
				nr, nm = st.nRules, st.nModels
			}
		}
		compareCount(pass, uc, "rules", uCont, dCont, nr, key, dsRel)
		compareCount(pass, uc, "models", uCont, dCont, nm, key, dsRel)
		ut, ok1 := pass.Library.ResolveLink(uc, uCont.Link)
		dt, ok2 := pass.Library.ResolveLink(ref.page, dCont.Link)
		if ok1 && ok2 && !ut.External && !dt.External && ut.Path != dt.Path {
			d := lint.Diagnostic{
				File: uc.Path, Span: uCont.Link.DestSpan, Key: key("content-link"),
				Message: fmt.Sprintf("content links %s but the data source row links %s", ut.Path, dt.Path),
				Related: dsRel(dCont.Link.DestSpan, "the data source row's content link"),
			}
			if !dt.Outside && lib.Exists(dt.Path) {
				d.Fixes = replaceFix(uc.Path, uCont.Link.DestSpan, "link the data source row's RM page", relPath(uc.Path, dt.Path))
			}
			pass.Report(d)
		}
	}

	// TTPs: the same IDs
	if !sameIDs(row.TTPs, dr.TTPs) {
		reportTTPs(pass, uc, row, dr, key("ttps"), dsRel)
	}

	// event types: the use-case page lists the product's event types
	// (a superset of the row's); every event type of the data source
	// row must be among them. Pages without the column are skipped.
	if len(row.EventTypes) > 0 {
		names := map[string]bool{}
		var values []string
		for _, e := range row.EventTypes {
			n := strings.Trim(e.Name.Value, `"`)
			names[n] = true
			values = append(values, e.Name.Value)
		}
		var lack []string
		for _, e := range dr.EventTypes {
			n := e.Name.Value
			if n == "" || names[n] || containsAny(values, n) {
				continue
			}
			lack = append(lack, n)
		}
		if lack = distinct(lack); len(lack) > 0 {
			pass.Report(lint.Diagnostic{
				File: uc.Path, Span: eventSpan(row.EventTypes, row.Span), Key: key("event-types"),
				Message: fmt.Sprintf("event types cell lacks %s, which the data source row lists", quoteList(lack)),
				Related: dsRel(eventSpan(dr.EventTypes, dr.Span), "the data source row's event types"),
			})
		}
	}
}

// sameIDs reports whether two TTP lists hold the same IDs; the common
// case, the same IDs in the same order, needs no map.
func sameIDs(a, b []model.TTP) bool {
	if len(a) == len(b) {
		same := true
		for i := range a {
			if a[i].ID != b[i].ID {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	as, bs := map[string]bool{}, map[string]bool{}
	for _, t := range a {
		as[t.ID] = true
	}
	for _, t := range b {
		bs[t.ID] = true
	}
	if len(as) != len(bs) {
		return false
	}
	for id := range as {
		if !bs[id] {
			return false
		}
	}
	return true
}

func reportTTPs(pass *lint.Pass, uc *model.Page, row *model.UseCaseProductRow, dr *model.UseCaseRow, key string, dsRel func(model.Span, string) []lint.Related) {
	uIDs, dIDs := map[string]bool{}, map[string]bool{}
	for _, t := range row.TTPs {
		uIDs[t.ID] = true
	}
	for _, t := range dr.TTPs {
		dIDs[t.ID] = true
	}
	var missing, extra []string
	var extraAt []model.TTP
	for _, t := range dr.TTPs {
		if !uIDs[t.ID] {
			missing = append(missing, t.ID)
		}
	}
	for _, t := range row.TTPs {
		if !dIDs[t.ID] {
			extra = append(extra, t.ID)
			extraAt = append(extraAt, t)
		}
	}
	missing, extra = distinct(missing), distinct(extra)
	span := ttpSpan(row.TTPs, row.Span)
	if len(missing) == 0 && len(extraAt) == 1 {
		span = extraAt[0].IDSpan()
	}
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, "lacks "+quoteList(missing))
	}
	if len(extra) > 0 {
		parts = append(parts, "adds "+quoteList(extra))
	}
	pass.Report(lint.Diagnostic{
		File: uc.Path, Span: span, Key: key,
		Message: fmt.Sprintf("TTP list %s compared with the data source row (%d TTPs here, %d there)", strings.Join(parts, " and "), len(uIDs), len(dIDs)),
		Related: dsRel(ttpSpan(dr.TTPs, dr.Span), "the data source row's TTPs"),
	})
}

// containsAny reports whether one of values contains s. The parser
// reads a use-case page's <ul><li>a</li><li>b</li></ul> cell as one
// event type "ab"; a name found inside it is taken as listed.
func containsAny(values []string, s string) bool {
	for _, v := range values {
		if strings.Contains(v, s) {
			return true
		}
	}
	return false
}

// compareCount compares one content number of a use-case row with the
// data source row. rmCount is the distinct count of the RM page the data
// source row links (-1 when unknown): the fix copies the data source
// row's number, which is safe only when the RM page agrees with it.
func compareCount(pass *lint.Pass, uc *model.Page, label string, u, d *model.Content, rmCount int, keyOf func(string) string, dsRel func(model.Span, string) []lint.Related) {
	uc1, dc1 := u.Rules, d.Rules
	if label == "models" {
		uc1, dc1 = u.Models, d.Models
	}
	switch {
	case uc1 == nil && dc1 == nil:
		return
	case uc1 != nil && dc1 != nil:
		if !uc1.Valid || !dc1.Valid || uc1.Value == dc1.Value {
			return
		}
	}
	key := keyOf(label)
	switch {
	case uc1 != nil && dc1 != nil:
		pass.Report(lint.Diagnostic{
			File: uc.Path, Span: uc1.Span, Key: key,
			Message: fmt.Sprintf("use-case page says %d %s but the data source row says %d", uc1.Value, label, dc1.Value),
			Related: dsRel(dc1.Span, "the data source row's count"),
			Fixes:   countFix(uc.Path, uc1, dc1.Value, rmCount),
		})
	case uc1 != nil:
		pass.Report(lint.Diagnostic{
			File: uc.Path, Span: uc1.Span, Key: key,
			Message: fmt.Sprintf("use-case page says %d %s but the data source row shows no %s count", uc1.Value, label, label),
			Related: dsRel(d.Link.Span, "the data source row's content link"),
		})
	default:
		pass.Report(lint.Diagnostic{
			File: uc.Path, Span: u.Link.Span, Key: key,
			Message: fmt.Sprintf("use-case page shows no %s count but the data source row says %d", label, dc1.Value),
			Related: dsRel(dc1.Span, "the data source row's count"),
		})
	}
}

func countFix(file string, c *model.Count, v, rmCount int) []lint.Fix {
	if v == rmCount {
		return numberFix(file, c, v)
	}
	return markUnsafe(numberFix(file, c, v))
}

// markUnsafe marks fixes as changing meaning: which side is right is not
// known, the fix copies the data source page's value.
func markUnsafe(fs []lint.Fix) []lint.Fix {
	for i := range fs {
		fs[i].Unsafe = true
	}
	return fs
}

// ---------------------------------------------------------------------
// rm-backlink

func runRMBacklink(pass *lint.Pass) {
	lib := pass.Library
	k := keys{}
	linked := map[string][]dsRef{}
	for _, pr := range lib.Products() {
		for _, p := range pr.Pages {
			for i := range p.DataSource.Rows {
				r := &p.DataSource.Rows[i]
				if r.Content == nil {
					continue
				}
				t, ok := pass.Library.ResolveLink(p, r.Content.Link)
				if !ok || t.External || t.Outside {
					continue
				}
				linked[t.Path] = append(linked[t.Path], dsRef{page: p, row: r, exact: true})
			}
		}
	}
	for _, p := range lib.Pages {
		if p.RM == nil || (p.Kind != model.KindRM && p.Kind != model.KindCR) {
			continue
		}
		pr := lib.ProductOf(p)
		if pr == nil {
			continue
		}
		first := pr.First()
		if first == nil {
			continue
		}
		checkRMPage(pass, k, p, pr, first, linked[p.Path])
	}
}

func checkRMPage(pass *lint.Pass, k keys, p *model.Page, pr *model.Product, first *model.Page, refs []dsRef) {
	lib := pass.Library
	rm, ds := p.RM, first.DataSource
	key := func(what string) string { return k.of("rm-backlink", p.Path, what) }
	top := orSpan(rm.Title.Span, model.Span{Start: model.Pos{Line: 1, Col: 1}, End: model.Pos{Line: 1, Col: 1}})

	if rm.Vendor.Value != ds.Vendor.Value {
		d := lint.Diagnostic{
			File: p.Path, Span: orSpan(rm.Vendor.Span, top), Key: key("vendor"),
			Message: fmt.Sprintf("page says Vendor: %q but its data source page %s says Vendor: %q", rm.Vendor.Value, first.Path, ds.Vendor.Value),
			Related: []lint.Related{rel(first, ds.Vendor.Span, "the data source vendor")},
		}
		if !rm.Vendor.Span.IsZero() && rm.Vendor.Value != "" && ds.Vendor.Value != "" {
			d.Fixes = replaceFix(p.Path, rm.Vendor.Span, "use the data source vendor", ds.Vendor.Value)
		}
		pass.Report(d)
	}
	if l := rm.Product; l != nil {
		tp, t := linkedPage(lib, p, l)
		if tp != nil && tp != first {
			pass.Report(lint.Diagnostic{
				File: p.Path, Span: l.DestSpan, Key: key("product-link"),
				Message: fmt.Sprintf("product link points to %s, not to the product's data source page %s", t.Path, first.Path),
				Related: []lint.Related{rel(first, ds.Product.Span, "the data source page")},
				Fixes:   replaceFix(p.Path, l.DestSpan, "link the data source page", relPath(p.Path, first.Path)),
			})
		}
		if l.Text != ds.Product.Value {
			pass.Report(lint.Diagnostic{
				File: p.Path, Span: l.Span, Key: key("product-name"),
				Message: fmt.Sprintf("product link text %q differs from the data source title Product: %q", l.Text, ds.Product.Value),
				Related: []lint.Related{rel(first, ds.Product.Span, "the data source title")},
			})
		}
	}
	if p.Kind != model.KindRM {
		return // correlation-rule pages are linked by no row
	}
	ul := rm.UseCase
	if len(refs) == 0 {
		span, name := top, ""
		if ul != nil {
			span, name = ul.Span, ul.Text
		}
		msg := fmt.Sprintf("no row of %s links this page", first.Path)
		var related []lint.Related
		if r, rp := rowForUseCase(pr, name); r != nil {
			msg += fmt.Sprintf("; its %q row links %s", name, r.Content.Link.Dest)
			related = append(related, rel(rp, r.Content.Link.Span, "the data source row"))
		} else if name != "" {
			msg += fmt.Sprintf("; the data source has no %q row", name)
			related = append(related, rel(first, ds.Product.Span, "the data source page"))
		}
		pass.Report(lint.Diagnostic{File: p.Path, Span: span, Key: key("unlinked"), Message: msg, Related: related})
		return
	}
	if ul == nil {
		return
	}
	ref := refs[0]
	dr := ref.row
	if ul.Text != dr.UseCase.Value {
		pass.Report(lint.Diagnostic{
			File: p.Path, Span: ul.Span, Key: key("use-case-name"),
			Message: fmt.Sprintf("use-case link text %q differs from the linking data source row's use case %q", ul.Text, dr.UseCase.Value),
			Related: []lint.Related{rel(ref.page, orSpan(dr.UseCase.Span, dr.Span), "the data source row")},
		})
	}
	if dl := dr.UseCaseURL; dl != nil {
		a, ok1 := pass.Library.ResolveLink(p, ul)
		b, ok2 := pass.Library.ResolveLink(ref.page, dl)
		if ok1 && ok2 && !a.External && !b.External && a.Path != b.Path {
			d := lint.Diagnostic{
				File: p.Path, Span: ul.DestSpan, Key: key("use-case-link"),
				Message: fmt.Sprintf("use-case link points to %s but the linking data source row links %s", a.Path, b.Path),
				Related: []lint.Related{rel(ref.page, dl.DestSpan, "the data source row's use-case link")},
			}
			if !b.Outside && lib.Exists(b.Path) {
				d.Fixes = replaceFix(p.Path, ul.DestSpan, "link the data source row's use case", relPath(p.Path, b.Path))
			}
			pass.Report(d)
		}
	}
}

// rowForUseCase returns a row of the product's chain that names the use
// case and has a content link, with its page.
func rowForUseCase(pr *model.Product, name string) (*model.UseCaseRow, *model.Page) {
	if name == "" {
		return nil, nil
	}
	for _, p := range pr.Pages {
		for i := range p.DataSource.Rows {
			r := &p.DataSource.Rows[i]
			if r.UseCase.Value == name && r.Content != nil {
				return r, p
			}
		}
	}
	return nil, nil
}

// ---------------------------------------------------------------------
// index

func runIndex(pass *lint.Pass) {
	lib := pass.Library
	k := keys{}
	if p := lib.Page(indexDataSources); p != nil && p.Index != nil {
		checkDSIndex(pass, k, p)
	}
	if p := lib.Page(indexUseCases); p != nil && p.Index != nil {
		checkUCIndex(pass, k, p)
	}
	if p := lib.Page(indexCategories); p != nil && p.Index != nil {
		checkCategoryIndex(pass, k, p)
	}
}

// headerCol returns the index of the header cell named name, or -1.
func headerCol(t *model.Table, name string) int {
	for i, h := range t.Header {
		if strings.EqualFold(strings.TrimSpace(h.Text.Value), name) {
			return i
		}
	}
	return -1
}

// indexedDS checks one index link that should name a data source page
// and returns that product's first page (nil when the link is broken,
// external or names no data source).
func indexedDS(pass *lint.Pass, k keys, p *model.Page, l *model.Link) *model.Page {
	lib := pass.Library
	tp, t := linkedPage(lib, p, l)
	if tp == nil {
		return nil // external, outside or missing: the link rules' business
	}
	if tp.DataSource == nil {
		pass.Report(lint.Diagnostic{
			File: p.Path, Span: l.DestSpan, Key: k.of("index", p.Path, t.Path, "not-data-source"),
			Message: fmt.Sprintf("link to %s names a %s page, not a data source page", t.Path, tp.Kind),
		})
		return nil
	}
	first := firstOf(lib, tp)
	if first == nil {
		return nil
	}
	if tp != first {
		pass.Report(lint.Diagnostic{
			File: p.Path, Span: l.DestSpan, Key: k.of("index", p.Path, t.Path, "not-first"),
			Message: fmt.Sprintf("link to %s names a continuation page; the product's data source page is %s", t.Path, first.Path),
			Fixes:   replaceFix(p.Path, l.DestSpan, "link the first page", relPath(p.Path, first.Path)),
		})
	}
	return first
}

func checkDSIndex(pass *lint.Pass, k keys, p *model.Page) {
	lib := pass.Library
	listed := map[string]bool{}
	rowOfVendor := map[string]model.Span{}
	var header model.Span
	found := false
	for ti := range p.Index.Tables {
		t := &p.Index.Tables[ti]
		vc, pc := headerCol(t, "Vendor"), headerCol(t, "Product")
		if vc < 0 || pc < 0 {
			continue
		}
		if !found {
			header, found = orSpan(t.Header[pc].Text.Span, t.Span), true
		}
		for _, row := range t.Rows {
			if vc >= len(row) || pc >= len(row) {
				continue
			}
			vendor := row[vc].Text
			if _, ok := rowOfVendor[vendor.Value]; !ok {
				rowOfVendor[vendor.Value] = orSpan(row[pc].Text.Span, orSpan(vendor.Span, t.Span))
			}
			for li := range row[pc].Links {
				l := &row[pc].Links[li]
				first := indexedDS(pass, k, p, l)
				if first == nil {
					continue
				}
				listed[first.Path] = true
				ds := first.DataSource
				switch {
				case l.Text == "":
					msg := fmt.Sprintf("link to %s has no text", first.Path)
					switch {
					case ds.Product.Value == "" && ds.Vendor.Value == "":
						msg += "; the data source page has an empty Vendor and Product title"
					case ds.Product.Value == "":
						msg += "; the data source page has an empty Product title"
					default:
						msg += fmt.Sprintf("; the data source title is Product: %q", ds.Product.Value)
					}
					pass.Report(lint.Diagnostic{
						File: p.Path, Span: l.Span, Key: k.of("index", p.Path, first.Path, "empty-name"), Message: msg,
						Related: []lint.Related{rel(first, orSpan(ds.Product.Span, model.Span{Start: model.Pos{Line: 1, Col: 1}, End: model.Pos{Line: 1, Col: 1}}), "the data source title")},
					})
				case l.Text != ds.Product.Value:
					pass.Report(lint.Diagnostic{
						File: p.Path, Span: l.Span, Key: k.of("index", p.Path, first.Path, "product-name"),
						Message: fmt.Sprintf("link text %q differs from the data source title Product: %q", l.Text, ds.Product.Value),
						Related: []lint.Related{rel(first, ds.Product.Span, "the data source title")},
					})
				}
				if vendor.Value != ds.Vendor.Value {
					pass.Report(lint.Diagnostic{
						File: p.Path, Span: l.Span, Key: k.of("index", p.Path, first.Path, "vendor"),
						Message: fmt.Sprintf("%s is listed under vendor %q but its data source page says Vendor: %q", first.Path, vendor.Value, ds.Vendor.Value),
						Related: []lint.Related{rel(first, ds.Vendor.Span, "the data source vendor")},
					})
				}
			}
		}
	}
	if !found {
		return
	}
	for _, pr := range lib.Products() {
		first := pr.First()
		if first == nil || listed[first.Path] {
			continue
		}
		ds := first.DataSource
		span, ok := rowOfVendor[ds.Vendor.Value]
		if !ok {
			span = header
		}
		pass.Report(lint.Diagnostic{
			File: p.Path, Span: span, Key: k.of("index", p.Path, first.Path, "unlisted"),
			Message: fmt.Sprintf("data source %s (%s / %s) is not listed", first.Path, ds.Vendor.Value, ds.Product.Value),
			Related: []lint.Related{rel(first, ds.Product.Span, "the data source page")},
		})
	}
}

func checkUCIndex(pass *lint.Pass, k keys, p *model.Page) {
	lib := pass.Library
	listed := map[string]bool{}
	var header model.Span
	found := false
	for ti := range p.Index.Tables {
		t := &p.Index.Tables[ti]
		for _, row := range t.Rows {
			for ci := range row {
				for li := range row[ci].Links {
					l := &row[ci].Links[li]
					tp, tg := linkedPage(lib, p, l)
					if tp == nil || tp.UseCase == nil {
						continue
					}
					if !found {
						header, found = t.Span, true
						if len(t.Header) > 0 {
							header = orSpan(t.Header[0].Text.Span, t.Span)
						}
					}
					listed[tp.Path] = true
					if title := tp.UseCase.Title.Value; l.Text != title {
						pass.Report(lint.Diagnostic{
							File: p.Path, Span: l.Span, Key: k.of("index", p.Path, tg.Path, "use-case-name"),
							Message: fmt.Sprintf("link text %q differs from the use-case page title %q", l.Text, title),
							Related: []lint.Related{rel(tp, tp.UseCase.Title.Span, "the use-case page title")},
						})
					}
				}
			}
		}
	}
	if !found {
		return
	}
	for _, uc := range lib.Pages {
		if uc.UseCase == nil || listed[uc.Path] {
			continue
		}
		pass.Report(lint.Diagnostic{
			File: p.Path, Span: header, Key: k.of("index", p.Path, uc.Path, "unlisted"),
			Message: fmt.Sprintf("use case %s (%q) is not listed", uc.Path, uc.UseCase.Title.Value),
			Related: []lint.Related{rel(uc, uc.UseCase.Title.Span, "the use-case page")},
		})
	}
}

func checkCategoryIndex(pass *lint.Pass, k keys, p *model.Page) {
	lib := pass.Library
	listed := map[string]bool{}
	var header model.Span
	found := false
	for ti := range p.Index.Tables {
		t := &p.Index.Tables[ti]
		pc := headerCol(t, "Product")
		if pc < 0 || headerCol(t, "Product Category") < 0 {
			continue
		}
		if !found {
			header, found = orSpan(t.Header[pc].Text.Span, t.Span), true
		}
		for _, row := range t.Rows {
			if pc >= len(row) {
				continue
			}
			for li := range row[pc].Links {
				l := &row[pc].Links[li]
				first := indexedDS(pass, k, p, l)
				if first == nil {
					continue
				}
				listed[first.Path] = true
				// the categories page writes product names in lower case
				if ds := first.DataSource; !strings.EqualFold(l.Text, ds.Product.Value) {
					pass.Report(lint.Diagnostic{
						File: p.Path, Span: l.Span, Key: k.of("index", p.Path, first.Path, "product-name"),
						Message: fmt.Sprintf("link text %q differs from the data source title Product: %q (ignoring case)", l.Text, ds.Product.Value),
						Related: []lint.Related{rel(first, ds.Product.Span, "the data source title")},
					})
				}
			}
		}
	}
	if !found {
		return
	}
	for _, pr := range lib.Products() {
		first := pr.First()
		if first == nil || listed[first.Path] || first.DataSource.Product.Value == "" {
			continue // a data source without a product name cannot be categorised
		}
		ds := first.DataSource
		pass.Report(lint.Diagnostic{
			File: p.Path, Span: header, Key: k.of("index", p.Path, first.Path, "uncategorised"),
			Message: fmt.Sprintf("data source %s (%s / %s) is in no product category", first.Path, ds.Vendor.Value, ds.Product.Value),
			Related: []lint.Related{rel(first, ds.Product.Span, "the data source page")},
		})
	}
}
