package model

import (
	"net/url"
	"path"
	"sort"
	"strings"
	"sync"
	"unsafe"

	"mdlint/internal/par"
)

// Product is a data source product: the chain of its data source pages
// (ds_x.md, 2_ds_x.md, ...) and the rule/model, correlation-rule and
// parser pages in its folder.
type Product struct {
	Dir     string  // slash folder of the product ("" for the root)
	Base    string  // file name of the first page, e.g. ds_acme_edr.md
	Pages   []*Page // data source pages ordered by page number
	RMPages []*Page // RM/ (or Rules_Models/) pages of this folder
	CRPages []*Page // CR/ pages of this folder
}

// First returns the first page of the chain, or nil when only
// continuation pages exist.
func (p *Product) First() *Page {
	if len(p.Pages) > 0 && p.Pages[0].DataSource.PageNumber == 1 {
		return p.Pages[0]
	}
	return nil
}

type derived struct {
	once     sync.Once
	products []*Product
	byPage   map[string]*Product

	memoMu sync.Mutex
	memos  map[any]*memo

	linksOnce sync.Once
	links     *linkTargets
}

type memo struct {
	once sync.Once
	v    any
}

// ForgetMemos drops what Memo keeps (and the table of link targets),
// for benchmarks that check one library again and again and must pay
// each time what a run pays.
func (l *Library) ForgetMemos() {
	l.d.memoMu.Lock()
	l.d.memos = nil
	l.d.memoMu.Unlock()
	l.d.linksOnce, l.d.links = sync.Once{}, nil
}

// Memo returns the value computed by build for key, calling build once
// per library and key even when checks ask concurrently. Checks keep
// what they derive from a library here, so that it lives exactly as
// long as the library. Keys should be values of an unexported type.
func (l *Library) Memo(key any, build func() any) any {
	l.d.memoMu.Lock()
	if l.d.memos == nil {
		l.d.memos = map[any]*memo{}
	}
	m := l.d.memos[key]
	if m == nil {
		m = &memo{}
		l.d.memos[key] = m
	}
	l.d.memoMu.Unlock()
	m.once.Do(func() { m.v = build() })
	return m.v
}

// Products groups the data source pages into products (sorted by folder
// and base name). It is computed once and safe for concurrent use.
func (l *Library) Products() []*Product {
	l.derive()
	return l.d.products
}

// ProductOf returns the product a page belongs to (data source, RM, CR
// or parser page in the product's folder), or nil.
func (l *Library) ProductOf(p *Page) *Product {
	l.derive()
	return l.d.byPage[p.Path]
}

func (l *Library) derive() {
	l.d.once.Do(func() {
		byKey := map[string]*Product{}
		byDir := map[string][]*Product{}
		for _, p := range l.Pages {
			if p.DataSource == nil {
				continue
			}
			dir := path.Dir(p.Path)
			if dir == "." {
				dir = ""
			}
			key := dir + "/" + p.DataSource.Base
			pr := byKey[key]
			if pr == nil {
				pr = &Product{Dir: dir, Base: p.DataSource.Base}
				byKey[key] = pr
				byDir[dir] = append(byDir[dir], pr)
				l.d.products = append(l.d.products, pr)
			}
			pr.Pages = append(pr.Pages, p)
		}
		l.d.byPage = map[string]*Product{}
		for _, pr := range l.d.products {
			sort.SliceStable(pr.Pages, func(i, j int) bool {
				return pr.Pages[i].DataSource.PageNumber < pr.Pages[j].DataSource.PageNumber
			})
			for _, p := range pr.Pages {
				l.d.byPage[p.Path] = pr
			}
		}
		for _, p := range l.Pages {
			if p.Kind != KindRM && p.Kind != KindCR && p.Kind != KindParser {
				continue
			}
			dir := path.Dir(path.Dir(p.Path))
			if dir == "." {
				dir = ""
			}
			prs := byDir[dir]
			if len(prs) != 1 {
				// several products share a folder only in damaged
				// trees; attach by the product link instead
				pr := l.productByLink(p, byKey)
				if pr == nil {
					continue
				}
				prs = []*Product{pr}
			}
			pr := prs[0]
			switch p.Kind {
			case KindRM:
				pr.RMPages = append(pr.RMPages, p)
			case KindCR:
				pr.CRPages = append(pr.CRPages, p)
			}
			l.d.byPage[p.Path] = pr
		}
		sort.Slice(l.d.products, func(i, j int) bool {
			a, b := l.d.products[i], l.d.products[j]
			if a.Dir != b.Dir {
				return a.Dir < b.Dir
			}
			return a.Base < b.Base
		})
	})
}

func (l *Library) productByLink(p *Page, byKey map[string]*Product) *Product {
	if p.RM == nil || p.RM.Product == nil {
		return nil
	}
	t, ok := Resolve(p.Path, p.RM.Product.Dest)
	if !ok || t.Outside || t.External {
		return nil
	}
	dir := path.Dir(t.Path)
	if dir == "." {
		dir = ""
	}
	return byKey[dir+"/"+path.Base(t.Path)]
}

// Target is where a link leads.
type Target struct {
	Path     string // slash path relative to the root, cleaned, decoded
	Fragment string
	External bool // has a scheme (https:, mailto:) or is protocol-relative
	Outside  bool // climbs above the library root
	Absolute bool // starts with "/" (site-absolute, not resolvable here)
	Anchor   bool // only a fragment (#section)

	page *Page // the page Library.Resolve found there, for Library.PageOf
}

// Resolve resolves link destination dest written on the page at slash
// path from. It URL-decodes the path. ok is false when the destination
// cannot be decoded.
func Resolve(from, dest string) (Target, bool) {
	if p, ok := fastPath(dirOf(from), dest); ok {
		return Target{Path: p}, true
	}
	d := strings.TrimSpace(dest)
	if d == "" {
		return Target{Path: from, Anchor: true}, true
	}
	if i := strings.IndexByte(d, '#'); i >= 0 {
		d, frag := d[:i], d[i+1:]
		t, ok := Resolve(from, d)
		t.Fragment = frag
		if d == "" {
			t = Target{Path: from, Fragment: frag, Anchor: true}
		}
		return t, ok
	}
	if IsExternal(d) {
		return Target{External: true}, true
	}
	if i := strings.IndexByte(d, '?'); i >= 0 {
		d = d[:i]
	}
	dec, err := url.PathUnescape(d)
	if err != nil {
		return Target{}, false
	}
	if strings.HasPrefix(dec, "/") {
		return Target{Path: strings.TrimPrefix(path.Clean(dec), "/"), Absolute: true}, true
	}
	dir := path.Dir(from)
	if dir == "." {
		dir = ""
	}
	joined := dec
	if dir != "" {
		joined = dir + "/" + dec
	}
	// count depth to detect climbing above the root
	depth := 0
	for _, seg := range strings.Split(joined, "/") {
		switch seg {
		case "", ".":
		case "..":
			depth--
			if depth < 0 {
				return Target{Path: path.Clean(joined), Outside: true}, true
			}
		default:
			depth++
		}
	}
	c := path.Clean(joined)
	if c == "." {
		c = ""
	}
	return Target{Path: c}, true
}

// Resolve is model.Resolve for a link of l. When the link names a page
// of l by a plain relative path (most links do), the target's path is
// that page's own Path, found without building a new string: the rules
// resolve every link of a library, several times.
func (l *Library) Resolve(from, dest string) (Target, bool) {
	if p := l.plainPage(from, dest); p != nil {
		return Target{Path: p.Path, page: p}, true
	}
	return Resolve(from, dest)
}

// plainPage is Resolve's fast path: the page dest names by a plain
// relative path from the page at from, or nil.
func (l *Library) plainPage(from, dest string) *Page {
	if l.byPath == nil {
		return nil
	}
	up, rest, ok := plainRel(dest)
	if !ok {
		return nil
	}
	var buf [256]byte
	b, ok := appendPlain(buf[:0], dirOf(from), up, rest)
	if !ok {
		return nil
	}
	return l.byPath[string(b)]
}

// ResolveLink is Resolve(p.Path, link.Dest) for a link of page p (one of
// p.Links or a copy of one). Each link of a library is resolved once,
// on first use, for all the rules that follow it: a link found in
// p.Links by its position answers from that table.
func (l *Library) ResolveLink(p *Page, link *Link) (Target, bool) {
	if i := p.linkIndex(link); i >= 0 {
		return l.ResolveLinkAt(p, i) // the same destination
	}
	return l.Resolve(p.Path, link.Dest)
}

// ResolveLinkAt is ResolveLink for p.Links[i], for a rule that goes
// through the page's links.
func (l *Library) ResolveLinkAt(p *Page, i int) (Target, bool) {
	if t := l.tableTarget(p, i); t != nil {
		return Target{Path: t.Path, page: t}, true
	}
	return l.Resolve(p.Path, p.Links[i].Dest)
}

// tableTarget is the page p.Links[i] names by a plain path, from the
// table, or nil (not in the table, or not p's library).
func (l *Library) tableTarget(p *Page, i int) *Page {
	pi := int(p.idx)
	if pi >= len(l.Pages) || l.Pages[pi] != p || i >= len(p.Links) {
		return nil
	}
	lt := l.linkTargets()
	return lt.page[int(lt.start[pi])+i]
}

// linkIndex returns the index in p.Links of the link at link's position
// with link's destination, or -1. A link that is one of p.Links (rows
// point into them) is placed by its address.
func (p *Page) linkIndex(link *Link) int {
	ls, off := p.Links, link.Span.Start.Offset
	if len(ls) > 0 {
		base, size := uintptr(unsafe.Pointer(&ls[0])), unsafe.Sizeof(ls[0])
		if at := uintptr(unsafe.Pointer(link)); at >= base && at < base+uintptr(len(ls))*size && (at-base)%size == 0 {
			return int((at - base) / size)
		}
	}
	lo, hi := 0, len(ls)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if ls[m].Span.Start.Offset < off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(ls) && ls[lo].Span.Start.Offset == off && ls[lo].Dest == link.Dest {
		return lo
	}
	return -1
}

// linkTargets is, for the links of every page in page order, the page
// each names by a plain relative path (plainPage), or nil.
type linkTargets struct {
	start []int32 // the first link of Pages[i] in page
	page  []*Page
}

// linkTargets builds the table once; every rule that follows links asks
// for it, so it has its own sync.Once rather than a Memo (whose lock all
// of them would share).
func (l *Library) linkTargets() *linkTargets {
	l.d.linksOnce.Do(func() {
		lt := &linkTargets{start: make([]int32, len(l.Pages)+1)}
		for i, p := range l.Pages {
			lt.start[i+1] = lt.start[i] + int32(len(p.Links))
		}
		lt.page = make([]*Page, lt.start[len(l.Pages)])
		par.Each(len(l.Pages), 0, func() func(int) {
			return func(i int) {
				p, out := l.Pages[i], lt.page[lt.start[i]:lt.start[i+1]]
				for j := range p.Links {
					out[j] = l.plainPage(p.Path, p.Links[j].Dest)
				}
			}
		})
		l.d.links = lt
	})
	return l.d.links
}

// PageOf returns the page of l at t's path, or nil; for a target that
// l.Resolve gave, without a second lookup.
func (l *Library) PageOf(t Target) *Page {
	if t.page != nil {
		return t.page
	}
	return l.Page(t.Path)
}

// appendPlain appends resolvePlain's result to b.
func appendPlain(b []byte, dir string, up int, rest string) ([]byte, bool) {
	dir, ok := climb(dir, up)
	if !ok {
		return nil, false
	}
	if dir != "" {
		b = append(append(b, dir...), '/')
	}
	return append(b, rest...), true
}

// IsExternal reports whether a link destination leaves the library: it
// has a URL scheme (https:, mailto:, file:) or is protocol-relative.
func IsExternal(dest string) bool {
	return hasScheme(dest) || strings.HasPrefix(dest, "//")
}

func hasScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case c == ':' && i > 1:
			return true
		default:
			return false
		}
	}
	return false
}

// dirOf returns the folder of a slash path, "" for the root.
func dirOf(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return ""
}

// fastPath is resolvePlain; tests replace it to compare with the
// general path.
var fastPath = resolvePlain

// resolvePlain is Resolve's fast path for the plain relative paths the
// generator writes (about a million per library). It fails, leaving the
// decision to the general path, on escapes, schemes, fragments, queries,
// "." segments after the leading "../" steps, empty segments, and climbs
// above the root.
func resolvePlain(dir, dest string) (string, bool) {
	up, rest, ok := plainRel(dest)
	if !ok {
		return "", false
	}
	if dir, ok = climb(dir, up); !ok {
		return "", false
	}
	if dir == "" {
		return rest, true
	}
	return dir + "/" + rest, true
}

// climb returns the folder up steps above dir; ok is false above the
// root.
func climb(dir string, up int) (string, bool) {
	for ; up > 0; up-- {
		if dir == "" {
			return "", false
		}
		dir = dirOf(dir)
	}
	return dir, true
}

// plainRel splits a destination for the fast path: the number of
// leading "../" steps and the rest, which must be plain segments.
func plainRel(dest string) (up int, rest string, ok bool) {
	if dest == "" || dest[0] == '/' || dest[len(dest)-1] == '/' {
		return 0, "", false
	}
	rest = dest
	for len(rest) >= 3 && rest[0] == '.' && rest[1] == '.' && rest[2] == '/' {
		up++
		rest = rest[3:]
	}
	segStart := true
	for i := 0; i < len(rest); i++ {
		switch destClass[rest[i]] {
		case dcPlain:
			segStart = false
		case dcSlash:
			if segStart {
				return 0, "", false // empty segment
			}
			segStart = true
		case dcDot:
			if segStart {
				return 0, "", false // ".", ".." or a dot name: let Clean decide
			}
		default:
			return 0, "", false // escape, scheme, query, fragment, space
		}
	}
	return up, rest, !segStart
}

// Byte classes of a destination for plainRel.
const (
	dcPlain = iota
	dcSlash
	dcDot
	dcStop
)

var destClass = func() (t [256]uint8) {
	for _, c := range "%?#:\\ \t\r\n" {
		t[c] = dcStop
	}
	t['/'], t['.'] = dcSlash, dcDot
	return t
}()
