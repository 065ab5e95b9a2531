package model

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
)

// resolveSlow is Resolve without its fast path.
func resolveSlow(from, dest string) (Target, bool) {
	defer func(f func(string, string) (string, bool)) { fastPath = f }(fastPath)
	fastPath = func(string, string) (string, bool) { return "", false }
	return Resolve(from, dest)
}

// TestResolveFastPath checks that the fast path for plain relative
// links agrees with the general path on every kind of destination.
func TestResolveFastPath(t *testing.T) {
	froms := []string{"README.md", "Exabeam Data Sources.md", "DS/ds__.md", "DS/Acme/acme_edr/ds_acme_acme_edr.md", "DS/Acme/acme_edr/RM/r_m_x.md", "UseCases/uc_malware.md", "a/b.md"}
	dests := []string{
		"Ps/pC_x.md", "../../../UseCases/uc_x.md", "../../../../UseCases/uc_&_x.md", "../ds_x.md", "RM/r_m_a_(ips)_b.md",
		"../../../UseCases/uc_abnormal_authentication_&_access.md", "../DS/McAfee/x_(ips)/ds_x_(ips).md",
		"DS//x/ds__x.md", "DS///ds__.md", "../DS///ds__.md", "./a.md", "a/./b.md", "a/../b.md", "a/", ".", "..", "../", ".hidden.md",
		"a%20b.md", "Exabeam%20Data%20Sources.md", "a%zz.md", "https://x.org/a", "mailto:a@b.c", "//host/a", "/abs.md", "#frag", "a.md#frag", "a.md?q=1",
		" a.md ", "a b.md", "C:/x.md", "file:///x.md", "a..b.md", "a/b..md", "...md", "..x/y.md", "c/..", "c/.", "", "../../../../../../x.md",
	}
	fast := 0
	for _, from := range froms {
		for _, dest := range dests {
			want, wok := resolveSlow(from, dest)
			got, gok := Resolve(from, dest)
			assert.Equal(t, wok, gok, "%s from %s", dest, from)
			assert.Equal(t, want, got, "%s from %s", dest, from)
			if _, ok := resolvePlain(dirOf(from), dest); ok {
				fast++
			}
		}
	}
	assert.Greater(t, fast, 20, "the fast path must be exercised")

	// Library.Resolve gives the same targets, taking the path strings of
	// the pages it names from the pages
	lib := &Library{}
	for _, p := range []string{"DS/Acme/acme_edr/Ps/pC_x.md", "DS/Acme/acme_edr/RM/r_m_a_(ips)_b.md", "UseCases/uc_x.md", "DS/Acme/ds_x.md", "a/Ps/pC_x.md", "DS/Acme/acme_edr/ds_acme_acme_edr.md"} {
		lib.Pages = append(lib.Pages, &Page{Path: p})
	}
	lib.Index()
	reused := 0
	for _, from := range froms {
		for _, dest := range dests {
			want, wok := Resolve(from, dest)
			got, gok := lib.Resolve(from, dest)
			assert.Equal(t, wok, gok, "%s from %s", dest, from)
			assert.Equal(t, lib.Page(got.Path), lib.PageOf(got), "%s from %s", dest, from)
			got.page = nil
			assert.Equal(t, want, got, "%s from %s", dest, from)
			if p := lib.Page(got.Path); p != nil && unsafe.StringData(p.Path) == unsafe.StringData(got.Path) {
				reused++
			}
		}
	}
	assert.Greater(t, reused, 5, "Library.Resolve must hand out the pages' own paths")
}

// TestResolveLink checks that ResolveLink answers as Resolve does for
// the links of a page, for copies of them, for links that are not the
// page's (another position or destination) and for a page that is not
// the library's, and that the table of targets answers the plain ones.
func TestResolveLink(t *testing.T) {
	dests := []string{"Ps/pC_x.md", "../ds_x.md", "RM/r_m_a_(ips)_b.md", "../../../UseCases/uc_x.md", "a.md#frag", "https://x.org/a",
		"missing.md", "", "#frag", " Ps/pC_x.md ", "Ps/../Ps/pC_x.md", "%50s/pC_x.md", "../../../../../../x.md"}
	lib := &Library{}
	for _, p := range []string{"DS/Acme/acme_edr/Ps/pC_x.md", "DS/Acme/acme_edr/RM/r_m_a_(ips)_b.md", "UseCases/uc_x.md", "DS/Acme/ds_x.md"} {
		lib.Pages = append(lib.Pages, &Page{Path: p})
	}
	from := &Page{Path: "DS/Acme/acme_edr/ds_acme_acme_edr.md"}
	for i, d := range dests {
		off := int32(10 * i)
		from.Links = append(from.Links, Link{Dest: d, Span: Span{Start: Pos{Offset: off}}})
	}
	lib.Pages = append(lib.Pages, from)
	lib.Index()
	same := func(l *Link, p *Page) {
		t.Helper()
		want, wok := lib.Resolve(p.Path, l.Dest)
		got, gok := lib.ResolveLink(p, l)
		assert.Equal(t, wok, gok, "%q", l.Dest)
		assert.Equal(t, want, got, "%q", l.Dest)
	}
	for i := range from.Links {
		same(&from.Links[i], from)
		want, wok := lib.Resolve(from.Path, from.Links[i].Dest)
		got, gok := lib.ResolveLinkAt(from, i)
		assert.Equal(t, wok, gok, "%q", from.Links[i].Dest)
		assert.Equal(t, want, got, "%q", from.Links[i].Dest)
		c := from.Links[i] // a copy, as the page's tables hold
		same(&c, from)
		c.Span.Start.Offset++ // not a link of the page
		same(&c, from)
		c = from.Links[i]
		c.Dest = "Ps/pC_x.md" // the page's position, another destination
		same(&c, from)
	}
	stranger := &Page{Path: from.Path, Links: from.Links}
	for i := range stranger.Links {
		same(&stranger.Links[i], stranger)
	}
	hits := 0
	for _, p := range lib.linkTargets().page {
		if p != nil {
			hits++
		}
	}
	assert.Equal(t, 4, hits, "the plain links to pages are in the table")

	// and ResolveLink answers from it: a table that says otherwise wins
	lt := lib.linkTargets()
	k := int(lt.start[from.idx])
	lt.page[k] = lib.Pages[2]
	got, ok := lib.ResolveLink(from, &from.Links[0])
	assert.True(t, ok)
	assert.Equal(t, lib.Pages[2].Path, got.Path, "the table is consulted")
	// also for a copy of a later link, found by its offset
	lt.page[k+2] = lib.Pages[2]
	c := from.Links[2]
	got, ok = lib.ResolveLink(from, &c)
	assert.True(t, ok)
	assert.Equal(t, lib.Pages[2].Path, got.Path, "the table is consulted for a copy")
}

// TestLinkIndexByAddress: a link that is one of the page's (rows point
// into Page.Links) is placed by its address, even where its position
// would not tell it from another; a copy is found by its position.
func TestLinkIndexByAddress(t *testing.T) {
	p := &Page{Links: []Link{{Dest: "a"}, {Dest: "b"}, {Dest: "c", Span: Span{Start: Pos{Offset: 10}}}}}
	for i := range p.Links {
		assert.Equal(t, i, p.linkIndex(&p.Links[i]), "link %d by its address", i)
	}
	c := p.Links[2]
	assert.Equal(t, 2, p.linkIndex(&c), "a copy, by its position")
	c.Span.Start.Offset++
	assert.Equal(t, -1, p.linkIndex(&c), "not the page's")
	other := []Link{p.Links[1]}
	assert.Equal(t, -1, p.linkIndex(&other[0]), "a copy of b: its position is a's")
	assert.Equal(t, -1, (&Page{}).linkIndex(&c), "a page without links")
}
