package cli

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func copyFixture(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			out[p] = string(b)
		}
		return nil
	})
	return out
}

func run(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = Main(args, &o, &e)
	return code, o.String(), e.String()
}

func TestFixDiffAndFixTwice(t *testing.T) {
	dir := copyFixture(t, "../../testdata/fix/summary-count/before")
	orig := snapshot(t, dir)

	code, out, errs := run("--diff", "--enable", "summary-count", dir)
	if code != ExitFindings || !strings.Contains(out, "+|  12   |   6    |         6          |") {
		t.Fatalf("--diff: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	if !strings.Contains(errs, "would fix 5 findings with 5 edits in 4 pages (1 round)") {
		t.Errorf("--diff stderr:\n%s", errs)
	}
	if now := snapshot(t, dir); len(now) != len(orig) || now[filepath.Join(dir, "DS/Acme/acme_edr/ds_acme_acme_edr.md")] != orig[filepath.Join(dir, "DS/Acme/acme_edr/ds_acme_acme_edr.md")] {
		t.Fatal("--diff wrote something")
	}

	code, out, errs = run("--fix", "--format", "json", "--enable", "summary-count", dir)
	if code != ExitClean {
		t.Errorf("--fix: exit %d, want 0 (nothing remains)\n%s", code, errs)
	}
	var res struct{ Diagnostics []any }
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Diagnostics) != 0 {
		t.Errorf("stdout is not the JSON report of no findings: %v\n%s", err, out)
	}
	for _, want := range []string{
		"fixed DS/Acme/acme_edr/RM/r_m_acme_acme_edr_Malware.md: summary-count 1\n",
		"fixed DS/Acme/acme_edr/ds_acme_acme_edr.md: summary-count 2\n",
		"mdlint: fixed 5 findings with 5 edits in 4 pages (1 round)\n",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	fixed := snapshot(t, dir)

	code, out, errs = run("--fix", "--enable", "summary-count", dir)
	if code != ExitClean || !strings.Contains(errs, "fixed 0 findings with 0 edits in 0 pages") {
		t.Errorf("second --fix: exit %d\n%s%s", code, out, errs)
	}
	if code, out, _ = run("--diff", dir, "--enable", "summary-count"); code != ExitClean || out != "" {
		t.Errorf("--diff after --fix: exit %d, %q", code, out)
	}
	now := snapshot(t, dir)
	for p, b := range fixed {
		if now[p] != b {
			t.Errorf("%s changed on the second run", p)
		}
	}
}

func TestFixUnsafeFlag(t *testing.T) {
	dir := copyFixture(t, "../../testdata/fix/usecase-page/before")
	code, _, errs := run("--fix", "--enable", "usecase-page", dir)
	if code != ExitFindings || !strings.Contains(errs, "1 finding has only unsafe fixes; --fix=unsafe applies them") {
		t.Errorf("--fix: exit %d\n%s", code, errs)
	}
	code, _, errs = run("--fix=unsafe", "--enable", "usecase-page", dir)
	if code != ExitClean || !strings.Contains(errs, "fixed UseCases/uc_malware.md: usecase-page 1") {
		t.Errorf("--fix=unsafe: exit %d\n%s", code, errs)
	}
	if code, _, errs = run("--fix=maybe", dir); code != ExitUsage || !strings.Contains(errs, "want --fix or --fix=unsafe") {
		t.Errorf("--fix=maybe: exit %d\n%s", code, errs)
	}
}

// TestFixConverges: one --fix run corrects the data source row from its
// RM page (content-count) and then, in the next round, the use-case page
// from the corrected row (usecase-page, now safe).
func TestFixConverges(t *testing.T) {
	dir := copyFixture(t, "../../testdata/fix/usecase-page/before")
	code, _, errs := run("--fix", "--enable", "usecase-page,content-count", dir)
	if code != ExitClean {
		t.Fatalf("--fix: exit %d\n%s", code, errs)
	}
	for _, f := range []string{"DS/Acme/acme_edr/2_ds_acme_acme_edr.md", "UseCases/uc_malware.md"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "<li>4 Rules</li>") {
			t.Errorf("%s: want 4 Rules after --fix", f)
		}
	}
}
