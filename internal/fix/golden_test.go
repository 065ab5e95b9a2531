package fix

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mdlint/internal/checks"
	"mdlint/lint"
	"mdlint/model"
	"mdlint/parser"
)

var update = flag.Bool("update", false, "rewrite testdata/fix/*/after from the fixer's output")

// fixDir runs the fixer on the library at dir with the findings of the
// given rules only (all rules when none), writes the result and returns
// the outcome.
func fixDir(t testing.TB, dir string, unsafe bool, rules ...string) *Outcome {
	t.Helper()
	lib, err := parser.LoadLibrary(dir, parser.Options{})
	if err != nil {
		t.Fatal(err)
	}
	lintLib := lintRules(rules...)
	out, err := Run(lib, lintLib(lib), Options{Unsafe: unsafe, Lint: lintLib})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := out.Write(); err != nil {
		t.Fatal(err)
	}
	return out
}

func lintRules(rules ...string) func(*model.Library) []lint.Diagnostic {
	all := checks.All(checks.Options{})
	want := map[string]bool{}
	for _, r := range rules {
		want[r] = true
	}
	return func(l *model.Library) []lint.Diagnostic {
		ds := lint.Run(l, all)
		if len(want) == 0 {
			return ds
		}
		out := ds[:0]
		for _, d := range ds {
			if want[d.Rule] {
				out = append(out, d)
			}
		}
		return out
	}
}

// TestGolden runs the fixer for one rule on a copy of
// testdata/fix/<rule>/before and compares the result byte for byte with
// testdata/fix/<rule>/after. A file "unsafe" beside them asks for
// unsafe fixes. Running the fixer a second time must change nothing.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob("../../testdata/fix/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, dir := range dirs {
		rule := filepath.Base(dir)
		t.Run(rule, func(t *testing.T) {
			_, err := os.Stat(filepath.Join(dir, "unsafe"))
			unsafe := err == nil
			tmp := t.TempDir()
			copyTree(t, filepath.Join(dir, "before"), tmp)
			out := fixDir(t, tmp, unsafe, rule)
			if !out.Changed() {
				t.Fatalf("the fixture fixes nothing")
			}
			if !out.Converged {
				t.Errorf("did not converge in %d rounds", out.Rounds)
			}
			for _, f := range out.Files {
				for _, c := range f.Changes {
					if c.Rule != rule {
						t.Errorf("%s: change by rule %s", f.Path, c.Rule)
					}
				}
			}
			for _, d := range out.Remaining {
				if len(d.Fixes) > 0 && (unsafe || !d.Fixes[0].Unsafe) {
					t.Errorf("still fixable after --fix: %s:%s %s", d.File, d.Span, d.Message)
				}
			}
			after := filepath.Join(dir, "after")
			if *update {
				os.RemoveAll(after)
				copyTree(t, tmp, after)
			}
			compareTrees(t, after, tmp)
			if again := fixDir(t, tmp, unsafe, rule); again.Changed() {
				t.Errorf("a second run changes %d pages:\n%s", len(again.Files), again.Diff())
			}
		})
	}
}

func copyTree(t testing.TB, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		st, err := d.Info()
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, st.Mode().Perm()|0o200)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// readTree returns every file below dir by slash path.
func readTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func compareTrees(t testing.TB, want, got string) {
	t.Helper()
	w, g := readTree(t, want), readTree(t, got)
	for p, wb := range w {
		gb, ok := g[p]
		switch {
		case !ok:
			t.Errorf("%s: missing", p)
		case !bytes.Equal(wb, gb):
			t.Errorf("%s differs from the golden file:\n%s", p, Unified("want/"+p, "got/"+p, wb, gb, 1))
		}
	}
	for p := range g {
		if _, ok := w[p]; !ok && !strings.HasPrefix(filepath.Base(p), ".") {
			t.Errorf("%s: unexpected file", p)
		} else if !ok {
			t.Errorf("%s: temp file left behind", p)
		}
	}
}
