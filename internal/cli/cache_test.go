package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mdlint/internal/cache"
	"mdlint/lint"
)

// TestCacheNeverHidesAFinding: a second --cache run on an unchanged
// library is answered from the cache; after an edit to an RM page, the
// finding it causes on the data source page that counts it appears.
func TestCacheNeverHidesAFinding(t *testing.T) {
	cacheDir := t.TempDir()
	t.Setenv("MDLINT_CACHE_DIR", cacheDir)
	dir := copyFixture(t, "../../testdata/example")
	args := []string{"--cache", "--format", "json", dir}

	code, out, errs := run(args...)
	if code != ExitClean {
		t.Fatalf("first run: exit %d\n%s\n%s", code, out, errs)
	}
	entries, _ := filepath.Glob(filepath.Join(cacheDir, "*.gob"))
	if len(entries) != 1 {
		t.Fatalf("want one cache entry, got %v", entries)
	}

	// mark the entry, so a hit is visible
	b, err := os.ReadFile(entries[0])
	if err != nil {
		t.Fatal(err)
	}
	e, err := cache.DecodeEntry(b)
	if err != nil {
		t.Fatal(err)
	}
	e.Diags = []lint.Diagnostic{{File: "x.md", Rule: "summary-count", Severity: lint.Info, Message: "from the cache"}}
	if b, err = cache.EncodeEntry(e); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(entries[0], b, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, out, _ = run(args...); !strings.Contains(out, "from the cache") {
		t.Fatalf("second run did not use the cache:\n%s", out)
	}

	// repeat a rule ID on an RM page: the data source page's Rules count
	// no longer matches, a finding on another page than the one edited
	rm := filepath.Join(dir, "DS/Globex/globex_idp/RM/r_m_globex_globex_idp_Brute_Force_Attack.md")
	src, err := os.ReadFile(rm)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), "↳ <b>IDP-FL-U-A</b>", "↳ <b>IDP-FL-MULTI-U</b>", 1)
	if edited == string(src) {
		t.Fatal("fixture changed: rule IDP-FL-U-A not found")
	}
	if err := os.WriteFile(rm, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = run(args...)
	if strings.Contains(out, "from the cache") || code != ExitFindings || !strings.Contains(out, `"file": "DS/Globex/globex_idp/ds_globex_globex_idp.md"`) {
		t.Fatalf("edit not seen: exit %d\n%s", code, out)
	}
}
