package cache

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mdlint/lint"
	"mdlint/model"
	"mdlint/parser"
)

// store records diags for the library at root as a run would.
func store(t *testing.T, c *Cache, root, key string, diags []lint.Diagnostic) {
	t.Helper()
	lib, err := parser.LoadLibrary(root, parser.Options{Fingerprint: true})
	require.NoError(t, err)
	require.NoError(t, c.Store(root, entryOf(lib, key, diags)))
}

func entryOf(lib *model.Library, key string, diags []lint.Diagnostic) *Entry {
	e := &Entry{Key: key, Content: lib.Fingerprint, Files: len(lib.Pages), Sums: lib.PageSums, Diags: diags}
	for _, p := range lib.Pages {
		e.Pages = append(e.Pages, p.Path)
	}
	return e
}

func TestLookupNeverServesAStaleEntry(t *testing.T) {
	root := t.TempDir()
	page := filepath.Join(root, "a.md")
	require.NoError(t, os.WriteFile(page, []byte("| 1 |"), 0o644))
	stamp := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	require.NoError(t, os.Chtimes(page, stamp, stamp))
	c := &Cache{Dir: t.TempDir()}
	key := Key("v1", "config")

	_, ok := c.Lookup(root, key, lint.AllParts, nil, parser.Options{})
	assert.False(t, ok, "empty cache")

	diags := []lint.Diagnostic{{File: "a.md", Rule: "x", Severity: lint.Error, Message: "m"}}
	store(t, c, root, key, diags)

	e, ok := c.Lookup(root, key, lint.AllParts, nil, parser.Options{})
	require.True(t, ok)
	assert.Equal(t, diags, e.Diags)
	e, ok = c.Lookup(root, key, lint.AllParts, []string{"a.md"}, parser.Options{})
	require.True(t, ok, "a named page that did not change")
	assert.Equal(t, diags, e.Diags)

	_, ok = c.Lookup(root, Key("v2", "config"), lint.AllParts, nil, parser.Options{})
	assert.False(t, ok, "another version or config must miss")

	// an edit that keeps size and time must still miss, named or not
	require.NoError(t, os.WriteFile(page, []byte("| 2 |"), 0o644))
	require.NoError(t, os.Chtimes(page, stamp, stamp))
	_, ok = c.Lookup(root, key, lint.AllParts, nil, parser.Options{})
	assert.False(t, ok)
	_, ok = c.Lookup(root, key, lint.AllParts, []string{"a.md"}, parser.Options{})
	assert.False(t, ok)
}

// A named page that changed is a miss found from that page alone; one
// that did not change still leaves the answer to the whole library.
func TestLookupNamedPages(t *testing.T) {
	root := t.TempDir()
	for _, p := range []string{"a.md", "b.md", "sub/c.md"} {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(root, p)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, p), []byte("page "+p), 0o644))
	}
	c := &Cache{Dir: t.TempDir()}
	key := Key("v1")
	store(t, c, root, key, nil)

	// the entry's header alone: the pages and their sums, as stored
	b, err := os.ReadFile(c.file(root))
	require.NoError(t, err)
	e, err := DecodeEntry(b)
	require.NoError(t, err)
	assert.Equal(t, []string{"a.md", "b.md", "sub/c.md"}, e.Pages)
	require.Len(t, e.Sums, 3)
	assert.Equal(t, parser.PageSum([]byte("page sub/c.md")), e.Sums[2])

	h := &header{Pages: "a.md\x00b.md\x00sub/c.md", Sums: append(append(append([]byte{}, e.Sums[0]...), e.Sums[1]...), e.Sums[2]...)}
	assert.False(t, h.changed(root, []string{"sub/c.md", "a.md"}, h.index()))
	assert.False(t, h.changed(root, []string{"gone.md"}, h.index()), "a page that cannot be read is left to the fingerprint")
	require.NoError(t, os.WriteFile(filepath.Join(root, "new.md"), []byte("new"), 0o644))
	assert.True(t, h.changed(root, []string{"new.md"}, h.index()), "a page the entry does not have")
	require.NoError(t, os.WriteFile(filepath.Join(root, "b.md"), []byte("page b.md, edited"), 0o644))
	assert.True(t, h.changed(root, []string{"a.md", "b.md"}, h.index()))

	// an edit to a page not named: the fingerprint still finds it
	require.NoError(t, os.Remove(filepath.Join(root, "new.md")))
	require.NoError(t, os.WriteFile(filepath.Join(root, "b.md"), []byte("page b.md"), 0o644))
	_, ok := c.Lookup(root, key, lint.AllParts, []string{"a.md"}, parser.Options{})
	require.True(t, ok, "the library as stored")
	require.NoError(t, os.WriteFile(filepath.Join(root, "sub/c.md"), []byte("page c, edited"), 0o644))
	_, ok = c.Lookup(root, key, lint.AllParts, []string{"a.md"}, parser.Options{})
	assert.False(t, ok)
}

// BenchmarkLookup looks up an entry of a library of 4,000 pages: a hit,
// a miss on the first page the lookup reads and one on the last.
func BenchmarkLookup(b *testing.B) {
	root := b.TempDir()
	var pages []string
	for d := range 100 {
		for p := range 40 {
			rel := fmt.Sprintf("d%03d/p%02d.md", d, p)
			full := filepath.Join(root, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(full, bytes.Repeat([]byte(rel+" | "), 200), 0o644); err != nil {
				b.Fatal(err)
			}
			pages = append(pages, full)
		}
	}
	c := &Cache{Dir: b.TempDir()}
	lib, err := parser.LoadLibrary(root, parser.Options{Fingerprint: true})
	if err != nil {
		b.Fatal(err)
	}
	if err := c.Store(root, entryOf(lib, "k", nil)); err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		page string
	}{{"hit", ""}, {"miss-first", pages[0]}, {"miss-last", pages[len(pages)-1]}} {
		b.Run(bc.name, func(b *testing.B) {
			if bc.page != "" {
				old, _ := os.ReadFile(bc.page)
				os.WriteFile(bc.page, append(old, 'x'), 0o644)
				defer os.WriteFile(bc.page, old, 0o644)
			}
			for b.Loop() {
				if _, ok := c.Lookup(root, "k", lint.AllParts, nil, parser.Options{}); ok != (bc.page == "") {
					b.Fatalf("hit %v", ok)
				}
			}
		})
	}
}

// A page whose name holds a line break keeps its place among the pages
// of the entry: the library still hits.
func TestLookupOddNames(t *testing.T) {
	root := t.TempDir()
	for _, p := range []string{"a\nb.md", "c.md", "q\"uote's.md"} {
		require.NoError(t, os.WriteFile(filepath.Join(root, p), []byte("page "+p), 0o644))
	}
	c := &Cache{Dir: t.TempDir()}
	store(t, c, root, "k", nil)
	_, ok := c.Lookup(root, "k", lint.AllParts, []string{"c.md", "a\nb.md"}, parser.Options{})
	assert.True(t, ok)
}

// A library with a page that cannot be read (a dangling link) is still
// answered from the cache while nothing changes.
func TestLookupUnreadablePage(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, "a.md"), []byte("page a"), 0o644))
	require.NoError(t, os.Symlink("missing.md", filepath.Join(root, "gone.md")))
	lib, err := parser.LoadLibrary(root, parser.Options{Fingerprint: true})
	require.NoError(t, err)
	want, err := parser.Fingerprint(root, parser.Options{})
	require.NoError(t, err)
	require.Equal(t, want, lib.Fingerprint, "the loader and Fingerprint agree")
	c := &Cache{Dir: t.TempDir()}
	store(t, c, root, "k", nil)
	_, ok := c.Lookup(root, "k", lint.AllParts, []string{"gone.md"}, parser.Options{})
	assert.True(t, ok)
	require.NoError(t, os.Remove(filepath.Join(root, "gone.md")))
	require.NoError(t, os.WriteFile(filepath.Join(root, "gone.md"), []byte("back"), 0o644))
	_, ok = c.Lookup(root, "k", lint.AllParts, nil, parser.Options{})
	assert.False(t, ok, "the page can be read now")
}

// An entry built without some parts of its findings answers only the
// runs that do not need them.
func TestLookupNeedsParts(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, "a.md"), []byte("| 1 |"), 0o644))
	c := &Cache{Dir: t.TempDir()}
	lib, err := parser.LoadLibrary(root, parser.Options{Fingerprint: true})
	require.NoError(t, err)
	diags := []lint.Diagnostic{{File: "a.md", Rule: "x", Severity: lint.Error, Message: "m", Fixes: lint.OmittedFixes()}}
	e := entryOf(lib, "k", diags)
	e.Omitted = lint.PartKey | lint.PartEdits
	require.NoError(t, c.Store(root, e))
	got, ok := c.Lookup(root, "k", 0, nil, parser.Options{})
	require.True(t, ok, "a run that needs neither")
	assert.Equal(t, e.Omitted, got.Omitted)
	assert.Len(t, got.Diags[0].Fixes, 1, "still fixable")
	for _, need := range []lint.Parts{lint.PartKey, lint.PartEdits, lint.AllParts} {
		_, ok := c.Lookup(root, "k", need, nil, parser.Options{})
		assert.False(t, ok, "need %b", need)
	}
	e.Omitted = lint.PartEdits
	require.NoError(t, c.Store(root, e))
	_, ok = c.Lookup(root, "k", lint.PartKey, nil, parser.Options{})
	assert.True(t, ok, "keys were built")
}
