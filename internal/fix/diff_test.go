package fix

import (
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestUnifiedGolden(t *testing.T) {
	a := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16"
	b := "1\n2\nthree\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\nsixteen"
	want := `--- a/x.md
+++ b/x.md
@@ -1,6 +1,6 @@
 1
 2
-3
+three
 4
 5
 6
@@ -13,4 +13,4 @@
 13
 14
 15
-16
\ No newline at end of file
+sixteen
\ No newline at end of file
`
	if got := Unified("a/x.md", "b/x.md", []byte(a), []byte(b), 3); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := Unified("a/x y.md", "b/x y.md", []byte("1"), []byte("2"), 3); !strings.HasPrefix(got, "--- a/x y.md\t\n+++ b/x y.md\t\n@@ -1 +1 @@\n-1\n") {
		t.Errorf("a name with a space:\n%s", got)
	}
	if got := Unified("a", "b", []byte(a), []byte(a), 3); got != "" {
		t.Errorf("equal inputs give %q", got)
	}
	// changes six lines apart share a hunk
	c := "1\n2\nthree\n4\n5\n6\n7\n8\n9\nten\n11\n12\n13\n14\n15\n16"
	if got := Unified("a", "b", []byte(a), []byte(c), 3); strings.Count(got, "@@ ") != 1 || !strings.Contains(got, "@@ -1,13 +1,13 @@") {
		t.Errorf("one hunk expected:\n%s", got)
	}
}

// TestUnifiedRoundTrip feeds random pairs to patch(1): applying the diff
// to a must give b exactly (line endings, missing final newlines).
func TestUnifiedRoundTrip(t *testing.T) {
	patch, err := exec.LookPath("patch")
	if err != nil {
		t.Skip("patch not installed")
	}
	r := rand.New(rand.NewSource(1))
	lines := []string{"a\n", "b\n", "c\r\n", "| 85 |\n", "", "x"}
	gen := func() string {
		var s strings.Builder
		for i, n := 0, r.Intn(30); i < n; i++ {
			l := lines[r.Intn(4)]
			if r.Intn(5) == 0 {
				l = strconv.Itoa(r.Intn(3)) + l
			}
			s.WriteString(l)
		}
		if r.Intn(2) == 0 {
			s.WriteString("tail")
		}
		return s.String()
	}
	dir := t.TempDir()
	for i := 0; i < 100; i++ {
		a, b := gen(), gen()
		d := Unified("a/f g", "b/f g", []byte(a), []byte(b), r.Intn(4))
		if a == b {
			continue
		}
		f := filepath.Join(dir, "f g")
		os.WriteFile(f, []byte(a), 0o644)
		os.WriteFile(filepath.Join(dir, "p"), []byte(d), 0o644)
		cmd := exec.Command(patch, "-s", "-p1", "--binary", "-i", "p")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("patch failed: %v\n%s\na=%q\nb=%q\n%s", err, out, a, b, d)
		}
		got, _ := os.ReadFile(f)
		if string(got) != b {
			t.Fatalf("patched %q, want %q\n%s", got, b, d)
		}
	}
}
