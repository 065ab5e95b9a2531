package parser

import (
	"os"
	"path/filepath"
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
	meta1, err := Fingerprint(root, Options{}, false)
	require.NoError(t, err)
	cont1, err := Fingerprint(root, Options{}, true)
	require.NoError(t, err)

	// same size, same time, other bytes: only the content print sees it
	require.NoError(t, os.WriteFile(p, []byte("| 2 |"), 0o644))
	require.NoError(t, os.Chtimes(p, stamp, stamp))
	meta2, _ := Fingerprint(root, Options{}, false)
	cont2, _ := Fingerprint(root, Options{}, true)
	assert.Equal(t, meta1, meta2)
	assert.NotEqual(t, cont1, cont2)

	// a new file changes both
	require.NoError(t, os.WriteFile(filepath.Join(root, "b.png"), nil, 0o644))
	meta3, _ := Fingerprint(root, Options{}, false)
	cont3, _ := Fingerprint(root, Options{}, true)
	assert.NotEqual(t, meta2, meta3)
	assert.NotEqual(t, cont2, cont3)
}

func TestLoadFingerprintMatches(t *testing.T) {
	lib, err := LoadLibrary("../testdata/example", Options{Fingerprint: true})
	require.NoError(t, err)
	want, err := Fingerprint("../testdata/example", Options{}, true)
	require.NoError(t, err)
	assert.Equal(t, want, lib.Fingerprint)
}
