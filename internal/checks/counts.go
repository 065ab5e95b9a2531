package checks

import (
	"fmt"
	"index/suffixarray"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"mdlint/internal/par"
	"mdlint/lint"
	"mdlint/model"
)

// SummaryCount checks every summary number against what the pages list.
var SummaryCount = &lint.Check{
	Name:     "summary-count",
	Doc:      "a summary number (Rules, Models, TTPs, Event Types, Parsers) differs from what the pages list",
	Severity: lint.Error,
	Cost:     85,
	Also:     []lint.Rule{dedupeRule},
	Run:      runSummaryCount,
}

// ContentCount checks a use-case row's "N Rules / M Models" against the
// RM page it links.
var ContentCount = &lint.Check{
	Name:     "content-count",
	Doc:      "a use-case row's content counts differ from the rule/model page it links",
	Severity: lint.Error,
	Cost:     25,
	Also:     []lint.Rule{dedupeRule},
	Run:      runContentCount,
}

// distinct returns the distinct non-empty values in first-seen order.
func distinct(items []string) []string {
	out := make([]string, 0, len(items))
	if len(items) <= 24 {
		// small lists (most RM rows and pages): no map
	next:
		for _, s := range items {
			if s == "" {
				continue
			}
			for _, o := range out {
				if o == s {
					continue next
				}
			}
			out = append(out, s)
		}
		return out
	}
	seen, put := pooledSet(len(items))
	defer put()
	for _, s := range items {
		if _, dup := seen[s]; dup || s == "" {
			continue
		}
		seen[s] = struct{}{}
		out = append(out, s)
	}
	return out
}

// pooledSet returns an empty set from setPools with room for n items,
// and the function that gives it back.
func pooledSet(n int) (map[string]struct{}, func()) {
	class := sizeClass(n)
	seen, _ := setPools[class].Get().(map[string]struct{})
	if seen == nil {
		seen = make(map[string]struct{}, 32<<(3*class))
	}
	return seen, func() {
		clear(seen) // costs the map's room: hence a pool per size class
		setPools[class].Put(seen)
	}
}

// countDistinct returns len(distinct(items)) without building the list;
// short lists (nearly all) need no allocation at all.
func countDistinct(items []string) int {
	if len(items) <= 32 {
		n := 0
	next:
		for i, s := range items {
			if s == "" {
				continue
			}
			for _, o := range items[:i] {
				if o == s {
					continue next
				}
			}
			n++
		}
		return n
	}
	seen, put := pooledSet(len(items))
	defer put()
	for _, s := range items {
		if s != "" {
			seen[s] = struct{}{}
		}
	}
	return len(seen)
}

// setPools recycle the sets of distinct and countDistinct, one pool per size class
// (up to 256, 2,048, 16,384 items, more), so that clearing a set never
// costs much more than filling it did.
var setPools [4]sync.Pool

func sizeClass(n int) int {
	switch {
	case n <= 256:
		return 0
	case n <= 2048:
		return 1
	case n <= 16384:
		return 2
	}
	return 3
}

// dedupeCount simulates the generator's counting: an item counts only
// if it is not a substring of one counted before. It returns the count
// and the items swallowed.
func dedupeCount(items []string) (int, []string) {
	var swallowed []string
	var idx subIndex
	defer idx.release()
	seen := make(map[string]struct{}, len(items))
	for _, s := range items {
		if _, dup := seen[s]; dup || s == "" {
			continue
		}
		seen[s] = struct{}{}
		if idx.inAnother(s) {
			swallowed = append(swallowed, s)
			continue
		}
		idx.add(s)
	}
	return len(idx.items), swallowed
}

// notSubstrings returns how many distinct items are no substring of
// another listed item, and the items that are (sorted).
func notSubstrings(items []string) (int, []string) {
	return notSubstringsIn(nil, items)
}

// notSubstringsIn is notSubstrings with the library's containment index
// (nil: none), which answers for the IDs it knows without building
// anything; other lists get an index of their own.
func notSubstringsIn(idx *containIndex, items []string) (int, []string) {
	ds := distinct(items)
	sort.Strings(ds)
	subs, ok := []string(nil), false
	if idx != nil {
		subs, ok = idx.subsOf(ds)
	}
	if !ok {
		subs, _ = newContainIndex(slices.Clone(ds)).subsOf(ds)
	}
	return len(ds) - len(subs), subs
}

// containIndex knows, for every rule and model ID of a library, the
// other IDs of the library that contain it. It is built once per library
// (a suffix array over all IDs) and shared by the counting rules.
type containIndex struct {
	in map[string][]string // every ID -> the longer IDs containing it
}

// subsOf returns the items of ds (sorted, distinct) that are substrings
// of another item of ds; ok is false when ds holds an ID the index does
// not know.
func (x *containIndex) subsOf(ds []string) (subs []string, ok bool) {
	for _, s := range ds {
		in, known := x.in[s]
		if !known {
			return nil, false
		}
		for _, t := range in {
			if _, found := slices.BinarySearch(ds, t); found {
				subs = append(subs, s)
				break
			}
		}
	}
	return subs, true
}

func buildContainIndex(lib *model.Library) *containIndex {
	var ids []string
	seen := map[string]struct{}{}
	add := func(s string) {
		if _, dup := seen[s]; !dup && s != "" {
			seen[s] = struct{}{}
			ids = append(ids, s)
		}
	}
	for _, p := range lib.Pages {
		if p.RM == nil {
			continue
		}
		for _, row := range p.RM.Rows {
			for _, r := range row.Rules {
				add(r.ID.Value)
			}
			for _, m := range row.Models {
				add(m.ID.Value)
			}
		}
	}
	return newContainIndex(ids)
}

// newContainIndex indexes distinct IDs (sorted in place): a suffix
// array of the IDs joined by NUL bytes answers "where else does s occur"
// with a binary search. A match counts when it lies inside one ID, so
// an ID holding NUL bytes cannot match across a joint.
func newContainIndex(ids []string) *containIndex {
	sort.Strings(ids)
	starts := make([]int, len(ids))
	var joined []byte
	for i, s := range ids {
		starts[i] = len(joined)
		joined = append(joined, s...)
		joined = append(joined, 0)
	}
	sa := suffixarray.New(joined)
	x := &containIndex{in: make(map[string][]string, len(ids))}
	for i, s := range ids {
		var in []string
		for _, off := range sa.Lookup(joined[starts[i]:starts[i]+len(s)], -1) {
			j := sort.SearchInts(starts, off+1) - 1 // the ID holding off
			inside := off+len(s) <= starts[j]+len(ids[j])
			if j != i && inside && !slices.Contains(in, ids[j]) {
				in = append(in, ids[j])
			}
		}
		x.in[s] = in
	}
	return x
}

// memoKey names what the checks keep per library (model.Library.Memo).
type memoKey int

const (
	memoContain memoKey = iota
	memoRMStats
	memoHeadings
)

// containersOf returns lib's containment index, built on first use.
func containersOf(lib *model.Library) *containIndex {
	return lib.Memo(memoContain, func() any { return buildContainIndex(lib) }).(*containIndex)
}

// subIndex answers "is s a substring of an indexed item other than s"
// through a trigram index: only the items holding s's rarest trigram
// are searched. Rule IDs number in the thousands per product, so
// comparing every pair would dominate a run.
type subIndex struct {
	items []string
	tri   map[uint32][]int32
}

// release returns the index's map to the pool; x must not be used after.
func (x *subIndex) release() {
	if x.tri != nil {
		clear(x.tri)
		triPool.Put(x.tri)
		x.tri = nil
	}
}

var triPool = sync.Pool{New: func() any { return make(map[uint32][]int32, 256) }}

func trigram(s string, k int) uint32 { return uint32(s[k])<<16 | uint32(s[k+1])<<8 | uint32(s[k+2]) }

func (x *subIndex) add(t string) {
	if x.tri == nil {
		x.tri = triPool.Get().(map[uint32][]int32)
	}
	i := int32(len(x.items))
	x.items = append(x.items, t)
	for k := 0; k+3 <= len(t); k++ {
		g := trigram(t, k)
		if l := x.tri[g]; len(l) == 0 || l[len(l)-1] != i {
			x.tri[g] = append(l, i)
		}
	}
}

func (x *subIndex) inAnother(s string) bool {
	if len(s) < 3 {
		for _, t := range x.items {
			if t != s && strings.Contains(t, s) {
				return true
			}
		}
		return false
	}
	var best []int32
	for k := 0; k+3 <= len(s); k++ {
		l, ok := x.tri[trigram(s, k)]
		if !ok {
			return false
		}
		if best == nil || len(l) < len(best) {
			best = l
		}
	}
	for _, i := range best {
		if t := x.items[i]; t != s && strings.Contains(t, s) {
			return true
		}
	}
	return false
}

// countCheck compares one summary number with the listed items.
type countCheck struct {
	pass  *lint.Pass
	claim string // "summary says" (default) or "content cell says"
	page  *model.Page
	label string // "rules", "models", ...
	count *model.Count
	items []string // in counting order
	// lazyItems gives the items when items is nil, only when they are
	// needed: to count them, or to explain a count that differs
	lazyItems func() []string
	distinct  int    // distinct items when known, else 0 (counted here)
	ordered   bool   // page order is the generator's counting order
	tryOrder  bool   // page order may be the counting order (one RM page's rules)
	note      string // added to a summary-count message: where the number may come from
	noFix     bool   // the distinct count is not known to be the right value
	source    string // where the items come from, with its verb: "its table lists"
	related   []lint.Related
	// key, joined, is the finding's key: joined only for a finding
	// (most counts agree)
	key [3]string
}

// run reports a mismatch as summary-count, or as count-substring-dedupe
// when the generator's substring habit explains it.
func (c countCheck) run() {
	if c.count == nil || !c.count.Valid {
		return
	}
	got, want := c.count.Value, c.distinct
	if want == 0 {
		c.loadItems()
		want = countDistinct(c.items)
	}
	if got == want {
		return
	}
	c.loadItems()
	claim := c.claim
	if claim == "" {
		claim = "summary says"
	}
	d := lint.Diagnostic{
		File:    c.page.Path,
		Span:    c.count.Span,
		Related: c.related,
		Key:     c.key[0] + c.key[1] + c.key[2],
	}
	d.Fixes = numberFix(c.page.Path, c.count, want)
	// Simulating the generator in page order names exactly what it
	// dropped. It is the counting order for models, event types and TTPs;
	// for the rules of one RM page it often is, and when it is not (and
	// for a product's rules over several pages), a count within the range
	// the habit can produce is still put down to it.
	if (c.ordered || c.tryOrder) && got < want {
		if n, sw := dedupeCount(c.items); n == got && len(sw) > 0 {
			d.Rule, d.Severity = RuleDedupe, lint.Warning
			as := "as substrings of earlier ones"
			if len(sw) == 1 {
				as = "as a substring of an earlier one"
			}
			d.Message = fmt.Sprintf("%s %d %s but %s %d distinct; the generator dropped %s %s", claim, got, c.label, c.source, want, quoteList(sw), as)
			c.pass.Report(d)
			return
		}
	}
	if !c.ordered && got < want {
		if lo, subs := notSubstringsIn(containersOf(c.pass.Library), c.items); lo <= got && len(subs) > 0 {
			d.Rule, d.Severity = RuleDedupe, lint.Warning
			d.Message = fmt.Sprintf("%s %d %s but %s %d distinct; %d of them (%s) are substrings of other IDs, so a generator that drops IDs contained in ones it counted before arrives at %d to %d depending on its order", claim, got, c.label, c.source, want, len(subs), quoteList(subs), lo, want)
			c.pass.Report(d)
			return
		}
	}
	d.Message = fmt.Sprintf("%s %d %s but %s %d distinct%s", claim, got, c.label, c.source, want, c.note)
	if c.noFix {
		d.Fixes = nil
	}
	c.pass.Report(d)
}

func (c *countCheck) loadItems() {
	if c.items == nil && c.lazyItems != nil {
		c.items = c.lazyItems()
	}
}

func quoteList(xs []string) string {
	const max = 5
	var b strings.Builder
	for i, x := range xs {
		if i == max {
			fmt.Fprintf(&b, " and %d more", len(xs)-max)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("`" + x + "`")
	}
	return b.String()
}

// numberFix replaces the digits of c with n. The edit covers the digits
// only and records them as its Old text, so a page changed since it was
// read is refused. When the digits are all a padded table cell holds
// (summary tables), the fixer keeps the cell's width: the spaces around
// the number absorb a change of length (see internal/fix). Checks do not
// see page bytes, so the padding is the fixer's job.
func numberFix(file string, c *model.Count, n int) []lint.Fix {
	e := lint.Replace(file, c.Span, strconv.Itoa(n))
	if old := strconv.Itoa(c.Value); c.Valid && len(old) == e.End-e.Start {
		e.Old = old // the digits as written (no leading zeros, no markup)
	}
	return []lint.Fix{{Message: fmt.Sprintf("set to %d", n), Edits: []lint.Edit{e}}}
}

func rel(p *model.Page, s model.Span, msg string) lint.Related {
	return lint.Related{File: p.Path, Span: s, Message: msg}
}

func runSummaryCount(pass *lint.Pass) {
	// the costliest rule: its products are checked in parallel, so that
	// it does not run alone at the end of the check phase
	prs := pass.Library.Products()
	par.Each(len(prs), 0, func() func(int) {
		sc := &productScratch{parsers: map[string]struct{}{}, rowOf: map[string]rowRef{}}
		return func(i int) { summaryCountProduct(pass, prs[i], sc) }
	})
}

// productScratch is the room summaryCountProduct lists a product's
// items in, reused from product to product by one worker: the lists of
// a large product run to tens of thousands of IDs, which no finding
// keeps (countCheck reports counts and the strings themselves).
type productScratch struct {
	rules, models, ttps, events []string
	parsers                     map[string]struct{}
	rowOf                       map[string]rowRef
}

// summaryCountProduct checks the summary of one product.
func summaryCountProduct(pass *lint.Pass, pr *model.Product, sc *productScratch) {
	lib := pass.Library
	first := pr.First()
	if first == nil || first.DataSource.Summary == nil {
		return
	}
	sum := first.DataSource.Summary
	rules, models, ttps, events := sc.rules[:0], sc.models[:0], sc.ttps[:0], sc.events[:0]
	parsers := sc.parsers
	clear(parsers)
	rmPages := linkedRMPages(lib, pr)
	for _, rm := range rmPages {
		rules, models = appendRMItems(rules, models, rm)
	}
	for _, p := range pr.Pages {
		for _, row := range p.DataSource.Rows {
			for _, t := range row.TTPs {
				ttps = append(ttps, t.ID)
			}
			for _, et := range row.EventTypes {
				events = append(events, et.Name.Value)
				for _, ps := range et.Parsers {
					if t, ok := lib.ResolveLink(p, ps.Link); ok && !t.External {
						parsers[t.Path] = struct{}{}
					}
				}
			}
		}
	}
	sc.rules, sc.models, sc.ttps, sc.events = rules, models, ttps, events
	rmSrc := fmt.Sprintf("the %d RM pages its rows link list", len(rmPages))
	dsSrc := "the use-case rows list"
	if len(pr.Pages) > 1 {
		dsSrc = fmt.Sprintf("the use-case rows of its %d pages list", len(pr.Pages))
	}
	countCheck{pass: pass, page: first, label: "rules", count: sum.Rules, items: rules, source: rmSrc, key: [3]string{"summary-count|", first.Path, "|rules"}}.run()
	countCheck{pass: pass, page: first, label: "models", count: sum.Models, items: models, ordered: false, source: rmSrc, key: [3]string{"summary-count|", first.Path, "|models"}}.run()
	countCheck{pass: pass, page: first, label: "TTPs", count: sum.TTPs, items: ttps, ordered: true, source: dsSrc, key: [3]string{"summary-count|", first.Path, "|ttps"}}.run()
	countCheck{pass: pass, page: first, label: "event types", count: sum.EventTypes, items: events, ordered: true, source: dsSrc, key: [3]string{"summary-count|", first.Path, "|event-types"}}.run()
	if c := sum.Parsers; c != nil && c.Valid && c.Value > len(parsers) {
		note := ""
		if et := sum.EventTypes; et != nil && et.Valid && et.Value == c.Value {
			note = fmt.Sprintf("; %d is the Event Types value, which the generator seems to have copied here", c.Value)
		}
		pass.Report(lint.Diagnostic{
			File:    first.Path,
			Span:    c.Span,
			Key:     "summary-count|" + first.Path + "|parsers",
			Message: fmt.Sprintf("summary says %d parsers but the use-case rows link %d distinct parser pages%s", c.Value, len(parsers), note),
		})
	}
	// RM pages: their own table, and the row that links each
	rowOf := sc.rowOf
	clear(rowOf)
	for _, p := range pr.Pages {
		for i := range p.DataSource.Rows {
			row := &p.DataSource.Rows[i]
			if row.Content == nil {
				continue
			}
			if t, ok := lib.ResolveLink(p, row.Content.Link); ok && !t.External {
				if _, dup := rowOf[t.Path]; !dup {
					rowOf[t.Path] = rowRef{p, row}
				}
			}
		}
	}
	for _, rm := range pr.RMPages {
		checkRMSummary(pass, rm, sum, rowOf[rm.Path], sc)
	}
}

// linkedRMPages returns the RM pages the product's use-case rows link,
// in row order, each once. RM pages in the folder that no row links are
// stale leftovers and do not count.
func linkedRMPages(lib *model.Library, pr *model.Product) []*model.Page {
	var out []*model.Page
	seen := map[string]bool{}
	for _, p := range pr.Pages {
		for _, row := range p.DataSource.Rows {
			if row.Content == nil || row.Content.Link.Dest == "" {
				continue
			}
			t, ok := lib.ResolveLink(p, row.Content.Link)
			if !ok || t.External || t.Outside || seen[t.Path] {
				continue
			}
			if rm := lib.PageOf(t); rm != nil && rm.RM != nil {
				seen[t.Path] = true
				out = append(out, rm)
			}
		}
	}
	return out
}

// rowRef is a data source row and its page.
type rowRef struct {
	page *model.Page
	row  *model.UseCaseRow
}

// checkRMSummary checks an RM page's own summary; its lists are built
// in sc (the product's lists are done with by then).
func checkRMSummary(pass *lint.Pass, p *model.Page, dsSum *model.Summary, link rowRef, sc *productScratch) {
	s := p.RM.Summary
	if s == nil {
		return
	}
	st := rmStatOf(pass.Library, p)
	ttps, events := sc.ttps[:0], sc.events[:0]
	for _, row := range p.RM.Rows {
		events = append(events, row.EventType.Value)
		for _, t := range row.TTPs {
			ttps = append(ttps, t.ID)
		}
	}
	defer func() { sc.ttps, sc.events = ttps[:0], events[:0] }()
	src := "its table lists"
	countCheck{pass: pass, page: p, label: "rules", count: s.Rules, lazyItems: rmRules(p), distinct: st.nRules, tryOrder: true, source: src, key: [3]string{"summary-count|", p.Path, "|rules"}}.run()
	countCheck{pass: pass, page: p, label: "models", count: s.Models, lazyItems: rmModels(p), distinct: st.nModels, ordered: true, source: src, key: [3]string{"summary-count|", p.Path, "|models"}}.run()
	tc := countCheck{pass: pass, page: p, label: "TTPs", count: s.TTPs, items: ttps, ordered: true, source: src, key: [3]string{"summary-count|", p.Path, "|ttps"}}
	if link.row != nil && s.TTPs != nil {
		var ids []string
		for _, t := range link.row.TTPs {
			ids = append(ids, t.ID)
		}
		if n := countDistinct(ids); n == s.TTPs.Value && n != countDistinct(ttps) {
			// the generator copied the row's TTP count: the row lists
			// TTPs that this page has no rules under
			tc.note = fmt.Sprintf(" headings; %d is the TTP count of the data source row that links this page, which lists TTPs with no rules here", n)
			tc.noFix = true
			tc.related = []lint.Related{rel(link.page, orRowSpan(link.row), "the data source row's TTPs")}
		}
	}
	tc.run()
	// older dialect: Event Types repeat the product-wide value
	if s.EventTypes != nil && dsSum != nil && dsSum.EventTypes != nil && s.EventTypes.Valid && dsSum.EventTypes.Valid && s.EventTypes.Value == dsSum.EventTypes.Value {
		return
	}
	countCheck{pass: pass, page: p, label: "event types", count: s.EventTypes, items: events, ordered: true, source: src, key: [3]string{"summary-count|", p.Path, "|event-types"}}.run()
}

func runContentCount(pass *lint.Pass) {
	lib := pass.Library
	for _, p := range lib.Pages {
		var rows []struct {
			c    *model.Content
			from string
		}
		switch {
		case p.DataSource != nil:
			for _, r := range p.DataSource.Rows {
				if r.Content != nil {
					rows = append(rows, struct {
						c    *model.Content
						from string
					}{r.Content, r.UseCase.Value})
				}
			}
		default:
			continue
		}
		for _, r := range rows {
			checkContent(pass, p, r.c)
		}
	}
}

// rmItems returns the rule and model IDs of an RM page in page order.
func rmItems(p *model.Page) (rules, models []string) {
	nr, nm := 0, 0
	for _, row := range p.RM.Rows {
		nr += len(row.Rules)
		nm += len(row.Models)
	}
	return appendRMItems(make([]string, 0, nr), make([]string, 0, nm), p)
}

// rmRules and rmModels list an RM page's rule or model IDs for a count
// that needs them (countCheck.lazyItems).
func rmRules(p *model.Page) func() []string {
	return func() []string { r, _ := rmItems(p); return r }
}

func rmModels(p *model.Page) func() []string {
	return func() []string { _, m := rmItems(p); return m }
}

// appendRMItems appends the rule and model IDs of an RM page, in page
// order, to rules and models.
func appendRMItems(rules, models []string, p *model.Page) ([]string, []string) {
	for _, row := range p.RM.Rows {
		for _, r := range row.Rules {
			rules = append(rules, r.ID.Value)
		}
		for _, m := range row.Models {
			models = append(models, m.ID.Value)
		}
	}
	return rules, models
}

// rmStat is what the counting rules need of one RM page: its distinct
// counts. The lists themselves (rmItems) are needed only to explain a
// count that differs, so they are not kept: CIM2's RM pages list 199k
// rule IDs.
type rmStat struct {
	nRules, nModels int
}

// newRMStat counts p's distinct IDs, listing them in scratch.
func newRMStat(p *model.Page, scratch *[2][]string) rmStat {
	rules, models := appendRMItems((*scratch)[0][:0], (*scratch)[1][:0], p)
	*scratch = [2][]string{rules, models}
	return rmStat{countDistinct(rules), countDistinct(models)}
}

// rmStatOf returns the statistics of RM page p of lib. Those of every
// RM page are computed once per library for all the rules that count
// them (summary-count, content-count, usecase-page).
func rmStatOf(lib *model.Library, p *model.Page) rmStat {
	stats := lib.Memo(memoRMStats, func() any {
		stats := map[*model.Page]rmStat{}
		var scratch [2][]string
		for _, q := range lib.Pages {
			if q.RM != nil {
				stats[q] = newRMStat(q, &scratch)
			}
		}
		return stats
	}).(map[*model.Page]rmStat)
	if st, ok := stats[p]; ok {
		return st
	}
	var scratch [2][]string
	return newRMStat(p, &scratch) // a page of another library
}

func checkContent(pass *lint.Pass, p *model.Page, c *model.Content) {
	if c.Link.Dest == "" {
		return
	}
	t, ok := pass.Library.ResolveLink(p, c.Link)
	if !ok || t.External || t.Outside {
		return
	}
	rm := pass.Library.PageOf(t)
	if rm == nil || rm.RM == nil {
		return // broken-link reports it
	}
	st := rmStatOf(pass.Library, rm)
	nr, nm := st.nRules, st.nModels
	if agrees(c.Rules, nr) && agrees(c.Models, nm) {
		return // nearly every cell: no key or message to build
	}
	key := "content-count|" + p.Path + "|" + t.Path + "|"
	related := []lint.Related{{File: rm.Path, Span: rmTableSpan(rm), Message: fmt.Sprintf("the RM page lists %d distinct rules and %d distinct models", nr, nm)}}
	src := t.Path + " lists"
	cc := countCheck{pass: pass, page: p, claim: "content cell says", source: src, related: related}
	if c.Rules != nil {
		cc.label, cc.count, cc.items, cc.distinct, cc.tryOrder, cc.key = "rules", c.Rules, nil, nr, true, [3]string{key, "rules"}
		cc.lazyItems = rmRules(rm)
		cc.run()
	} else if nr > 0 {
		pass.Report(lint.Diagnostic{File: p.Path, Span: c.Link.Span, Key: key + "rules", Related: related,
			Message: fmt.Sprintf("content cell shows no rule count but %s lists %d distinct rule IDs", t.Path, nr)})
	}
	if c.Models != nil {
		cc.label, cc.count, cc.items, cc.distinct, cc.ordered, cc.key = "models", c.Models, nil, nm, true, [3]string{key, "models"}
		cc.lazyItems = rmModels(rm)
		cc.run()
	} else if nm > 0 {
		pass.Report(lint.Diagnostic{File: p.Path, Span: c.Link.Span, Key: key + "models", Related: related,
			Message: fmt.Sprintf("content cell shows no model count but %s lists %d distinct model IDs", t.Path, nm)})
	}
}

// agrees reports whether a content cell's count needs no finding: it
// says the distinct count n, or says no number where there is nothing
// to count. (A count that is not a number is the cell's parse finding.)
func agrees(c *model.Count, n int) bool {
	if c == nil {
		return n == 0
	}
	return !c.Valid || c.Value == n
}

func rmTableSpan(p *model.Page) model.Span {
	if len(p.RM.Rows) > 0 {
		return p.RM.Rows[0].Span
	}
	if p.RM.Summary != nil {
		return p.RM.Summary.Span
	}
	return model.Span{Start: model.Pos{Line: 1, Col: 1}, End: model.Pos{Line: 1, Col: 1}}
}

// orRowSpan is the span of a row's TTP cell, or of the row.
func orRowSpan(r *model.UseCaseRow) model.Span {
	if len(r.TTPs) > 0 {
		return model.Span{Start: r.TTPs[0].Span().Start, End: r.TTPs[len(r.TTPs)-1].Span().End}
	}
	return r.Span
}
