package fix

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"mdlint/lint"
	"mdlint/parser"
)

// TestCorpus fixes a copy of each real library (../shared/corpus/CIM1
// and CIM2; skipped when absent) with every rule's safe fixes and checks
// the promises of docs/fix.md: linted again from disk, no finding with a
// safe fix remains; every byte outside the reported edits is as it was;
// the diff's changed lines are exactly the lines the edits touched.
func TestCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	for _, name := range []string{"CIM1", "CIM2"} {
		t.Run(name, func(t *testing.T) {
			src := filepath.Join("..", "..", "..", "shared", "corpus", name)
			if _, err := os.Stat(src); err != nil {
				t.Skip("corpus not present:", err)
			}
			start := time.Now()
			dir := filepath.Join(memTempDir(t), name)
			if out, err := exec.Command("cp", "-r", src, dir).CombinedOutput(); err != nil {
				t.Skipf("cp -r: %v %s", err, out)
			}
			copied := time.Since(start)
			lib, err := parser.LoadLibrary(dir, parser.Options{})
			if err != nil {
				t.Fatal(err)
			}
			lintLib := lintRules()
			t0 := time.Now()
			out, err := Run(lib, lintLib(lib), Options{Lint: lintLib})
			if err != nil {
				t.Fatal(err)
			}
			res, err := out.Write()
			if err != nil {
				t.Fatal(err)
			}
			fixTime := time.Since(t0)
			if !out.Converged || len(out.Stale) > 0 || len(res.Skipped) > 0 || len(res.Written) != len(out.Files) {
				t.Errorf("converged %v, stale %v, skipped %v, written %d of %d", out.Converged, out.Stale, res.Skipped, len(res.Written), len(out.Files))
			}
			refused := map[string]bool{}
			for _, c := range out.Conflicts {
				refused[c.A.Key], refused[c.B.Key] = true, true
				t.Logf("refused: %s", c)
			}

			// lint again, from disk
			lib2, err := parser.LoadLibrary(dir, parser.Options{})
			if err != nil {
				t.Fatal(err)
			}
			again := lintLib(lib2)
			left := 0
			for _, d := range again {
				if hasSafeFix(d) && !refused[d.Key] {
					if left++; left <= 10 {
						t.Errorf("still fixable: %s:%s %s: %s", d.File, d.Span, d.Rule, d.Message)
					}
				}
			}
			if len(again) != len(out.Remaining) {
				t.Errorf("linted from disk: %d findings; the run's in-memory library had %d", len(again), len(out.Remaining))
			}

			// every byte outside the edits is as it was
			changed := map[string]*File{}
			lines := map[string]bool{} // file:line of every edit
			for _, f := range out.Files {
				changed[f.Path] = f
				for _, c := range f.Changes {
					if strings.ContainsAny(c.Old+c.New, "\r\n") {
						t.Fatalf("%s: an edit spans lines (%q -> %q): the line check below assumes none does", f.Path, c.Old, c.New)
					}
					lines[f.Path+":"+strconv.Itoa(c.Line)] = true
				}
			}
			pages := 0
			err = filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel, _ := filepath.Rel(src, p)
				rel = filepath.ToSlash(rel)
				before, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				after, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
				if err != nil {
					return err
				}
				pages++
				f := changed[rel]
				if f == nil {
					if !bytes.Equal(before, after) {
						t.Errorf("%s changed but no edit was reported", rel)
					}
					return nil
				}
				if !bytes.Equal(before, f.Orig) {
					t.Errorf("%s: the run read other bytes than the original", rel)
				}
				want, err := replay(before, f.Changes)
				if err != nil {
					t.Errorf("%s: %v", rel, err)
				} else if !bytes.Equal(want, after) {
					t.Errorf("%s differs from the original with the reported edits applied", rel)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if n := len(readTree(t, dir)); n != pages {
				t.Errorf("the fixed tree has %d files, the original %d", n, pages)
			}

			// the diff changes exactly the lines the edits touched
			minus, plus, diffLines := diffStats(out.Diff())
			if minus != len(lines) || plus != len(lines) {
				t.Errorf("diff removes %d and adds %d lines; the edits touch %d lines", minus, plus, len(lines))
			}
			for l := range lines {
				if !diffLines[l] {
					t.Errorf("edited line %s is not in the diff", l)
					break
				}
			}

			var rules []string
			for r, n := range out.Fixed {
				rules = append(rules, fmt.Sprintf("%s %d", r, n))
			}
			sort.Strings(rules)
			t.Logf("%s: copy %v, fix+write %v (%d rounds): %d findings fixed with %d edits on %d lines of %d pages; %d findings remain, %d with only unsafe fixes\n  %s",
				name, copied.Round(time.Millisecond), fixTime.Round(time.Millisecond), out.Rounds, sum(out.Fixed), out.Edits(), len(lines), len(out.Files), len(again), out.UnsafeLeft, strings.Join(rules, ", "))
		})
	}
}

func hasSafeFix(d lint.Diagnostic) bool {
	for _, f := range d.Fixes {
		if !f.Unsafe && len(f.Edits) > 0 {
			return true
		}
	}
	return false
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// replay applies changes round after round to orig, checking that each
// range holds the change's Old text.
func replay(orig []byte, changes []Change) ([]byte, error) {
	cur := orig
	for i := 0; i < len(changes); {
		j := i
		for j < len(changes) && changes[j].Round == changes[i].Round {
			j++
		}
		var next []byte
		pos := 0
		for _, c := range changes[i:j] {
			if c.Start < pos || c.End > len(cur) || string(cur[c.Start:c.End]) != c.Old {
				return nil, fmt.Errorf("round %d: change at %d-%d does not fit", c.Round, c.Start, c.End)
			}
			next = append(next, cur[pos:c.Start]...)
			next = append(next, c.New...)
			pos = c.End
		}
		cur = append(next, cur[pos:]...)
		i = j
	}
	return cur, nil
}

// diffStats counts the removed and added lines of a unified diff and
// returns the file:line (old numbering) of each removed line.
func diffStats(d string) (minus, plus int, lines map[string]bool) {
	lines = map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(d))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	file, line := "", 0
	for sc.Scan() {
		s := sc.Text()
		switch {
		case strings.HasPrefix(s, "--- a/"):
			file = strings.TrimPrefix(s, "--- a/")
		case strings.HasPrefix(s, "+++ "):
		case strings.HasPrefix(s, "@@ -"):
			r := strings.Fields(s)[1][1:]
			r, _, _ = strings.Cut(r, ",")
			line, _ = strconv.Atoi(r)
		case strings.HasPrefix(s, "-"):
			minus++
			lines[file+":"+strconv.Itoa(line)] = true
			line++
		case strings.HasPrefix(s, "+"):
			plus++
		case strings.HasPrefix(s, " "):
			line++
		}
	}
	return minus, plus, lines
}

// memTempDir returns a temp folder in memory (/dev/shm) when there is
// one: copying 100 MB and syncing 3000 pages on a disk takes far longer
// than the fixing itself. Renames behave the same there.
func memTempDir(t *testing.T) string {
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		if d, err := os.MkdirTemp("/dev/shm", "mdlint-fix-test-"); err == nil {
			t.Cleanup(func() { os.RemoveAll(d) })
			return d
		}
	}
	return t.TempDir()
}
