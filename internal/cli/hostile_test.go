package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestHostileLibrary runs mdlint on a library holding what generators and
// people leave in docs repositories. Every bad file gets a clear finding
// naming it, nothing panics or hangs, and the good pages are still
// checked (a seeded count error on a good page is reported).
func TestHostileLibrary(t *testing.T) {
	root := copyFixture(t, "../../testdata/example")
	w := func(rel string, b []byte) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// a count error on a good page
	vpn := filepath.Join(root, "DS/Acme/acme_vpn/ds_acme_acme_vpn.md")
	src, err := os.ReadFile(vpn)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(string(src), "\n", 8)
	lines[6] = strings.Replace(lines[6], "6", "7", 1)
	w("DS/Acme/acme_vpn/ds_acme_acme_vpn.md", []byte(strings.Join(lines, "\n")))

	w("bad/invalid-utf8.md", []byte("Use Case: \xff\xfe\n=====\n| a | b |\n| - | - |\n| \xc3 | [x](y.md) |\n"))
	w("bad/nul.md", []byte("# x\x00y\n"))
	w("bad/huge.md", bytes.Repeat([]byte("| x "), 13<<20)) // 52 MB, one line
	w("bad/wide.md", []byte(strings.Repeat("| c ", 10000)+"|\n|"+strings.Repeat("-|", 10000)+"\n"+strings.Repeat("| [l](nowhere.md) ", 10000)+"|\n"))
	w("bad/deep.md", []byte(strings.Repeat("> ", 2000)+strings.Repeat("- ", 2000)+"[x](../../../../../etc/passwd)\n"))
	w("bad/links.md", []byte("[a](%00.md) [b](../../../../x.md) [c](/etc/passwd) [d](file:///etc/passwd) [e](C:/x.md)\n"))
	w("bad/quote\"s and\nnewline.md", []byte("[self](quote%22s%20and%0Anewline.md)\n"))
	w("bad/..dots...md", []byte("text\n"))
	if err := os.MkdirAll(filepath.Join(root, "bad", "dir.md"), 0o755); err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" {
		_ = os.Symlink("loop", filepath.Join(root, "bad", "loop"))
		_ = os.Symlink("..", filepath.Join(root, "bad", "up"))
		_ = os.Symlink("missing.md", filepath.Join(root, "bad", "dangling.md"))
	}

	// lint through a relative root: no message may show the absolute one
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	relRoot, err := filepath.Rel(cwd, root)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var code int
	var out, errs string
	go func() {
		defer close(done)
		code, out, errs = run("--format", "text", "--color", "never", relRoot)
	}()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("mdlint did not finish within 60 s on the hostile library")
	}
	if code != ExitFindings {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{
		"DS/Acme/acme_vpn/ds_acme_acme_vpn.md:7:", // the good pages are still checked
		"bad/nul.md:1:1: error unknown-page",      // binary
		"bad/huge.md:1:1: error unknown-page",     // too large
		"bad/dangling.md:1:1: error unknown-page", // dangling symlink
		"bad/links.md:1:",                         // the bad links
		"link-outside-root",                       // ../../.. past the root
		"bad/wide.md:3:",                          // 10,000 broken links found
		"bad/deep.md:1:",                          // nested deeply, still read
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	for _, line := range strings.Split(out+errs, "\n") {
		for _, f := range strings.Fields(line) {
			if strings.HasPrefix(strings.Trim(f, "`'\"(["), root) {
				t.Errorf("absolute path in output: %s", line)
			}
		}
	}
	if strings.Contains(out+errs, "panic") {
		t.Errorf("a check panicked:\n%s", out+errs)
	}
}

func TestRootErrors(t *testing.T) {
	empty := t.TempDir()
	if code, _, errs := run(empty); code != ExitUsage || !strings.Contains(errs, "no Markdown pages") {
		t.Errorf("empty root: exit %d, %q", code, errs)
	}
	if code, _, errs := run(filepath.Join(empty, "missing")); code != ExitUsage || errs == "" {
		t.Errorf("missing root: exit %d, %q", code, errs)
	}
}
