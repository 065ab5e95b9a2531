package summary

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mdlint/parser"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create the golden file")
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from the golden file (run go test -update to accept):\n%s", name, got)
	}
}

const (
	v1 = "../../testdata/beyond/v1" // 2024 layout (DataSources/), older
	v2 = "../../testdata/beyond/v2" // 2026 layout (DS/), newer
)

func TestCompareGolden(t *testing.T) {
	base, err := Load(v1)
	require.NoError(t, err)
	head, err := Load(v2)
	require.NoError(t, err)
	base.Root, head.Root = "v1", "v2"
	d := Compare(base, head)

	var m, j bytes.Buffer
	require.NoError(t, d.WriteMarkdown(&m, 0))
	require.NoError(t, d.WriteJSON(&j))
	golden(t, "diff.golden.md", m.Bytes())
	var short bytes.Buffer
	require.NoError(t, d.WriteMarkdown(&short, 1))
	assert.Contains(t, short.String(), "- … and 1 more (the JSON output lists them all)")
	golden(t, "diff.golden.json", j.Bytes())
	assert.True(t, json.Valid(j.Bytes()))

	// "EDR" (2024) and "Acme EDR" (2026) are one product
	require.Len(t, d.ProductsChanged, 2)
	edr := d.ProductsChanged[0]
	assert.Equal(t, "Acme EDR", edr.Name)
	assert.Equal(t, "DataSources/Acme/EDR/ds_acme_edr.md", edr.OldPath)
	assert.Equal(t, []ProductRef{{Name: "Globex IdP", Path: "DS/Globex/globex_idp/ds_globex_globex_idp.md", Counts: head.Products[2].Counts}}, d.ProductsAdded)
	require.Len(t, d.ProductsRemoved, 1)
	assert.Equal(t, "Initech Firewall", d.ProductsRemoved[0].Name)
	assert.Equal(t, []string{"T1048.003", "T1086"}, d.TechniquesRemoved)
}

func TestSkipKeepsOnlyDataSourcePages(t *testing.T) {
	lib, err := parser.LoadLibrary(v2, parser.Options{Skip: Skip})
	require.NoError(t, err)
	full, err := parser.LoadLibrary(v2, parser.Options{})
	require.NoError(t, err)
	for _, p := range lib.Pages {
		assert.NotNil(t, p.DataSource, p.Path)
	}
	// the snapshot does not depend on the pages left out
	a, b := Take(lib), Take(full)
	assert.Equal(t, b, a)
}

func TestSameVersionIsQuiet(t *testing.T) {
	s, err := Load(v2)
	require.NoError(t, err)
	d := Compare(s, s)
	assert.Empty(t, d.ProductsChanged)
	assert.Equal(t, 3, d.ProductsUnchanged)
	var m bytes.Buffer
	require.NoError(t, d.WriteMarkdown(&m, 0))
	assert.Contains(t, m.String(), "No product, use case, technique or summary number changed.")
}

// TestMaterialize commits two versions of a library to a new git
// repository and compares the working tree with the first commit.
func TestMaterialize(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not on PATH; skipping")
	}
	repo := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "git %v: %s", args, out)
	}
	git("init", "-q")
	docs := filepath.Join(repo, "docs")
	require.NoError(t, os.CopyFS(docs, os.DirFS(v1)))
	require.NoError(t, os.WriteFile(filepath.Join(repo, "other.md"), []byte("not the library\n"), 0o644))
	git("add", "-A")
	git("commit", "-q", "-m", "v1")
	require.NoError(t, os.RemoveAll(docs))
	require.NoError(t, os.CopyFS(docs, os.DirFS(v2)))
	git("add", "-A")
	git("commit", "-q", "-m", "v2")

	dir, cleanup, err := Materialize(filepath.Join(repo, "docs"), "HEAD~1")
	require.NoError(t, err)
	defer cleanup()
	base, err := Load(dir)
	require.NoError(t, err)
	ref, err := Load(v1)
	require.NoError(t, err)
	base.Root = ref.Root
	assert.Equal(t, ref, base)
	_, err = os.Stat(filepath.Join(dir, "other.md"))
	assert.True(t, os.IsNotExist(err), "only the library folder is materialised")
	cleanup()
	_, err = os.Stat(dir)
	assert.True(t, os.IsNotExist(err), "cleanup removes the folder")

	_, _, err = Materialize(filepath.Join(repo, "docs"), "no-such-rev")
	assert.ErrorContains(t, err, "no-such-rev")
}

// TestRealCorpus compares the two real library versions: it must take
// under a second, and its numbers must be those of the pages.
func TestRealCorpus(t *testing.T) {
	const c1, c2 = "../../../shared/corpus/CIM1", "../../../shared/corpus/CIM2"
	for _, p := range []string{c1, c2} {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("real corpus %s not available (%v); skipping", p, err)
		}
	}
	start := time.Now()
	var base, head *Snapshot
	var e1, e2 error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); base, e1 = Load(c1) }()
	go func() { defer wg.Done(); head, e2 = Load(c2) }()
	wg.Wait()
	require.NoError(t, e1)
	require.NoError(t, e2)
	d := Compare(base, head)
	var m bytes.Buffer
	require.NoError(t, d.WriteMarkdown(&m, 0))
	took := time.Since(start)
	t.Logf("summary of CIM1 -> CIM2 took %v: %d products added, %d removed, %d changed, %d unchanged", took,
		len(d.ProductsAdded), len(d.ProductsRemoved), len(d.ProductsChanged), d.ProductsUnchanged)
	if os.Getenv("MDLINT_NO_TIMING") == "" {
		assert.Less(t, took, 2*time.Second, "the budget is 1 s on a 2-core machine; 2 s leaves room for a loaded CI runner")
	}
	assert.Equal(t, Change{602, 585}, d.Totals.Products)

	// numbers read from the pages' summary tables by hand
	find := func(name string) *ProductChange {
		for i := range d.ProductsChanged {
			if d.ProductsChanged[i].Name == name {
				return &d.ProductsChanged[i]
			}
		}
		t.Fatalf("%s not among the changed products", name)
		return nil
	}
	counts := func(c *ProductChange) map[string][2]int {
		out := map[string][2]int{}
		for _, x := range c.Counts {
			out[x.Field] = [2]int{*x.From, *x.To}
		}
		return out
	}
	eset := find("ESET Endpoint Security")
	assert.Equal(t, "DataSources/ESET/ESET_Endpoint_Security/ds_eset_eset_endpoint_security.md", eset.OldPath)
	assert.Equal(t, "DS/ESET/eset_endpoint_security/ds_eset_eset_endpoint_security.md", eset.Path)
	assert.Equal(t, map[string][2]int{"Rules": {178, 114}, "Models": {57, 46}, "TTPs": {24, 13}, "Event Types": {7, 6}, "Parsers": {7, 3}}, counts(eset))
	okta := find("Okta Adaptive MFA")
	assert.Equal(t, map[string][2]int{"Rules": {146, 142}, "Models": {55, 54}, "TTPs": {14, 17}, "Event Types": {14, 15}, "Parsers": {14, 29}}, counts(okta))
	for _, r := range d.ProductsRemoved {
		if r.Name == "Microsoft 365 Defender" { // renamed in 2026; names cannot tell
			assert.Equal(t, 73, *r.Counts.Rules)
		}
	}

	// every number equals the summary table the full model reads
	want := map[string]Counts{}
	for _, root := range []string{c1, c2} {
		lib, err := parser.LoadLibrary(root, parser.Options{})
		require.NoError(t, err)
		for _, pr := range lib.Products() {
			if f := pr.First(); f != nil && f.DataSource.Summary != nil {
				s := f.DataSource.Summary
				want[f.Path] = Counts{num(s.Rules), num(s.Models), num(s.TTPs), num(s.EventTypes), num(s.Parsers)}
			}
		}
	}
	checked := 0
	for _, c := range d.ProductsChanged {
		for _, x := range c.Counts {
			for _, side := range []struct {
				path string
				v    *int
			}{{c.OldPath, x.From}, {c.Path, x.To}} {
				w := want[side.path]
				for _, f := range w.fields() {
					if f.name == x.Field {
						require.Equal(t, f.v, side.v, "%s %s", side.path, x.Field)
						checked++
					}
				}
			}
		}
	}
	for _, r := range append(append([]ProductRef{}, d.ProductsAdded...), d.ProductsRemoved...) {
		require.Equal(t, want[r.Path], r.Counts, r.Path)
		checked++
	}
	t.Logf("%d numbers checked against the full model", checked)
}
