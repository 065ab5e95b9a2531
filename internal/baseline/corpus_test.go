package baseline

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"mdlint/internal/checks"
	"mdlint/lint"
	"mdlint/model"
	"mdlint/parser"
)

const corpusDir = "../../../shared/corpus"

// shifted returns lib with every page parsed again after a blank line
// was put in front of it: what a regeneration that moves every line
// does to the findings.
func shifted(t *testing.T, lib *model.Library) *model.Library {
	t.Helper()
	// Every exported field but the pages (Data: the JSON files some
	// checks compare with the pages).
	nl := &model.Library{Root: lib.Root, Dirs: lib.Dirs, Files: lib.Files, Errors: lib.Errors, Data: lib.Data, Fingerprint: lib.Fingerprint}
	for _, p := range lib.Pages {
		if p.Err != "" {
			nl.Pages = append(nl.Pages, p)
			continue
		}
		src, err := os.ReadFile(filepath.Join(lib.Root, filepath.FromSlash(p.Path)))
		if err != nil {
			t.Fatal(err)
		}
		nl.Pages = append(nl.Pages, parser.ParsePage(p.Path, append([]byte("\n"), src...)))
	}
	nl.Index()
	return nl
}

// TestKeysIgnoreLineShifts runs every check on the real libraries and on
// the same libraries with every line moved down by one, and requires the
// same findings by baseline key: the keys of every check are free of
// line numbers and offsets, and a baseline survives regeneration.
func TestKeysIgnoreLineShifts(t *testing.T) {
	for _, v := range []string{"CIM1", "CIM2"} {
		t.Run(v, func(t *testing.T) {
			root := filepath.Join(corpusDir, v)
			if _, err := os.Stat(root); err != nil {
				t.Skipf("%s not present (%v); skipping", root, err)
			}
			if testing.Short() {
				t.Skip("slow: lints a real library twice")
			}
			lib, err := parser.LoadLibrary(root, parser.Options{})
			if err != nil {
				t.Fatal(err)
			}
			all := checks.All(checks.Options{})
			before := lint.Run(lib, all)
			after := lint.Run(shifted(t, lib), all)
			if len(before) == 0 {
				t.Fatal("no findings on a real library: nothing was compared")
			}
			r := New(before).Filter(after, nil)
			byRule := map[string][]string{}
			for _, d := range r.New {
				byRule[d.Rule] = append(byRule[d.Rule], fmt.Sprintf("%s:%d: key %q", d.File, d.Span.Start.Line, d.Key))
			}
			rules := make([]string, 0, len(byRule))
			for r := range byRule {
				rules = append(rules, r)
			}
			sort.Strings(rules)
			for _, rule := range rules {
				ex := byRule[rule]
				t.Errorf("%s: %d findings change their key when lines move, e.g.\n  %s", rule, len(ex), strings.Join(ex[:min(3, len(ex))], "\n  "))
			}
			if r.Gone != 0 && len(r.New) == 0 {
				t.Errorf("%d findings vanished when lines moved", r.Gone)
			}
			t.Logf("%d findings, %d keys: all stable", len(before), len(New(before).Findings))
		})
	}
}
