package checks

import (
	"fmt"
	"path"
	"strings"

	"mdlint/lint"
	"mdlint/model"
)

// MalformedTable reports pipe lines that did not become the table they
// were meant to be.
var MalformedTable = &lint.Check{
	Name:     "malformed-table",
	Doc:      "pipe-table lines that do not parse as a table (glued header and delimiter, no delimiter row) or a row with the wrong number of cells",
	Severity: lint.Error,
	Run:      runMalformedTable,
}

// UnknownPage reports pages mdlint could not check: unreadable files
// (error), and Markdown pages of no known kind (info). Problems with the
// tree itself (unreadable folders, dangling links) are reported here too.
var UnknownPage = &lint.Check{
	Name:     "unknown-page",
	Doc:      "a page mdlint cannot check: unreadable (error), or of no known kind (info)",
	Severity: lint.Info,
	Run:      runUnknownPage,
}

// DuplicateEntry reports entries listed twice where once is meant.
var DuplicateEntry = &lint.Check{
	Name:     "duplicate-entry",
	Doc:      "the same parser twice under one event type, the same event type twice in a row, or the same use case twice in a data source",
	Severity: lint.Warning,
	Cost:     17,
	Run:      runDuplicateEntry,
}

func runMalformedTable(pass *lint.Pass) {
	keys := keyer{}
	for _, p := range pass.Library.Pages {
		for _, m := range p.Malformed {
			msg := m.Reason
			if strings.Contains(msg, "glued") || strings.Contains(msg, "did not parse") {
				msg += ", so it shows as plain text"
			}
			pass.Report(lint.Diagnostic{File: p.Path, Span: m.Span, Message: msg,
				Key: keys.key("malformed-table|" + p.Path + "|" + m.Reason)})
		}
	}
}

// expectedUnknown reports whether a page is repository documentation
// (README, change log, licence, contribution notes) that is expected to
// be of no library kind and is not worth a finding.
func expectedUnknown(p string) bool {
	b := strings.ToLower(path.Base(p))
	b = strings.TrimSuffix(b, ".md")
	b = strings.TrimSuffix(b, ".markdown")
	switch b {
	case "readme", "license", "licence", "copying", "contributing", "code_of_conduct", "security", "notice", "authors":
		return true
	}
	return strings.Contains(b, "changelog") || strings.Contains(b, "change_log") || strings.Contains(b, "changes") ||
		strings.HasPrefix(b, "readme") || strings.HasPrefix(b, "license")
}

func runUnknownPage(pass *lint.Pass) {
	lib := pass.Library
	for _, e := range lib.Errors {
		file, msg := "", e
		if i := strings.Index(e, ": "); i > 0 {
			file, msg = e[:i], e[i+2:]
		}
		pass.Report(lint.Diagnostic{File: file, Severity: lint.Error, Key: "unknown-page|" + e,
			Message: "cannot check this path: " + msg})
	}
	for _, p := range lib.Pages {
		if p.Err != "" {
			pass.Report(lint.Diagnostic{File: p.Path, Span: pageStart, Severity: lint.Error, Key: "unknown-page|" + p.Path,
				Message: "page could not be checked: " + p.Err})
			continue
		}
		if p.Kind != model.KindUnknown {
			continue
		}
		var msg string
		switch {
		case strings.HasPrefix(p.Dialect, "unrecognised"):
			what, why, _ := strings.Cut(strings.TrimPrefix(p.Dialect, "unrecognised "), ": ")
			msg = fmt.Sprintf("page not checked: its path makes it a %s, but its content is not recognised", what)
			if why != "" {
				msg += " (" + why + ")"
			}
		case expectedUnknown(p.Path):
			continue
		default:
			msg = "page not checked: its path matches no kind of library page (data source, RM, CR, parser, use case, index)"
		}
		if p.Dialect == "invalid-utf8" {
			msg += "; it is not valid UTF-8"
		}
		pass.Report(lint.Diagnostic{File: p.Path, Span: pageStart, Key: "unknown-page|" + p.Path, Message: msg})
	}
}

func runDuplicateEntry(pass *lint.Pass) {
	lib := pass.Library
	keys := keyer{}
	var sc dupScratch
	for _, p := range lib.Pages {
		switch {
		case p.DataSource != nil:
			for i := range p.DataSource.Rows {
				r := &p.DataSource.Rows[i]
				sc.eventTypes(pass, keys, p, r.UseCase.Value, r.EventTypes)
			}
		case p.UseCase != nil:
			for i := range p.UseCase.Vendors {
				for j := range p.UseCase.Vendors[i].Rows {
					r := &p.UseCase.Vendors[i].Rows[j]
					sc.eventTypes(pass, keys, p, r.ProductText.Value, r.EventTypes)
				}
			}
		}
	}
	for _, pr := range lib.Products() {
		sc.useCases(pass, keys, pr)
	}
}

// dupScratch holds the maps the duplicate search reuses from row to row,
// so a clean library costs no allocation per row.
type dupScratch struct {
	names   map[string]int     // event type -> index of its first listing
	parsers map[dupKey]int     // parser -> index into ents
	ents    []dupEntry         // parsers in first-listed order
	repeats []int              // indexes of repeated parser links
	ucs     map[string]ucFirst // use case -> first row
}

type dupKey struct{ dest, text string }

type dupEntry struct {
	first, n int
}

type ucFirst struct {
	page *model.Page
	span model.Span
}

// eventTypes reports an event type listed twice in one row, and a
// parser listed twice under one event type.
func (sc *dupScratch) eventTypes(pass *lint.Pass, keys keyer, p *model.Page, row string, ets []model.EventType) {
	if len(ets) > 1 {
		if sc.names == nil {
			sc.names = map[string]int{}
		}
		clear(sc.names)
		var again []int // indexes of repeated event types
		for i := range ets {
			name := ets[i].Name.Value
			if name == "" {
				continue
			}
			if _, ok := sc.names[name]; ok {
				again = append(again, i)
				continue
			}
			sc.names[name] = i
		}
		if len(again) > 0 {
			var names []string
			var related []lint.Related
			for _, i := range again {
				names = append(names, ets[i].Name.Value)
				if len(related) < 3 {
					related = append(related, lint.Related{File: p.Path, Span: ets[sc.names[ets[i].Name.Value]].Name.Span, Message: "first listed here"})
				}
			}
			names = distinct(names)
			var msg string
			if len(names) == 1 {
				msg = fmt.Sprintf("the %s row lists event type %s twice", row, names[0])
			} else {
				msg = fmt.Sprintf("the %s row lists %d event types twice: %s", row, len(names), quoteList(names))
			}
			pass.Report(lint.Diagnostic{File: p.Path, Span: ets[again[0]].Name.Span,
				Key:     keys.key("duplicate-entry|" + p.Path + "|" + row + "|events"),
				Message: msg, Related: related})
		}
	}
	for i := range ets {
		sc.parsersOf(pass, keys, p, row, &ets[i])
	}
}

// parsersOf reports parsers listed more than once under one event type:
// the same destination and link text on the same page, so the same
// parser.
func (sc *dupScratch) parsersOf(pass *lint.Pass, keys keyer, p *model.Page, row string, et *model.EventType) {
	if len(et.Parsers) < 2 {
		return
	}
	sc.ents, sc.repeats = sc.ents[:0], sc.repeats[:0]
	const small = 12 // below this, comparing pairs beats a map
	useMap := len(et.Parsers) > small
	if useMap {
		if sc.parsers == nil {
			sc.parsers = map[dupKey]int{}
		}
		clear(sc.parsers)
	}
	for i := range et.Parsers {
		l := et.Parsers[i].Link
		k := dupKey{trimDest(l.Dest), l.Text}
		e, ok := -1, false
		if useMap {
			e, ok = sc.parsers[k]
		} else {
			for j := range sc.ents {
				o := et.Parsers[sc.ents[j].first].Link
				if o.Text == k.text && trimDest(o.Dest) == k.dest {
					e, ok = j, true
					break
				}
			}
		}
		if ok {
			sc.ents[e].n++
			sc.repeats = append(sc.repeats, i)
			continue
		}
		if useMap {
			sc.parsers[k] = len(sc.ents)
		}
		sc.ents = append(sc.ents, dupEntry{first: i, n: 1})
	}
	if len(sc.repeats) == 0 {
		return
	}
	var parts []string
	var related []lint.Related
	for _, e := range sc.ents {
		if e.n > 1 {
			parts = append(parts, fmt.Sprintf("%s (%d times)", et.Parsers[e.first].Link.Text, e.n))
			if len(related) < 3 {
				related = append(related, lint.Related{File: p.Path, Span: et.Parsers[e.first].Link.Span, Message: "first listed here"})
			}
		}
	}
	var msg string
	if len(parts) == 1 {
		msg = fmt.Sprintf("event type %s lists parser %s", et.Name.Value, parts[0])
	} else {
		shown, more := parts, ""
		if len(shown) > 5 {
			more = fmt.Sprintf(" and %d more", len(shown)-5)
			shown = shown[:5]
		}
		msg = fmt.Sprintf("event type %s lists %d parsers more than once: %s%s", et.Name.Value, len(parts), strings.Join(shown, ", "), more)
	}
	// a repeat goes with the separator before it; the link before a
	// repeat is always one of the same event type
	edits := make([]lint.Edit, 0, len(sc.repeats))
	for _, i := range sc.repeats {
		edits = append(edits, lint.Replace(p.Path, model.Span{Start: et.Parsers[i-1].Link.Span.End, End: et.Parsers[i].Link.Span.End}, ""))
	}
	pass.Report(lint.Diagnostic{File: p.Path, Span: et.Parsers[sc.repeats[0]].Link.Span,
		Key:     keys.key("duplicate-entry|" + p.Path + "|" + row + "|parsers|" + et.Name.Value),
		Message: msg, Related: related,
		Fixes: []lint.Fix{{Message: fmt.Sprintf("remove the %d repeated parser links", len(sc.repeats)), Edits: edits}}})
}

// useCases reports a use case listed twice in one data source's chain of
// pages. The pages of a chain share a folder, so the same destination
// written on two of them is the same page.
func (sc *dupScratch) useCases(pass *lint.Pass, keys keyer, pr *model.Product) {
	if sc.ucs == nil {
		sc.ucs = map[string]ucFirst{}
	}
	clear(sc.ucs)
	for _, p := range pr.Pages {
		for i := range p.DataSource.Rows {
			r := &p.DataSource.Rows[i]
			k := r.UseCase.Value
			if r.UseCaseURL != nil && trimDest(r.UseCaseURL.Dest) != "" {
				k = "\x00" + trimDest(r.UseCaseURL.Dest)
			}
			if k == "" {
				continue
			}
			f, ok := sc.ucs[k]
			if !ok {
				sc.ucs[k] = ucFirst{p, r.UseCase.Span}
				continue
			}
			where := "this page"
			if f.page != p {
				where = path.Base(f.page.Path)
			}
			pass.Report(lint.Diagnostic{File: p.Path, Span: r.UseCase.Span,
				Key:     keys.key("duplicate-entry|" + p.Path + "|usecase|" + r.UseCase.Value),
				Message: fmt.Sprintf("use case %s is listed again; it is already a row on %s (line %d)", r.UseCase.Value, where, f.span.Start.Line),
				Related: []lint.Related{{File: f.page.Path, Span: f.span, Message: "first listed here"}}})
		}
	}
}
