package checks

import (
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"
	"unicode"

	"mdlint/internal/textdist"
	"mdlint/lint"
	"mdlint/model"
)

// BrokenLink reports relative links whose target does not exist.
var BrokenLink = &lint.Check{
	Name:     "broken-link",
	Doc:      "a relative link points to a page or file that does not exist",
	Severity: lint.Error,
	Cost:     30,
	Run:      runBrokenLink,
}

// LinkOutsideRoot reports links that cannot work inside the repository:
// relative links that climb above the library root, site-absolute
// links (/x) and file: links.
var LinkOutsideRoot = &lint.Check{
	Name:     "link-outside-root",
	Doc:      "a link climbs above the library root, or is site-absolute or file:, so it cannot work in the repository",
	Severity: lint.Error,
	Cost:     10,
	Run:      runLinkOutsideRoot,
}

// PageChain checks the chain of a data source's pages (ds_x.md,
// 2_ds_x.md, ...): every continuation page is reached by the Next Page
// link of the page before it, and no Next Page link is missing, skips a
// page or loops.
var PageChain = &lint.Check{
	Name:     "page-chain",
	Doc:      "a data source page chain is broken: a continuation page no Next Page link reaches, or a Next Page link that is dangling, skips or loops",
	Severity: lint.Error,
	Run:      runPageChain,
}

// dirOf returns the folder of a slash path, "" for the root.
func dirOf(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return ""
}

// keyer makes finding keys unique: the second finding with the same key
// gets "#2" appended, and so on. Keys stay free of line numbers.
type keyer map[string]int

func (k keyer) key(s string) string {
	k[s]++
	if n := k[s]; n > 1 {
		return fmt.Sprintf("%s#%d", s, n)
	}
	return s
}

// pageStart is the span of a page's first character, for findings about
// a whole page.
var pageStart = model.Span{Start: model.Pos{Line: 1, Col: 1}, End: model.Pos{Line: 1, Col: 1}}

// destSpan is the span to report for a link's destination: the
// destination itself, or the whole link when the destination is empty.
func destSpan(l *model.Link) model.Span {
	if l.DestSpan.IsZero() || l.DestSpan.Start.Offset == l.DestSpan.End.Offset {
		return l.Span
	}
	return l.DestSpan
}

// nextLinkOffset returns the destination offset of a data source page's
// Next Page link, or -1. page-chain checks those links; the link rules
// skip them so one defect is reported once.
func nextLinkOffset(p *model.Page) int {
	if p.DataSource != nil && p.DataSource.Next != nil {
		return int(p.DataSource.Next.DestSpan.Start.Offset)
	}
	return -1
}

// splitDest splits a destination into its path part and its "#fragment"
// suffix (with the '#').
func splitDest(dest string) (string, string) {
	if i := strings.IndexByte(dest, '#'); i >= 0 {
		return dest[:i], dest[i:]
	}
	return dest, ""
}

// trimDest trims white space around a destination, cheaply when there
// is none.
func trimDest(s string) string {
	if s != "" && s[0] > ' ' && s[len(s)-1] > ' ' {
		return s
	}
	return strings.TrimSpace(s)
}

// staysInside reports, without resolving, that a relative destination
// written on a page depth folders deep cannot leave the library: it
// climbs at most depth levels with leading "../" steps and has no other
// "..", no escape and no scheme. It is a filter: false means "resolve
// it".
func staysInside(depth int, dest string) bool {
	if dest[0] == '/' || strings.IndexByte(dest, '%') >= 0 || strings.IndexByte(dest, ':') >= 0 {
		return false
	}
	up := 0
	rest := dest
	for strings.HasPrefix(rest, "../") {
		up++
		rest = rest[3:]
	}
	return up <= depth && !strings.Contains(rest, "..")
}

func isFileScheme(dest string) bool {
	return len(dest) >= 5 && strings.EqualFold(dest[:5], "file:")
}

// looksLikePage reports whether a destination names a Markdown page (so
// a folder of that name is not what the author meant).
func looksLikePage(dest string) bool {
	p, _ := splitDest(dest)
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	return strings.HasSuffix(strings.ToLower(p), ".md")
}

func hasControl(s string) bool {
	return strings.IndexFunc(s, unicode.IsControl) >= 0
}

func runBrokenLink(pass *lint.Pass) {
	lib := pass.Library
	var sg *suggester
	keys := keyer{}
	for _, p := range lib.Pages {
		if len(p.Links) == 0 {
			continue
		}
		next := nextLinkOffset(p)
		for i := range p.Links {
			l := &p.Links[i]
			if int(l.DestSpan.Start.Offset) == next {
				continue
			}
			dest := trimDest(l.Dest)
			if dest == "" {
				pass.Report(lint.Diagnostic{File: p.Path, Span: l.Span, Key: keys.key("broken-link|" + p.Path + "|"),
					Message: "link has an empty destination, so it links nothing"})
				continue
			}
			if dest[0] == '#' {
				continue // an anchor on this page
			}
			var t model.Target
			var ok bool
			if dest == l.Dest {
				t, ok = pass.Library.ResolveLinkAt(p, i) // the rules after share it
			} else {
				t, ok = pass.Library.Resolve(p.Path, dest)
			}
			if !ok {
				pathPart, _ := splitDest(dest)
				_, err := url.PathUnescape(pathPart)
				why := "it is not valid URL encoding"
				if err != nil {
					why = err.Error()
				}
				pass.Report(lint.Diagnostic{File: p.Path, Span: destSpan(l), Key: keys.key("broken-link|" + p.Path + "|" + dest),
					Message: fmt.Sprintf("link destination %s cannot be URL-decoded (%s); write a literal %% as %%25", dest, why)})
				continue
			}
			if t.External || t.Anchor || t.Outside || t.Absolute {
				continue
			}
			if lib.PageOf(t) != nil {
				continue
			}
			if lib.IsDir(t.Path) {
				if looksLikePage(dest) {
					pass.Report(lint.Diagnostic{File: p.Path, Span: destSpan(l), Key: keys.key("broken-link|" + p.Path + "|" + dest),
						Message: fmt.Sprintf("link target %s is a folder, not a page", t.Path)})
				}
				continue
			}
			if lib.Exists(t.Path) {
				continue
			}
			if sg == nil {
				sg = newSuggester(lib)
			}
			pass.Report(brokenLinkDiag(sg, p, l, dest, t, keys))
		}
	}
}

func brokenLinkDiag(sg *suggester, p *model.Page, l *model.Link, dest string, t model.Target, keys keyer) lint.Diagnostic {
	d := lint.Diagnostic{File: p.Path, Span: destSpan(l), Key: keys.key("broken-link|" + p.Path + "|" + dest)}
	pathPart, frag := splitDest(dest)
	var b strings.Builder
	if hasControl(t.Path) {
		fmt.Fprintf(&b, "link destination %s decodes to a control character, which no file name holds", dest)
		d.Message = b.String()
		return d
	}
	if pathPart == t.Path {
		fmt.Fprintf(&b, "link target %s does not exist", t.Path)
	} else {
		fmt.Fprintf(&b, "link %s points to %s, which does not exist", pathPart, t.Path)
	}
	if i := strings.Index(pathPart, "//"); i > 0 {
		b.WriteString("; the destination has an empty folder name (//)")
	}
	// a destination that stopped at a space: the link runs on after it
	spaced := l.Span.End.Offset-l.DestSpan.End.Offset >= 3
	if spaced {
		b.WriteString("; the destination stops at a space (if the space belongs to the file name, write it as %20)")
	}
	if s, ok := sg.suggest(t.Path); ok && !spaced {
		nd := relDest(p.Path, s.path) + frag
		fmt.Fprintf(&b, "; did you mean %s", nd)
		if s.why != "" {
			fmt.Fprintf(&b, " (%s)", s.why)
		}
		b.WriteString("?")
		d.Related = []lint.Related{{File: s.path, Span: pageStart, Message: "this page exists"}}
		d.Fixes = []lint.Fix{{
			Message: "link to " + s.path,
			Edits:   []lint.Edit{lint.Replace(p.Path, l.DestSpan, nd)},
			Unsafe:  !s.exact,
		}}
	}
	d.Message = b.String()
	return d
}

func runLinkOutsideRoot(pass *lint.Pass) {
	lib := pass.Library
	var sg *suggester
	keys := keyer{}
	for _, p := range lib.Pages {
		if len(p.Links) == 0 {
			continue
		}
		next := nextLinkOffset(p)
		depth := strings.Count(p.Path, "/")
		for i := range p.Links {
			l := &p.Links[i]
			if int(l.DestSpan.Start.Offset) == next {
				continue
			}
			dest := trimDest(l.Dest)
			if dest == "" || dest[0] == '#' || (!isFileScheme(dest) && model.IsExternal(dest)) || staysInside(depth, dest) {
				continue
			}
			key := "link-outside-root|" + p.Path + "|" + dest
			if isFileScheme(dest) {
				pass.Report(lint.Diagnostic{File: p.Path, Span: destSpan(l), Key: keys.key(key),
					Message: fmt.Sprintf("link %s points into a local file system, which readers of the repository cannot reach; use a relative link", dest)})
				continue
			}
			t, ok := pass.Library.Resolve(p.Path, dest)
			if !ok || t.External || t.Anchor || (!t.Outside && !t.Absolute) {
				continue
			}
			pathPart, frag := splitDest(dest)
			d := lint.Diagnostic{File: p.Path, Span: destSpan(l), Key: keys.key(key)}
			var inside string
			if t.Outside {
				up := 0
				rest := t.Path
				for strings.HasPrefix(rest, "../") {
					up++
					rest = rest[3:]
				}
				lv := "levels"
				if up == 1 {
					lv = "level"
				}
				d.Message = fmt.Sprintf("link %s climbs %d %s above the library root (to %s)", pathPart, up, lv, t.Path)
				inside = rest
			} else {
				d.Message = fmt.Sprintf("site-absolute link %s does not resolve inside a repository; use a relative link", pathPart)
				inside = t.Path
			}
			target, exact := "", false
			if lib.Page(inside) != nil || (lib.Exists(inside) && !lib.IsDir(inside)) {
				target, exact = inside, true
			} else if inside != "" && !strings.HasPrefix(inside, "..") {
				if sg == nil {
					sg = newSuggester(lib)
				}
				if s, ok := sg.suggest(inside); ok {
					target, exact = s.path, s.exact
				}
			}
			if target != "" {
				nd := relDest(p.Path, target) + frag
				d.Message += fmt.Sprintf("; did you mean %s?", nd)
				d.Related = []lint.Related{{File: target, Span: pageStart, Message: "this page exists"}}
				d.Fixes = []lint.Fix{{
					Message: "link to " + target,
					Edits:   []lint.Edit{lint.Replace(p.Path, l.DestSpan, nd)},
					Unsafe:  !exact,
				}}
			}
			pass.Report(d)
		}
	}
}

// relDest returns the destination to write on page from to link the
// slash path to, relative and URL-escaped where a raw character would
// break the link.
func relDest(from, to string) string {
	fd := strings.Split(path.Dir(from), "/")
	if fd[0] == "." {
		fd = nil
	}
	ts := strings.Split(to, "/")
	c := 0
	for c < len(fd) && c < len(ts)-1 && fd[c] == ts[c] {
		c++
	}
	var b strings.Builder
	for i := c; i < len(fd); i++ {
		b.WriteString("../")
	}
	b.WriteString(strings.Join(ts[c:], "/"))
	return destEscaper.Replace(b.String())
}

var destEscaper = strings.NewReplacer("%", "%25", " ", "%20", "#", "%23", "?", "%3F", "<", "%3C", ">", "%3E")

// suggester finds the page a broken link probably meant. Its index is
// built once per run, and only when a link is broken.
type suggester struct {
	lib   *model.Library
	paths []string         // every page and file
	first map[string]int32 // file name -> first index into paths
	next  []int32          // index of the next path of the same name, or -1
	cache map[string]suggestion
}

type suggestion struct {
	path  string
	why   string
	exact bool // certain enough for a safe fix
	ok    bool
}

// maxFolderScan bounds the spelling search to folders of this size.
const maxFolderScan = 5000

func newSuggester(lib *model.Library) *suggester {
	n := len(lib.Pages) + len(lib.Files)
	s := &suggester{
		lib:   lib,
		paths: make([]string, 0, n),
		first: make(map[string]int32, n),
		next:  make([]int32, 0, n),
		cache: map[string]suggestion{},
	}
	add := func(p string) {
		b := p[strings.LastIndexByte(p, '/')+1:]
		f, ok := s.first[b]
		if !ok {
			f = -1
		}
		s.first[b] = int32(len(s.paths))
		s.paths = append(s.paths, p)
		s.next = append(s.next, f)
	}
	for _, p := range lib.Pages {
		add(p.Path)
	}
	for _, f := range lib.Files {
		add(f)
	}
	return s
}

// named returns the pages and files whose file name is base.
func (s *suggester) named(base string) []string {
	var out []string
	i, ok := s.first[base]
	for ok && i >= 0 {
		out = append(out, s.paths[i])
		i = s.next[i]
	}
	return out
}

// folder returns the names of the pages and files directly in dir. The
// pages are sorted by path, so a folder's pages are one run of them.
func (s *suggester) folder(dir string) []string {
	prefix := dir + "/"
	if dir == "" {
		prefix = ""
	}
	pages := s.lib.Pages
	i := sort.Search(len(pages), func(i int) bool { return pages[i].Path >= prefix })
	var out []string
	for ; i < len(pages) && strings.HasPrefix(pages[i].Path, prefix); i++ {
		rest := pages[i].Path[len(prefix):]
		if strings.IndexByte(rest, '/') < 0 {
			out = append(out, rest)
		}
		if len(out) > maxFolderScan {
			return nil
		}
	}
	for _, f := range s.lib.Files {
		if rest, ok := strings.CutPrefix(f, prefix); ok && strings.IndexByte(rest, '/') < 0 {
			out = append(out, rest)
		}
	}
	return out
}

func (s *suggester) suggest(target string) (suggestion, bool) {
	if r, ok := s.cache[target]; ok {
		return r, r.ok
	}
	r := s.find(target)
	s.cache[target] = r
	return r, r.ok
}

func (s *suggester) find(target string) suggestion {
	if fm := s.lib.FoldMatches(target); len(fm) == 1 && fm[0] != target {
		return suggestion{path: fm[0], why: "the name differs only in case", exact: true, ok: true}
	}
	dir, base := "", target
	if i := strings.LastIndexByte(target, '/'); i >= 0 {
		dir, base = target[:i], target[i+1:]
	}
	// the same file name in another folder
	if cands := s.named(base); len(cands) > 0 {
		if c, ok := closestPath(target, cands); ok {
			return suggestion{path: c, why: "the same name in another folder", ok: true}
		}
	}
	// a close spelling in the same folder
	names := s.folder(dir)
	if len(names) == 0 {
		return suggestion{}
	}
	k := max(1, min(3, len(base)/8))
	best, bestD, ties := "", k+1, 0
	lb := strings.ToLower(base)
	for _, n := range names {
		d := textdist.Levenshtein(lb, strings.ToLower(n), k)
		switch {
		case d < bestD:
			best, bestD, ties = n, d, 1
		case d == bestD:
			ties++
		}
	}
	if best == "" || ties != 1 {
		return suggestion{}
	}
	p := best
	if dir != "" {
		p = dir + "/" + best
	}
	return suggestion{path: p, why: "a close spelling", ok: true}
}

// closestPath picks among paths with the target's file name the one
// sharing the most folders with the target, counted from both ends; it
// fails on a tie.
func closestPath(target string, cands []string) (string, bool) {
	ts := strings.Split(strings.ToLower(target), "/")
	best, bestN, ties := "", -1, 0
	for _, c := range cands {
		if c == target {
			continue
		}
		cs := strings.Split(strings.ToLower(c), "/")
		lead := 0
		for lead < len(ts)-1 && lead < len(cs)-1 && ts[lead] == cs[lead] {
			lead++
		}
		trail := 0
		for trail < len(ts)-lead && trail < len(cs)-lead && ts[len(ts)-1-trail] == cs[len(cs)-1-trail] {
			trail++
		}
		n := lead + trail
		switch {
		case n > bestN:
			best, bestN, ties = c, n, 1
		case n == bestN:
			ties++
		}
	}
	return best, best != "" && ties == 1
}

// chainNumber reads a data source file name: 1 for ds_x.md, N for
// N_ds_x.md, with the first page's name; 0 for other names.
func chainNumber(base string) (int, string) {
	if strings.HasPrefix(base, "ds_") {
		return 1, base
	}
	i := strings.Index(base, "_ds_")
	if i <= 0 {
		return 0, ""
	}
	n := 0
	for _, c := range base[:i] {
		if c < '0' || c > '9' || n > 1e6 {
			return 0, ""
		}
		n = n*10 + int(c-'0')
	}
	if n < 2 {
		return 0, ""
	}
	return n, base[i+1:]
}

// chainPageSpan is where a finding about a whole data source page goes:
// its first use-case row (continuation pages start with the table), or
// the page start.
func chainPageSpan(p *model.Page) model.Span {
	if p.DataSource != nil && len(p.DataSource.Rows) > 0 {
		return p.DataSource.Rows[0].Span
	}
	return pageStart
}

func runPageChain(pass *lint.Pass) {
	for _, pr := range pass.Library.Products() {
		checkChain(pass, pr)
	}
}

func checkChain(pass *lint.Pass, pr *model.Product) {
	lib := pass.Library
	byNum := map[int]*model.Page{}
	maxNum := 0
	for _, p := range pr.Pages {
		n := p.DataSource.PageNumber
		if q := byNum[n]; q != nil {
			pass.Report(lint.Diagnostic{File: p.Path, Span: chainPageSpan(p), Key: "page-chain|" + p.Path + "|number",
				Related: []lint.Related{{File: q.Path, Span: chainPageSpan(q), Message: "the other page with this number"}},
				Message: fmt.Sprintf("page number %d of this chain is also used by %s", n, path.Base(q.Path))})
			continue
		}
		byNum[n] = p
		maxNum = max(maxNum, n)
	}
	reached := map[string]bool{}
	explained := map[string]bool{}
	for _, p := range pr.Pages {
		ds := p.DataSource
		if ds.Next == nil || byNum[ds.PageNumber] != p {
			continue
		}
		n := ds.PageNumber
		l := ds.Next
		d := lint.Diagnostic{File: p.Path, Span: destSpan(l), Key: "page-chain|" + p.Path + "|next"}
		dest := strings.TrimSpace(l.Dest)
		t, ok := pass.Library.Resolve(p.Path, dest)
		switch {
		case dest == "":
			d.Message = "Next Page link has an empty destination"
		case !ok:
			d.Message = fmt.Sprintf("Next Page link %s cannot be URL-decoded", dest)
		case t.External || t.Anchor || t.Absolute || t.Outside:
			d.Message = fmt.Sprintf("Next Page link %s does not lead to a page of this library", dest)
		}
		if d.Message != "" {
			pass.Report(d)
			continue
		}
		want := byNum[n+1]
		tn, tbase := chainNumber(path.Base(t.Path))
		tdir := path.Dir(t.Path)
		if tdir == "." {
			tdir = ""
		}
		inChain := tn > 0 && tdir == pr.Dir && tbase == pr.Base && lib.Exists(t.Path)
		switch {
		case !lib.Exists(t.Path):
			if n == maxNum {
				d.Message = fmt.Sprintf("the last page of the chain has a Next Page link to %s, which does not exist", t.Path)
			} else {
				d.Message = fmt.Sprintf("Next Page link points to %s, which does not exist", t.Path)
			}
		case !inChain:
			d.Message = fmt.Sprintf("Next Page link leads to %s, which is not a page of this chain (%s)", t.Path, pr.Base)
		case tn == n:
			d.Message = "Next Page link points to its own page"
		case tn < n:
			d.Message = fmt.Sprintf("Next Page link on page %d loops back to page %d (%s)", n, tn, path.Base(t.Path))
		case tn > n+1:
			reached[t.Path] = true
			d.Message = fmt.Sprintf("Next Page link skips from page %d to page %d", n, tn)
			if want != nil {
				d.Message += fmt.Sprintf("; %s is not reached", path.Base(want.Path))
				explained[want.Path] = true
			} else {
				d.Message += fmt.Sprintf("; there is no page %d", n+1)
			}
		default:
			reached[t.Path] = true
			continue
		}
		if want != nil && t.Path != want.Path {
			nd := relDest(p.Path, want.Path)
			d.Message += fmt.Sprintf("; the next page is %s", nd)
			d.Fixes = []lint.Fix{{Message: "link to " + nd, Edits: []lint.Edit{lint.Replace(p.Path, l.DestSpan, nd)}}}
		}
		pass.Report(d)
	}
	for _, p := range pr.Pages {
		n := p.DataSource.PageNumber
		if n < 2 || reached[p.Path] || explained[p.Path] || byNum[n] != p {
			continue
		}
		d := lint.Diagnostic{File: p.Path, Span: chainPageSpan(p), Key: "page-chain|" + p.Path + "|unreached"}
		prev := byNum[n-1]
		var why string
		switch {
		case prev == nil && n == 2:
			why = fmt.Sprintf("the chain has no first page %s", pr.Base)
		case prev == nil:
			why = fmt.Sprintf("there is no page %d before it", n-1)
		case prev.DataSource.Next == nil:
			why = fmt.Sprintf("%s has no Next Page link", path.Base(prev.Path))
			if rows := prev.DataSource.Rows; len(rows) > 0 {
				last := rows[len(rows)-1].Span
				d.Related = []lint.Related{{File: prev.Path, Span: last, Message: "the Next Page link belongs under this row"}}
				nd := relDest(prev.Path, p.Path)
				d.Fixes = []lint.Fix{{Message: "add a Next Page link to " + path.Base(prev.Path),
					Edits: []lint.Edit{lint.Replace(prev.Path, model.Span{Start: last.End, End: last.End}, "\n[Next Page -->>]("+nd+")")}}}
			}
		default:
			why = fmt.Sprintf("the Next Page link of %s points to %s", path.Base(prev.Path), strings.TrimSpace(prev.DataSource.Next.Dest))
			d.Related = []lint.Related{{File: prev.Path, Span: destSpan(prev.DataSource.Next), Message: "this Next Page link"}}
		}
		d.Message = fmt.Sprintf("continuation page %d is not reached by any Next Page link: %s", n, why)
		pass.Report(d)
	}
}
