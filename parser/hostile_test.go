package parser

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mdlint/model"
)

// TestHostileLibrary loads a library of broken files: each becomes a
// per-file error or a page, never a panic, and the good page still loads.
func TestHostileLibrary(t *testing.T) {
	root := t.TempDir()
	write := func(rel string, b []byte) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, b, 0o644))
	}
	write("DS/A/a/ds_a_a.md", []byte("Vendor: A\n=========\nProduct: A\n----------\n| Rules | Models | MITRE TTPs | Event Types | Parsers |\n|:-:|:-:|:-:|:-:|:-:|\n| 1 | 0 | 1 | 1 | 1 |\n"))
	write("invalid.md", []byte("Vendor: \xff\xfe\n=====\n| a | b |\n| - | - |\n| \xc3 | x |\n"))
	write("binary.md", []byte("\x00\x01\x02PNG"))
	write("empty.md", nil)
	write("DS/A/a/2_ds_a_a.md", []byte(strings.Repeat("| x ", 10000)+"|\n|"+strings.Repeat("-|", 10000)+"\n"+strings.Repeat("| [a](b) ", 10000)+"|"))
	write("deep.md", []byte(strings.Repeat("> ", 500)+strings.Repeat("- ", 500)+"x\n"))
	require.NoError(t, os.MkdirAll(filepath.Join(root, "x.md"), 0o755))
	require.NoError(t, os.Symlink("loop", filepath.Join(root, "loop")))
	require.NoError(t, os.Symlink("missing.md", filepath.Join(root, "dangling.md")))
	require.NoError(t, os.Symlink(".", filepath.Join(root, "DS", "self")))
	unreadable := filepath.Join(root, "secret.md")
	require.NoError(t, os.WriteFile(unreadable, []byte("x"), 0o000))

	lib, err := LoadLibrary(root, Options{})
	require.NoError(t, err)
	byPath := map[string]*model.Page{}
	for _, p := range lib.Pages {
		byPath[p.Path] = p
	}
	require.NotNil(t, byPath["DS/A/a/ds_a_a.md"])
	assert.Equal(t, model.KindDataSource, byPath["DS/A/a/ds_a_a.md"].Kind)
	assert.Contains(t, byPath["binary.md"].Err, "binary")
	assert.Equal(t, "invalid-utf8", byPath["invalid.md"].Dialect)
	assert.Empty(t, byPath["empty.md"].Err)
	assert.Contains(t, byPath["dangling.md"].Err, "cannot read")
	assert.True(t, lib.IsDir("x.md"))
	if os.Geteuid() != 0 || runtime.GOOS == "windows" {
		assert.Contains(t, byPath["secret.md"].Err, "cannot read")
	}
	for _, p := range lib.Pages {
		assert.NotContains(t, p.Err, root, "errors must not show absolute paths")
	}
	for _, e := range lib.Errors {
		assert.NotContains(t, e, root)
	}
}

func TestRootErrors(t *testing.T) {
	_, err := LoadLibrary(filepath.Join(t.TempDir(), "nope"), Options{})
	assert.ErrorContains(t, err, "library root")
	f := filepath.Join(t.TempDir(), "file.md")
	require.NoError(t, os.WriteFile(f, nil, 0o644))
	_, err = LoadLibrary(f, Options{})
	assert.ErrorContains(t, err, "not a folder")
}

func TestParsePageNeverPanics(t *testing.T) {
	for _, src := range []string{
		"", "|", "||", "| a |\n|", "[", "[](", "[x](", "[x](<", "<!--", "Vendor:", "### Product: [",
		"| Event Type | Rules | Models || --- | --- | --- |\n| a | <b>T1 | • <b>",
		"| Rules | Models |\n|-|-|\n| x |",
		"\r\n\r\n| a |\r\n| - |\r\n| ↳[x](y)<br> |",
	} {
		for _, p := range []string{"ds_x.md", "2_ds_x.md", "RM/r_m_x.md", "CR/c_r_x.md", "Ps/pC_x.md", "UseCases/uc_x.md", "MitreMap.md", "Exabeam Data Sources.md", "DataSources/datasource_x.md", "UseCases/usecase_x.md", "x.md"} {
			pg := ParsePage(p, []byte(src))
			assert.Empty(t, pg.Err, "%s %q", p, src)
		}
	}
}

// TestNoQuadraticLines: lines built to make a naive scanner quadratic
// (200,000 unclosed brackets, comments in a cell, pipes) parse. A
// quadratic scanner takes many minutes on these; the bound is a hang
// guard far above the ~1 s they take, not a timing measurement.
func TestNoQuadraticLines(t *testing.T) {
	n := 200000
	for name, src := range map[string]string{
		"brackets": "| a | b |\n| - | - |\n| " + strings.Repeat("[", n) + " | x |\n",
		"comments": "| a | b |\n| - | - |\n| " + strings.Repeat("<!--x-->", n/8) + " | x |\n",
		"pipes":    strings.Repeat("|", n) + "\n" + strings.Repeat("||", n/2) + "-\n",
		"glued":    "| a " + strings.Repeat("|| b ", n/5) + "|| --- |\n| x |\n",
	} {
		start := time.Now()
		p := ParsePage("DS/V/p/RM/r_m_x.md", []byte(src))
		if p.Err != "" {
			t.Errorf("%s: %s", name, p.Err)
		}
		if d := time.Since(start); d > time.Minute {
			t.Errorf("%s: %v", name, d)
		}
	}
}
