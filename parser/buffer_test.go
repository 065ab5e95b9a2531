package parser

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The loader reads every page into one reused buffer per worker, so the
// model must keep no reference to the bytes it was parsed from: a page
// parsed and then overwritten in place must equal the page parsed from
// a copy. Every fixture page of the repository is tried.
func TestModelKeepsNoPageBytes(t *testing.T) {
	n := 0
	err := filepath.WalkDir("../testdata", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, err := os.ReadFile(p)
		require.NoError(t, err)
		rel := filepath.ToSlash(p[len("../testdata/"):])
		want, err := json.Marshal(ParsePage(rel, append([]byte(nil), src...)))
		require.NoError(t, err)
		buf := append([]byte(nil), src...)
		page := ParsePage(rel, buf)
		for i := range buf {
			buf[i] = 'x'
		}
		got, err := json.Marshal(page)
		require.NoError(t, err)
		require.JSONEq(t, string(want), string(got), "%s keeps a reference to its source bytes", p)
		n++
		return nil
	})
	require.NoError(t, err)
	require.Greater(t, n, 50, "fixture pages found")
}
