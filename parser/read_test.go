package parser

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadPage reads pages of the sizes where a reader that takes a
// short read as the end could go wrong: empty, one byte, exactly the
// buffer's room, one byte more, several times the room. The buffer is
// reused from page to page, as the loader does.
func TestReadPage(t *testing.T) {
	dir := t.TempDir()
	var buf []byte
	for _, n := range []int{0, 1, 100, 64 << 10, 64<<10 + 1, 128 << 10, 300<<10 + 7, 5} {
		want := bytes.Repeat([]byte("abcdefghij"), n/10+1)[:n]
		p := filepath.Join(dir, "p.md")
		require.NoError(t, os.WriteFile(p, want, 0o644))
		got, err := readPage(p, buf)
		require.NoError(t, err, "size %d", n)
		assert.Equal(t, want, got, "size %d", n)
		buf = got
	}
}

func TestReadPageErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := readPage(dir, nil)
	assert.EqualError(t, err, "cannot read: is a directory")
	_, err = readPage(filepath.Join(dir, "missing.md"), nil)
	assert.ErrorContains(t, err, "cannot read: ")

	big := filepath.Join(dir, "big.md")
	f, err := os.Create(big)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(MaxPageSize+1))
	require.NoError(t, f.Close())
	_, err = readPage(big, nil)
	assert.EqualError(t, err, "file too large to check (33554433 bytes, limit 33554432)")

	exact := filepath.Join(dir, "exact.md")
	require.NoError(t, os.WriteFile(exact, make([]byte, MaxPageSize), 0o644))
	b, err := readPage(exact, nil)
	require.NoError(t, err)
	assert.Len(t, b, MaxPageSize)
}
