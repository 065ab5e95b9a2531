package checks

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mdlint/lint"
	"mdlint/lint/linttest"
	"mdlint/parser"
)

func TestMalformedTable(t *testing.T) {
	linttest.Run(t, "../../testdata/rules/malformed-table", MalformedTable)
}

func TestUnknownPage(t *testing.T) {
	linttest.Run(t, "../../testdata/rules/unknown-page", UnknownPage)
}

// TestUnknownPageErrors covers what no fixture page can carry a want
// comment for: unreadable and binary pages, and problems of the tree.
func TestUnknownPageErrors(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "README.md"), []byte("# x\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "binary.md"), []byte("a\x00b"), 0o644))
	require.NoError(t, os.Symlink("nowhere.md", filepath.Join(dir, "dangling.md")))
	require.NoError(t, os.Symlink("nowhere.png", filepath.Join(dir, "logo.png")))
	lib, err := parser.LoadLibrary(dir, parser.Options{})
	require.NoError(t, err)
	diags := lint.Run(lib, []*lint.Check{UnknownPage})
	var got []string
	for _, d := range diags {
		got = append(got, d.Severity.String()+" "+d.File+": "+d.Message)
	}
	sort.Strings(got)
	require.Len(t, got, 3, strings.Join(got, "\n"))
	assert.True(t, strings.HasPrefix(got[0], "error binary.md: page could not be checked: binary file"), got[0])
	assert.True(t, strings.HasPrefix(got[1], "error dangling.md: page could not be checked: cannot read"), got[1])
	assert.Equal(t, "error logo.png: cannot check this path: dangling or looping symbolic link", got[2])
}

func TestExpectedUnknown(t *testing.T) {
	for p, want := range map[string]bool{
		"README.md":                     true,
		"DataSources/README.md":         true,
		"CorrelationRules_ChangeLog.md": true,
		"CHANGELOG.md":                  true,
		"LICENSE.md":                    true,
		"ParserNamesMatrix.md":          false,
		"ParsersLegacy/a_parsers.md":    false,
		"resources/Metrics.md":          false,
	} {
		assert.Equal(t, want, expectedUnknown(p), p)
	}
}

func TestDuplicateEntry(t *testing.T) {
	diags := linttest.Run(t, "../../testdata/rules/duplicate-entry", DuplicateEntry)
	// the fix removes the repeated parser links and nothing else
	var fixed int
	for _, d := range diags {
		if len(d.Fixes) == 0 {
			continue
		}
		src, err := os.ReadFile(filepath.Join("../../testdata/rules/duplicate-entry", d.File))
		require.NoError(t, err)
		out := applyDupEdits(src, d.Fixes[0].Edits)
		line := strings.Split(out, "\n")[d.Span.Start.Line-1]
		switch {
		case strings.HasPrefix(line, "| [Compromised Credentials]"):
			assert.Equal(t, 1, strings.Count(line, "pwdleak]"), line)
			assert.Contains(t, line, "security-alert<br> ↳[auth0-a-json-alert-trigger-success-pwdleak](Ps/pC_auth0ajsonalerttriggersuccesspwdleak.md)<br>    |")
		case strings.HasPrefix(line, "| [Malware]"):
			assert.Contains(t, line, " app-login<br> ↳[auth0-a-json-app-login-success-s](Ps/pC_auth0ajsonapploginsuccesss.md)<br> ↳[auth0-a-json-app-login-success-ss](Ps/pC_auth0ajsonapploginsuccessss.md)<br> ↳[auth0-a-json-app-login-fail-fu](Ps/pC_auth0ajsonapploginfailfu.md)<br><br> security-alert")
		default:
			t.Errorf("unexpected fix on %q", line)
		}
		fixed++
	}
	assert.Equal(t, 2, fixed)
}

// applyDupEdits applies non-overlapping edits to src.
func applyDupEdits(src []byte, edits []lint.Edit) string {
	es := append([]lint.Edit(nil), edits...)
	sort.Slice(es, func(i, j int) bool { return es[i].Start > es[j].Start })
	out := string(src)
	for _, e := range es {
		out = out[:e.Start] + e.New + out[e.End:]
	}
	return out
}
