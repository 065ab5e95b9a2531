package checks

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mdlint/lint"
	"mdlint/lint/linttest"
	"mdlint/parser"
)

func TestSummaryCount(t *testing.T) {
	linttest.Run(t, "../../testdata/rules/summary-count", SummaryCount)
}

func TestContentCount(t *testing.T) {
	linttest.Run(t, "../../testdata/rules/content-count", ContentCount)
}

// TestCountSubstringDedupe: both counting checks report the generator's
// substring habit under count-substring-dedupe.
func TestCountSubstringDedupe(t *testing.T) {
	linttest.Run(t, "../../testdata/rules/count-substring-dedupe", SummaryCount, ContentCount)
}

func TestDedupeCount(t *testing.T) {
	n, sw := dedupeCount([]string{"FPA-DU", "PA-DU", "EM-InB-Perm-N", "EM-InB-Perm", "X", "X"})
	assert.Equal(t, 3, n)
	assert.Equal(t, []string{"PA-DU", "EM-InB-Perm"}, sw)
	// order matters: the shorter first swallows nothing
	n, sw = dedupeCount([]string{"PA-DU", "FPA-DU"})
	assert.Equal(t, 2, n)
	assert.Empty(t, sw)
}

func TestNotSubstrings(t *testing.T) {
	n, subs := notSubstrings([]string{"PA-DU", "FPA-DU", "A", "PA-DU"})
	assert.Equal(t, 1, n)
	assert.Equal(t, []string{"A", "PA-DU"}, subs)
}

// TestSeedParsers places the 2022 seed page in a library of its own:
// its summary claims 6 parsers but it links 4 distinct parser pages.
func TestSeedParsers(t *testing.T) {
	src, err := os.ReadFile("../../../shared/seed/000_fa6c1733619707d6.txt")
	if err != nil {
		t.Skipf("seed page not present (%v); skipping", err)
	}
	root := t.TempDir()
	p := filepath.Join(root, "DataSources", "Microsoft", "365_Defender", "ds_microsoft_365_defender.md")
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, src, 0o644))
	lib, err := parser.LoadLibrary(root, parser.Options{})
	require.NoError(t, err)
	var msgs []string
	for _, d := range lint.Run(lib, []*lint.Check{SummaryCount}) {
		if strings.Contains(d.Message, "parsers") {
			msgs = append(msgs, fmt.Sprintf("%d:%d %s", d.Span.Start.Line, d.Span.Start.Col, d.Message))
		}
	}
	assert.Equal(t, []string{"7:50 summary says 6 parsers but the use-case rows link 4 distinct parser pages; 6 is the Event Types value, which the generator seems to have copied here"}, msgs)
}

func TestCountDistinct(t *testing.T) {
	for _, items := range [][]string{nil, {""}, {"a", "a", ""}, {"a", "b", "a", "c"}} {
		assert.Equal(t, len(distinct(items)), countDistinct(items), "%q", items)
	}
	var long []string
	for i := 0; i < 100; i++ {
		long = append(long, fmt.Sprint(i%40), "")
	}
	assert.Equal(t, len(distinct(long)), countDistinct(long))
}

// The containment index answers like the per-list suffix array for every
// list it knows, and declines lists with an ID it does not know.
func TestContainIndexAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		b := make([]byte, 1+rng.IntN(5))
		for i := range b {
			b[i] = "AB-\x00"[rng.IntN(4)] // NUL: the joints of the index must not match
		}
		return string(b)
	}
	var universe []string
	seen := map[string]bool{}
	for len(universe) < 60 {
		if w := word(); !seen[w] {
			seen[w] = true
			universe = append(universe, w)
		}
	}
	idx := newContainIndex(slices.Clone(universe))
	for range 500 {
		var items []string
		for range rng.IntN(12) {
			items = append(items, universe[rng.IntN(len(universe))])
		}
		var brute []string
		ds := distinct(items)
		slices.Sort(ds)
		for _, s := range ds {
			for _, t := range ds {
				if t != s && strings.Contains(t, s) {
					brute = append(brute, s)
					break
				}
			}
		}
		n1, s1 := notSubstrings(items)
		n2, s2 := notSubstringsIn(idx, items)
		require.Equal(t, brute, s1, "%q", items)
		require.Equal(t, len(ds)-len(brute), n1, "%q", items)
		require.Equal(t, n1, n2, "%q", items)
		require.Equal(t, s1, s2, "%q", items)
	}
	_, ok := idx.subsOf([]string{"not-in-the-universe"})
	assert.False(t, ok)
}
