package parser

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWalk pins what the walk lists: sorted pages, folders in walk
// order (hidden ones and node_modules left out), other files, links to
// files followed and links to folders listed but not entered.
func TestWalk(t *testing.T) {
	root := t.TempDir()
	// created out of order: the walk sorts what the folder lists
	for _, rel := range []string{"z/z.md", "b.md", "a.MD", "m/m.txt", "DS/x/ds_x.md", "DS/x/notes.txt", "DS/x/RM/r_m_x.md", ".hidden/h.md", "DS/.git/g.md", "node_modules/n.md", "DS/.h.md", "img.png", "A/a.txt"} {
		p := filepath.Join(root, filepath.FromSlash(rel))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte("x\n"), 0o644))
	}
	require.NoError(t, os.Symlink("b.md", filepath.Join(root, "c.md")))
	require.NoError(t, os.Symlink("DS", filepath.Join(root, "linked")))
	require.NoError(t, os.Symlink("nowhere.txt", filepath.Join(root, "gone.txt")))
	w, err := walk(root, Options{Skip: func(rel string, dir bool) bool { return rel == "DS/x/RM" && dir }})
	require.NoError(t, err)
	assert.Equal(t, []string{"DS/x/ds_x.md", "a.MD", "b.md", "c.md", "z/z.md"}, w.pages)
	assert.Equal(t, []string{"", "A", "DS", "DS/x", "linked", "m", "z"}, w.dirs)
	assert.Equal(t, []string{"A/a.txt", "DS/x/notes.txt", "img.png", "m/m.txt"}, w.files)
	assert.Equal(t, []string{"gone.txt: dangling or looping symbolic link"}, w.errors)
}

// TestLoadThroughLinkedRoot loads a library named by a link to its
// folder, as `mdlint docs` does when docs is a link.
func TestLoadThroughLinkedRoot(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	require.NoError(t, os.MkdirAll(filepath.Join(real, "UseCases"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(real, "UseCases", "uc_x.md"), []byte("# x\n"), 0o644))
	link := filepath.Join(dir, "docs")
	require.NoError(t, os.Symlink("real", link))
	lib, err := LoadLibrary(link, Options{})
	require.NoError(t, err)
	require.Len(t, lib.Pages, 1)
	assert.Equal(t, "UseCases/uc_x.md", lib.Pages[0].Path)
}

// TestLoadManyFolders loads folders of more pages than a batch holds
// and checks every page arrives, in order, with its own bytes, and that
// no folder is left open.
func TestLoadManyFolders(t *testing.T) {
	root := t.TempDir()
	var want []string
	for d := range 40 {
		for p := range 3*batchSize + 1 {
			rel := fmt.Sprintf("d%02d/p%03d.md", d, p)
			want = append(want, rel)
			full := filepath.Join(root, filepath.FromSlash(rel))
			require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
			require.NoError(t, os.WriteFile(full, make([]byte, len(want)), 0o644)) // a size of its own
		}
	}
	before := openFiles(t)
	lib, err := LoadLibrary(root, Options{Workers: 3})
	require.NoError(t, err)
	require.Len(t, lib.Pages, len(want))
	for i, p := range lib.Pages {
		require.Equal(t, want[i], p.Path)
		require.Equal(t, i+1, p.Size, p.Path)
	}
	if before >= 0 {
		assert.Equal(t, before, openFiles(t), "folders left open")
	}
}

// openFiles counts the process's open descriptors, -1 where unknown.
func openFiles(t *testing.T) int {
	if runtime.GOOS != "linux" {
		return -1
	}
	ents, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	return len(ents)
}

// TestNextBatch takes the batches of the first channel before the
// others whenever it has any, and ends when both are closed.
func TestNextBatch(t *testing.T) {
	first, rest := make(chan batch, 8), make(chan batch, 8)
	for i := range 3 {
		rest <- batch{pages: []foundPage{{i: int32(i)}}}
		first <- batch{pages: []foundPage{{i: int32(10 + i)}}, first: true}
	}
	close(first)
	close(rest)
	var got []int32
	for b := range nextBatch(first, rest) {
		got = append(got, b.pages[0].i)
	}
	assert.Equal(t, []int32{10, 11, 12, 0, 1, 2}, got)
}

func TestParseFirst(t *testing.T) {
	for rel, want := range map[string]bool{
		"MitreMap.md": true, "Exabeam Use Cases.md": true, "README.md": true,
		"UseCases/uc_malware.md": true, "UseCases/usecase_x.md": true,
		"DS/a/b/ds_a_b.md": false, "DS/a/b/RM/r_m_a_b_x.md": false, "UseCases/notes.md": false,
	} {
		assert.Equal(t, want, parseFirst(rel), rel)
	}
}
