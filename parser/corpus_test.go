package parser

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"mdlint/model"
)

// corpus returns the path of a real library in ../shared, or skips.
func corpus(tb testing.TB, name string) string {
	tb.Helper()
	p := filepath.Join("..", "..", "shared", "corpus", name)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("real corpus %s not present (%v); skipping", name, err)
	}
	return p
}

func TestCorpusKinds(t *testing.T) {
	for _, name := range []string{"CIM1", "CIM2"} {
		t.Run(name, func(t *testing.T) {
			lib, err := LoadLibrary(corpus(t, name), Options{})
			require.NoError(t, err)
			kinds := map[model.Kind]int{}
			for _, p := range lib.Pages {
				kinds[p.Kind]++
				cand, _ := Classify(p.Path)
				if cand != model.KindUnknown && p.Kind == model.KindUnknown {
					t.Errorf("%s: candidate %s not recognised: %s %s", p.Path, cand, p.Dialect, p.Err)
				}
			}
			t.Logf("%s: %d pages %v", name, len(lib.Pages), kinds)
		})
	}
}

func BenchmarkLoadLibrary(b *testing.B) {
	for _, name := range []string{"CIM2", "CIM1"} {
		b.Run(name, func(b *testing.B) {
			root := corpus(b, name)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := LoadLibrary(root, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
