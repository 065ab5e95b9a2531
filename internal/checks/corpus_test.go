package checks

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"mdlint/lint"
	"mdlint/parser"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestCorpusGolden runs every rule on the two real library versions and
// pins the number of findings per rule, so any change in what mdlint
// reports on real docs is visible in review.
func TestCorpusGolden(t *testing.T) {
	for _, name := range []string{"CIM1", "CIM2"} {
		t.Run(name, func(t *testing.T) {
			root := filepath.Join("..", "..", "..", "shared", "corpus", name)
			if _, err := os.Stat(root); err != nil {
				t.Skipf("real corpus %s not present (%v); skipping", name, err)
			}
			lib, err := parser.LoadLibrary(root, parser.Options{})
			require.NoError(t, err)
			diags := lint.Run(lib, All(Options{}))
			counts := map[string]int{}
			for _, d := range diags {
				counts[d.Rule+" "+d.Severity.String()]++
			}
			var lines []string
			for _, r := range Rules(Options{}) {
				for _, sev := range []string{"error", "warning", "info"} {
					if n := counts[r.Name+" "+sev]; n > 0 {
						lines = append(lines, fmt.Sprintf("%-28s %-8s %6d", r.Name, sev, n))
						delete(counts, r.Name+" "+sev)
					}
				}
			}
			for k, n := range counts { // rules missing from the catalogue
				lines = append(lines, fmt.Sprintf("%-37s %6d (rule not in the catalogue)", k, n))
			}
			sort.Strings(lines)
			got := fmt.Sprintf("# findings per rule and severity on ../shared/corpus/%s (%d pages)\n%s\n", name, len(lib.Pages), strings.Join(lines, "\n"))
			golden := filepath.Join("testdata", "corpus-"+name+".golden")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run: go test ./internal/checks -run TestCorpusGolden -update")
			require.Equal(t, string(want), got, "findings on %s changed; review and rerun with -update", name)
		})
	}
}
