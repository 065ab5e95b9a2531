package fix

import (
	"os"
	"path/filepath"
	"testing"

	"mdlint/lint"
	"mdlint/model"
	"mdlint/parser"
)

// scripted returns a Lint function that reports, on its n-th call, the
// findings script(n) returns (each replacing one byte of x.md).
func scripted(script func(call int) []lint.Diagnostic) func(*model.Library) []lint.Diagnostic {
	call := 0
	return func(*model.Library) []lint.Diagnostic {
		call++
		return script(call)
	}
}

func byteFix(rule string, at int, to string) lint.Diagnostic {
	return diag(rule, "x.md", false, lint.Edit{Start: at, End: at + 1, New: to})
}

func tinyLib(t *testing.T, src string) *model.Library {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x.md"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	lib, err := parser.LoadLibrary(dir, parser.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// TestRunDependentFixes: a fix that only shows up once another one is
// applied is applied in a later round of the same run.
func TestRunDependentFixes(t *testing.T) {
	lib := tinyLib(t, "abc")
	lintLib := scripted(func(call int) []lint.Diagnostic {
		switch call {
		case 1:
			return []lint.Diagnostic{byteFix("second", 1, "B")}
		case 2:
			return []lint.Diagnostic{byteFix("third", 2, "C")}
		}
		return nil
	})
	out, err := Run(lib, []lint.Diagnostic{byteFix("first", 0, "A")}, Options{Lint: lintLib})
	if err != nil {
		t.Fatal(err)
	}
	if !out.Converged || out.Rounds != 3 || string(out.Files[0].New) != "ABC" || len(out.Remaining) != 0 {
		t.Errorf("converged %v after %d rounds: %q, remaining %v", out.Converged, out.Rounds, out.Files[0].New, out.Remaining)
	}
	if n := len(out.Files[0].Changes); n != 3 || out.Files[0].Changes[2].Round != 3 {
		t.Errorf("changes %+v", out.Files[0].Changes)
	}
	if out.Fixed["first"] != 1 || out.Fixed["third"] != 1 {
		t.Errorf("fixed %v", out.Fixed)
	}
}

// TestRunDoesNotConverge: fixes that undo each other stop after the
// allowed rounds and say so.
func TestRunDoesNotConverge(t *testing.T) {
	lib := tinyLib(t, "a")
	flip := func(call int) []lint.Diagnostic {
		if call%2 == 0 {
			return []lint.Diagnostic{byteFix("flip", 0, "a")}
		}
		return []lint.Diagnostic{byteFix("flip", 0, "b")}
	}
	out, err := Run(lib, flip(1), Options{Lint: scripted(func(n int) []lint.Diagnostic { return flip(n + 1) }), Rounds: 4})
	if err != nil {
		t.Fatal(err)
	}
	if out.Converged || out.Rounds != 4 || len(out.Remaining) != 1 {
		t.Errorf("converged %v after %d rounds, remaining %v", out.Converged, out.Rounds, out.Remaining)
	}
	// four flips: back where it started, so nothing to write
	if out.Changed() {
		t.Errorf("changed %q", out.Files[0].New)
	}
}

// TestRunNoOpFixConverges: a fix that would not change a byte is not an
// endless loop.
func TestRunNoOpFixConverges(t *testing.T) {
	lib := tinyLib(t, "a")
	same := []lint.Diagnostic{byteFix("same", 0, "a")}
	out, err := Run(lib, same, Options{Lint: scripted(func(int) []lint.Diagnostic { return same })})
	if err != nil {
		t.Fatal(err)
	}
	if !out.Converged || out.Rounds != 0 || out.Changed() {
		t.Errorf("converged %v after %d rounds, changed %v", out.Converged, out.Rounds, out.Changed())
	}
}
