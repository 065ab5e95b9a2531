//go:build linux

package parser

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mdlint/model"
)

// TestRingReadsLikeReadPage reads a folder's pages of every size around
// the slot's, and pages that cannot be read, through the ring and one
// by one: the bytes and the errors must be the same.
func TestRingReadsLikeReadPage(t *testing.T) {
	r := newRing()
	if r == nil {
		t.Skip("this kernel refuses io_uring: the loader reads page by page")
	}
	defer r.close()
	dir := t.TempDir()
	var names []string
	for i, n := range []int{0, 1, 100, slotSize - 1, slotSize, slotSize + 1, 3*slotSize + 7, 5} {
		name := string(rune('a'+i)) + ".md"
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), bytes.Repeat([]byte{'x', '\n'}, n/2+1)[:n], 0o644))
		names = append(names, name)
	}
	require.NoError(t, os.Symlink("missing.md", filepath.Join(dir, "dangling.md")))
	require.NoError(t, os.Symlink("loop.md", filepath.Join(dir, "loop.md")))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "folder.md"), 0o755))
	names = append(names, "dangling.md", "loop.md", "folder.md", "absent.md")
	require.LessOrEqual(t, len(names), batchSize)

	fd, err := openDir(-100, dir, 0) // AT_FDCWD
	require.NoError(t, err)
	h := &dirHandle{fd: fd}
	h.refs.Store(1)
	defer h.release()
	for round := range 2 { // the ring is reused batch after batch
		require.True(t, r.read(fd, names), "round %d", round)
		for j, name := range names {
			want, wantErr := readPageIn(h, name, nil)
			got, again := r.page(j)
			if again {
				// read again by readPageIn: larger than a slot, or an error
				assert.True(t, wantErr != nil || len(want) >= slotSize, name)
				continue
			}
			require.NoError(t, wantErr, name)
			assert.Equal(t, want, got, name)
			assert.Less(t, len(got), slotSize, name)
		}
		assert.False(t, r.broken)
	}
}

// TestLoadWithoutRing loads libraries with the ring and without it: the
// pages are the same. The second has pages larger than a slot and than
// the ring's whole room beside small ones, in a folder and at the root.
func TestLoadWithoutRing(t *testing.T) {
	big := t.TempDir()
	for i, n := range []int{0, 100, slotSize + 1, 70 << 10, 5, (batchSize+2)*slotSize + 3, 7} {
		for _, dir := range []string{"DS/a/b/RM", ""} {
			rel := filepath.Join(dir, fmt.Sprintf("r_m_%d.md", i))
			full := filepath.Join(big, rel)
			require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
			line := []byte("| <b>T1 - A</b><br> ↳ <b>R1</b>: d<br> |\n")
			require.NoError(t, os.WriteFile(full, bytes.Repeat(line, n/len(line)+1)[:n], 0o644))
		}
	}
	for _, root := range []string{filepath.Join("..", "testdata", "example"), big} {
		ringOff = false
		with, err := LoadLibrary(root, Options{Fingerprint: true})
		require.NoError(t, err)
		ringOff = true
		without, err := LoadLibrary(root, Options{Fingerprint: true})
		ringOff = false
		require.NoError(t, err)
		require.NotEmpty(t, with.Pages)
		assert.Equal(t, without.Pages, with.Pages, root)
		assert.Equal(t, without.Fingerprint, with.Fingerprint, root)
	}
}

// TestBrokenRingReadsOnItsOwn breaks a worker's ring after its first
// batch, as a failed submission does: the worker then reads every page
// into a buffer of its own, and the pages are those of a load without
// a ring.
func TestBrokenRingReadsOnItsOwn(t *testing.T) {
	root := t.TempDir()
	for i, n := range []int{10, slotSize + 5, 3 * slotSize, 20} {
		for _, dir := range []string{"a", "b", "c"} {
			full := filepath.Join(root, dir, fmt.Sprintf("p%d.md", i))
			require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
			link := []byte("[" + dir + "](" + dir + ".md)\n")
			require.NoError(t, os.WriteFile(full, bytes.Repeat(link, n/len(link)+1)[:n], 0o644))
		}
	}
	var batches []batch
	w, err := walkLibrary(root, Options{}, func(b batch) { batches = append(batches, b) })
	require.NoError(t, err)
	require.Len(t, batches, 3)
	lw := &loadWorker{m: newMD(), r: newRing(), root: root}
	if lw.r == nil {
		t.Skip("this kernel refuses io_uring")
	}
	defer lw.r.close()
	for i, b := range batches {
		if i == 1 {
			lw.r.broken = true
		}
		lw.batch(b)
	}
	ringOff = true
	want, err := LoadLibrary(root, Options{})
	ringOff = false
	require.NoError(t, err)
	require.Len(t, lw.got, len(want.Pages))
	pages := make([]*model.Page, len(want.Pages))
	for _, l := range lw.got {
		pages[w.rank[l.i]] = l.page
		assert.NotEmpty(t, l.page.Links, l.page.Path)
	}
	(&model.Library{Root: root, Pages: pages}).Index() // as LoadLibrary does
	assert.Equal(t, want.Pages, pages)
	assert.False(t, lw.inRoom)
}
