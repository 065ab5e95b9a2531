package parser

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFingerprint(t *testing.T) {
	root := t.TempDir()
	p := filepath.Join(root, "a.md")
	require.NoError(t, os.WriteFile(p, []byte("| 1 |"), 0o644))
	stamp := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	require.NoError(t, os.Chtimes(p, stamp, stamp))
	cont1, err := Fingerprint(root, Options{})
	require.NoError(t, err)

	// same size, same time, other bytes
	require.NoError(t, os.WriteFile(p, []byte("| 2 |"), 0o644))
	require.NoError(t, os.Chtimes(p, stamp, stamp))
	cont2, _ := Fingerprint(root, Options{})
	assert.NotEqual(t, cont1, cont2)

	// a new file that is not a page
	require.NoError(t, os.WriteFile(filepath.Join(root, "b.png"), nil, 0o644))
	cont3, _ := Fingerprint(root, Options{})
	assert.NotEqual(t, cont2, cont3)
}

func TestLoadFingerprintMatches(t *testing.T) {
	lib, err := LoadLibrary("../testdata/example", Options{Fingerprint: true})
	require.NoError(t, err)
	want, err := Fingerprint("../testdata/example", Options{})
	require.NoError(t, err)
	assert.Equal(t, want, lib.Fingerprint)
}

// TestFingerprintContent checks the content print, which reads as the
// loader reads (batches of a folder, the ring), against the pages read
// one by one: folders of several pages, a page larger than the ring's
// slots, and a page that cannot be read, with the ring and without.
func TestFingerprintContent(t *testing.T) {
	root := t.TempDir()
	for i, n := range []int{3, 40 << 10, 0, 700} {
		for _, dir := range []string{"a", "b/c", ""} {
			full := filepath.Join(root, dir, fmt.Sprintf("p%d.md", i))
			require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
			require.NoError(t, os.WriteFile(full, bytes.Repeat([]byte(dir+"x"), n)[:n], 0o644))
		}
	}
	require.NoError(t, os.Symlink("missing.md", filepath.Join(root, "a", "gone.md")))
	w, err := walk(root, Options{})
	require.NoError(t, err)
	sums := make([][]byte, len(w.pages))
	for i, rel := range w.pages {
		b, err := readPage(filepath.Join(root, filepath.FromSlash(rel)), nil)
		if err != nil {
			sums[i] = PageSum([]byte("error " + err.Error()))
			continue
		}
		s := sha256.Sum256(b)
		sums[i] = s[:]
	}
	want := combine(w, sums)
	for _, off := range []bool{false, true} {
		ringOff = off
		got, err := Fingerprint(root, Options{})
		ringOff = false
		require.NoError(t, err)
		assert.Equal(t, want, got, "ring off: %v", off)
	}
}

// FingerprintUnless is Fingerprint when no page changed, and stops with
// ErrChanged, leaving most of the library unread, when one did.
func TestFingerprintUnless(t *testing.T) {
	root := t.TempDir()
	for d := range 40 {
		for p := range 5 {
			full := filepath.Join(root, fmt.Sprintf("d%02d", d), fmt.Sprintf("p%d.md", p))
			require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
			require.NoError(t, os.WriteFile(full, []byte(full), 0o644))
		}
	}
	want, err := Fingerprint(root, Options{})
	require.NoError(t, err)
	var seen sync.Map
	got, err := FingerprintUnless(root, Options{}, func(rel string, sum []byte) bool {
		seen.Store(rel, true)
		return !bytes.Equal(sum, PageSum([]byte(filepath.Join(root, filepath.FromSlash(rel)))))
	})
	require.NoError(t, err)
	assert.Equal(t, want, got)
	n := 0
	seen.Range(func(any, any) bool { n++; return true })
	assert.Equal(t, 200, n, "every page checked")

	calls := 0
	_, err = FingerprintUnless(root, Options{Workers: 1}, func(rel string, sum []byte) bool {
		calls++
		return rel == "d00/p0.md"
	})
	require.ErrorIs(t, err, ErrChanged)
	assert.Less(t, calls, 50, "the pages after the change are left unread")
}
