package cache

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mdlint/lint"
	"mdlint/parser"
)

func TestLookupNeverServesAStaleEntry(t *testing.T) {
	root := t.TempDir()
	page := filepath.Join(root, "a.md")
	require.NoError(t, os.WriteFile(page, []byte("| 1 |"), 0o644))
	stamp := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	require.NoError(t, os.Chtimes(page, stamp, stamp))
	c := &Cache{Dir: t.TempDir()}
	key := Key("v1", "config")

	_, ok := c.Lookup(root, key, parser.Options{})
	assert.False(t, ok, "empty cache")

	meta, err := parser.Fingerprint(root, parser.Options{}, false)
	require.NoError(t, err)
	lib, err := parser.LoadLibrary(root, parser.Options{Fingerprint: true})
	require.NoError(t, err)
	diags := []lint.Diagnostic{{File: "a.md", Rule: "x", Severity: lint.Error, Message: "m"}}
	require.NoError(t, c.Store(root, &Entry{Key: key, Meta: meta, Content: lib.Fingerprint, Files: 1, Diags: diags}))

	e, ok := c.Lookup(root, key, parser.Options{})
	require.True(t, ok)
	assert.Equal(t, diags, e.Diags)

	_, ok = c.Lookup(root, Key("v2", "config"), parser.Options{})
	assert.False(t, ok, "another version or config must miss")

	// an edit that keeps size and time must still miss
	require.NoError(t, os.WriteFile(page, []byte("| 2 |"), 0o644))
	require.NoError(t, os.Chtimes(page, stamp, stamp))
	_, ok = c.Lookup(root, key, parser.Options{})
	assert.False(t, ok)
}
