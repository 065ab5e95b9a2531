package fix

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mdlint/parser"
)

const goldenDir = "../../testdata/fix/summary-count"

// setup copies the summary-count fixture to a temp folder and returns
// the folder, the pages before and the pages the fixer must produce.
func setup(t *testing.T) (dir string, before, after map[string][]byte) {
	t.Helper()
	dir = t.TempDir()
	copyTree(t, filepath.Join(goldenDir, "before"), dir)
	return dir, readTree(t, filepath.Join(goldenDir, "before")), readTree(t, filepath.Join(goldenDir, "after"))
}

// plan runs the fixer on dir in memory.
func plan(t *testing.T, dir string) *Outcome {
	t.Helper()
	lib, err := parser.LoadLibrary(dir, parser.Options{})
	if err != nil {
		t.Fatal(err)
	}
	lintLib := lintRules("summary-count")
	out, err := Run(lib, lintLib(lib), Options{Lint: lintLib})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Files) < 3 {
		t.Fatalf("the fixture changes %d pages, want several", len(out.Files))
	}
	return out
}

// checkPages fails unless every page of dir is exactly as before or as
// after, and returns how many are fixed. Hidden temp files are allowed
// only when leftovers is set (a killed run).
func checkPages(t *testing.T, dir string, before, after map[string][]byte, leftovers bool) (fixed int) {
	t.Helper()
	for p, b := range readTree(t, dir) {
		if strings.HasPrefix(filepath.Base(p), ".") {
			if !leftovers || !strings.Contains(p, ".mdlint-") {
				t.Errorf("%s: unexpected file", p)
			}
			continue
		}
		switch {
		case bytes.Equal(b, after[p]) && !bytes.Equal(b, before[p]):
			fixed++
		case bytes.Equal(b, before[p]):
		default:
			t.Errorf("%s is neither as it was nor fully fixed (%d bytes)", p, len(b))
		}
	}
	return fixed
}

func withHooks(t *testing.T) {
	w, r, b := writeData, renameFile, beforeRename
	t.Cleanup(func() { writeData, renameFile, beforeRename = w, r, b })
}

// TestWriteFailsHalfWay: a write that stops half-way through a temp
// file leaves every page as it was and no temp file behind.
func TestWriteFailsHalfWay(t *testing.T) {
	withHooks(t)
	for k := 0; k < 4; k++ {
		dir, before, after := setup(t)
		out := plan(t, dir)
		n := 0
		writeData = func(f *os.File, b []byte) (int, error) {
			n++
			if n == k+1 {
				w, _ := f.Write(b[:len(b)/2])
				return w, errors.New("disk full")
			}
			return f.Write(b)
		}
		res, err := out.Write()
		if err == nil || !strings.Contains(err.Error(), "disk full") || !strings.Contains(err.Error(), "no page was changed") {
			t.Fatalf("err = %v", err)
		}
		if len(res.Written) != 0 || len(res.Unwritten) != len(out.Files) {
			t.Errorf("written %v, unwritten %v", res.Written, res.Unwritten)
		}
		if fixed := checkPages(t, dir, before, after, false); fixed != 0 {
			t.Errorf("%d pages changed after a failed write", fixed)
		}
	}
}

// TestRenameFails: a rename failing at the k-th page leaves the pages
// before it fully fixed and the others as they were.
func TestRenameFails(t *testing.T) {
	withHooks(t)
	for k := 0; ; k++ {
		dir, before, after := setup(t)
		out := plan(t, dir)
		if k > len(out.Files) {
			break
		}
		n := 0
		renameFile = func(from, to string) error {
			n++
			if n == k+1 {
				return &os.LinkError{Op: "rename", Old: from, New: to, Err: errors.New("input/output error")}
			}
			return os.Rename(from, to)
		}
		res, err := out.Write()
		if k < len(out.Files) && err == nil {
			t.Fatalf("k=%d: no error", k)
		}
		if got := checkPages(t, dir, before, after, false); got != min(k, len(out.Files)) || got != len(res.Written) {
			t.Errorf("k=%d: %d pages fixed, %d reported written", k, got, len(res.Written))
		}
	}
}

// TestCrashBetweenRenames: a run that dies between two renames (a
// panic stands in for the kill) leaves pages as they were or fixed.
func TestCrashBetweenRenames(t *testing.T) {
	withHooks(t)
	for k := 0; k < 5; k++ {
		dir, before, after := setup(t)
		out := plan(t, dir)
		n := 0
		beforeRename = func(string) {
			if n++; n == k+1 {
				panic("killed")
			}
		}
		func() {
			defer func() { recover() }()
			out.Write()
		}()
		if got := checkPages(t, dir, before, after, true); got != min(k, len(out.Files)) {
			t.Errorf("k=%d: %d pages fixed", k, got)
		}
	}
}

// TestChangedBeforeRename: a page another program writes between the
// run's read and its rename is not touched, and reported.
func TestChangedBeforeRename(t *testing.T) {
	withHooks(t)
	dir, before, after := setup(t)
	out := plan(t, dir)
	victim := out.Files[1].Path
	beforeRename = func(full string) {
		if filepath.ToSlash(full) == filepath.ToSlash(filepath.Join(dir, victim)) {
			os.WriteFile(full, []byte("edited by hand"), 0o644)
		}
	}
	res, err := out.Write()
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Skipped) != 1 || res.Skipped[0].File != victim || !strings.Contains(res.Skipped[0].String(), "changed since it was read; not touched") {
		t.Fatalf("skipped = %v", res.Skipped)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, victim)); string(b) != "edited by hand" {
		t.Errorf("the changed page was overwritten: %q", b)
	}
	os.WriteFile(filepath.Join(dir, victim), before[victim], 0o644)
	if got := checkPages(t, dir, before, after, false); got != len(out.Files)-1 {
		t.Errorf("%d pages fixed, want %d", got, len(out.Files)-1)
	}
}

// TestChangedAfterLint: a page changed between the lint run and the fix
// (same size, other digits; or another size) is left alone and reported.
func TestChangedAfterLint(t *testing.T) {
	dir, before, after := setup(t)
	lib, err := parser.LoadLibrary(dir, parser.Options{})
	if err != nil {
		t.Fatal(err)
	}
	lintLib := lintRules("summary-count")
	diags := lintLib(lib)
	ds := "DS/Acme/acme_edr/ds_acme_acme_edr.md"
	mal := "DS/Acme/acme_edr/RM/r_m_acme_acme_edr_Malware.md"
	sameSize := bytes.Replace(before[ds], []byte("|   9   |"), []byte("|   8   |"), 1)
	os.WriteFile(filepath.Join(dir, ds), sameSize, 0o644)
	os.WriteFile(filepath.Join(dir, mal), append(before[mal], '\n'), 0o644)
	out, err := Run(lib, diags, Options{Lint: lintLib})
	if err != nil {
		t.Fatal(err)
	}
	var stale []string
	for _, p := range out.Stale {
		stale = append(stale, p.String())
	}
	got := strings.Join(stale, "\n")
	if len(stale) != 2 || !strings.Contains(got, ds+` changed since it was read (bytes`) || !strings.Contains(got, mal+" changed since it was read (") {
		t.Fatalf("stale:\n%s", got)
	}
	if _, err := out.Write(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, ds)); !bytes.Equal(b, sameSize) {
		t.Errorf("%s was touched", ds)
	}
	os.WriteFile(filepath.Join(dir, ds), before[ds], 0o644)
	os.WriteFile(filepath.Join(dir, mal), before[mal], 0o644)
	if n := checkPages(t, dir, before, after, false); n != len(out.Files) {
		t.Errorf("%d pages fixed, want %d", n, len(out.Files))
	}
}

func TestWriteKeepsModeSkipsLinks(t *testing.T) {
	dir, before, _ := setup(t)
	ds := filepath.Join(dir, "DS/Acme/acme_edr/ds_acme_acme_edr.md")
	if err := os.Chmod(ds, 0o640); err != nil {
		t.Fatal(err)
	}
	mal := "DS/Acme/acme_edr/RM/r_m_acme_acme_edr_Malware.md"
	real := filepath.Join(t.TempDir(), "real.md")
	os.WriteFile(real, before[mal], 0o644)
	os.Remove(filepath.Join(dir, mal))
	if err := os.Symlink(real, filepath.Join(dir, mal)); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	out := plan(t, dir)
	res, err := out.Write()
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(ds); st.Mode().Perm() != 0o640 {
		t.Errorf("mode = %v, want 0640", st.Mode().Perm())
	}
	if len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].String(), "symbolic link") {
		t.Errorf("skipped = %v", res.Skipped)
	}
	if b, _ := os.ReadFile(real); !bytes.Equal(b, before[mal]) {
		t.Errorf("the link target was written")
	}
}

// TestKilledAtRandom kills real fix runs (this test binary, re-run as a
// child) at random moments and checks that every page is as it was or
// fully fixed. The library is the summary-count fixture copied 40 times.
func TestKilledAtRandom(t *testing.T) {
	if dir := os.Getenv("MDLINT_FIX_CHILD"); dir != "" {
		lib, err := parser.LoadLibrary(dir, parser.Options{})
		if err != nil {
			os.Exit(3)
		}
		lintLib := lintRules("summary-count")
		out, err := Run(lib, lintLib(lib), Options{Lint: lintLib})
		if err != nil {
			os.Exit(3)
		}
		fmt.Println("planned")
		if _, err := out.Write(); err != nil {
			os.Exit(3)
		}
		os.Exit(0)
	}
	if testing.Short() {
		t.Skip("short")
	}
	before, after := map[string][]byte{}, map[string][]byte{}
	b0 := readTree(t, filepath.Join(goldenDir, "before"))
	a0 := readTree(t, filepath.Join(goldenDir, "after"))
	const copies = 40
	for i := 0; i < copies; i++ {
		for p, b := range b0 {
			q := strings.Replace(p, "DS/Acme/", fmt.Sprintf("DS/Acme%03d/", i), 1)
			before[q], after[q] = b, a0[p]
		}
	}
	r := rand.New(rand.NewSource(time.Now().UnixNano()))
	var full time.Duration
	killedInWrite := 0
	// each run gets hard links to one template: the fixer replaces pages
	// by renaming, so it never writes into the template's files
	tmpl := t.TempDir()
	for p, b := range before {
		f := filepath.Join(tmpl, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(f), 0o755)
		os.WriteFile(f, b, 0o644)
	}
	for run := 0; run < 7; run++ {
		dir := t.TempDir()
		for p := range before {
			f := filepath.Join(dir, filepath.FromSlash(p))
			os.MkdirAll(filepath.Dir(f), 0o755)
			if err := os.Link(filepath.Join(tmpl, filepath.FromSlash(p)), f); err != nil {
				t.Skip("no hard links here:", err)
			}
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledAtRandom$")
		cmd.Env = append(os.Environ(), "MDLINT_FIX_CHILD="+dir)
		var stdout bytes.Buffer
		cmd.Stdout = &stdout
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if run == 0 {
			cmd.Wait() // measure a whole run
			full = time.Since(start)
			if n := checkPages(t, dir, before, after, false); n != len(before)-copies {
				t.Fatalf("an uninterrupted run fixed %d pages, want %d", n, len(before)-copies)
			}
			continue
		}
		time.Sleep(time.Duration(r.Int63n(int64(full) + 1)))
		cmd.Process.Kill()
		cmd.Wait()
		if strings.Contains(stdout.String(), "planned") {
			killedInWrite++
		}
		checkPages(t, dir, before, after, true)
	}
	checkPages(t, tmpl, before, before, false)
	t.Logf("a whole run takes %v; %d of 6 kills landed after planning", full, killedInWrite)
}
