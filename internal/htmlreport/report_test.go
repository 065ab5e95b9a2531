package htmlreport

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mdlint/internal/attack"
	"mdlint/internal/checks"
	"mdlint/lint"
	"mdlint/parser"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fixture is a library with coverage and findings: the navigator-drift
// fixture (Acme VPN and a stale layer).
const fixture = "../../testdata/rules/navigator-drift"

func build(t *testing.T) map[string][]byte {
	t.Helper()
	lib, err := parser.LoadLibrary(fixture, parser.Options{})
	require.NoError(t, err)
	// one check, and one made-up error, so that other rules' changes do
	// not move the golden files
	diags := lint.Run(lib, []*lint.Check{checks.NavigatorDrift})
	diags = append(diags, lint.Diagnostic{File: "DS/Acme/acme_vpn/ds_acme_acme_vpn.md", Span: diags[0].Related[0].Span,
		Rule: "summary-count", Severity: lint.Error, Message: "summary says 6 rules but <the> RM pages list 5 & more"})
	lint.Sort(diags)
	rules := []lint.Rule{{Name: checks.NavigatorDrift.Name, Doc: checks.NavigatorDrift.Doc, Severity: checks.NavigatorDrift.Severity},
		{Name: "summary-count", Doc: "a summary number differs from what the pages list", Severity: lint.Error}}
	files, err := Build(lib, diags, Options{Title: "navigator-drift fixture", LinkBase: "../lib/", Rules: rules})
	require.NoError(t, err)
	return files
}

func TestGolden(t *testing.T) {
	files := build(t)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	dir := filepath.Join("testdata", "golden")
	if *update {
		require.NoError(t, os.RemoveAll(dir))
		require.NoError(t, os.MkdirAll(dir, 0o755))
		for _, n := range names {
			require.NoError(t, os.WriteFile(filepath.Join(dir, n), files[n], 0o644))
		}
		return
	}
	ents, err := os.ReadDir(dir)
	require.NoError(t, err, "run go test -update to create the golden files")
	var want []string
	for _, e := range ents {
		want = append(want, e.Name())
	}
	assert.Equal(t, want, names, "report files")
	for _, n := range names {
		w, err := os.ReadFile(filepath.Join(dir, n))
		require.NoError(t, err)
		if !bytes.Equal(w, files[n]) {
			t.Errorf("%s differs from the golden file (run go test -update to accept)", n)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := build(t), build(t)
	assert.Equal(t, a, b)
}

func TestMatrix(t *testing.T) {
	index := string(build(t)["index.html"])
	cat := attack.Default()
	// one header per tactic, in catalog order
	var tactics []string
	for _, m := range regexp.MustCompile(`<th data-tactic="(TA\d+)">`).FindAllStringSubmatch(index, -1) {
		tactics = append(tactics, m[1])
	}
	var want []string
	for _, tac := range cat.Tactics() {
		want = append(want, tac.ID)
	}
	assert.Equal(t, want, tactics)
	// the covered cells with their distinct-rule counts (T1078 under 4 tactics)
	assert.Equal(t, 4, strings.Count(index, `<div class="t h2" data-id="T1078" data-rules="2"`))
	assert.Equal(t, 1, strings.Count(index, `<div class="t h2" data-id="T1110" data-rules="2"`))
	assert.Contains(t, index, `<div class="s h1" data-id="T1110.001" data-rules="1"`)
	assert.NotContains(t, index, "<script")
	assert.NotContains(t, index, "http://")
	assert.NotRegexp(t, `(src|href)="https?:`, index)
	// links to the pages, escaped
	assert.Contains(t, index, `href="../lib/DS/Acme/acme_vpn/ds_acme_acme_vpn.md"`)
}

func TestHeat(t *testing.T) {
	for n, h := range map[int]int{0: 0, 1: 1, 2: 2, 4: 2, 5: 3, 9: 3, 10: 4, 24: 4, 25: 5, 49: 5, 50: 6, 400: 6} {
		assert.Equal(t, h, heat(n), "%d rules", n)
	}
}

func TestLink(t *testing.T) {
	assert.Equal(t, "", link("", "a.md"))
	assert.Equal(t, "../d/Exabeam%20Data%20Sources.md", link("../d/", "Exabeam Data Sources.md"))
	assert.Equal(t, "x/UseCases/uc_a_&_b.md", link("x/", "UseCases/uc_a_&_b.md"))
}

func TestWrite(t *testing.T) {
	lib, err := parser.LoadLibrary(fixture, parser.Options{})
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "out")
	require.NoError(t, Write(dir, lib, nil, Options{Title: "x"}))
	b, err := os.ReadFile(filepath.Join(dir, "index.html"))
	require.NoError(t, err)
	assert.Contains(t, string(b), "No findings.")
}
