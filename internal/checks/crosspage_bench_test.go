package checks

import (
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"mdlint/lint"
	"mdlint/model"
	"mdlint/parser"
)

var (
	crossPageOnce sync.Once
	crossPageLib  *model.Library
	crossPageErr  error
)

// loadCrossPageCIM2 loads the real 2026 library once per test binary.
func loadCrossPageCIM2(b *testing.B) *model.Library {
	b.Helper()
	root := filepath.Join("..", "..", "..", "shared", "corpus", "CIM2")
	if _, err := os.Stat(root); err != nil {
		b.Skipf("real corpus %s not present (%v); skipping", root, err)
	}
	crossPageOnce.Do(func() { crossPageLib, crossPageErr = parser.LoadLibrary(root, parser.Options{}) })
	if crossPageErr != nil {
		b.Fatal(crossPageErr)
	}
	return crossPageLib
}

// BenchmarkCrossPage measures the cross-page rules on CIM2, together and
// one by one. The model is loaded once, outside the timer; Products()
// is derived once per library and shared with other checks, so it is
// warmed up too.
func BenchmarkCrossPage(b *testing.B) {
	lib := loadCrossPageCIM2(b)
	lib.Products()
	runtime.GC() // collect the loader's garbage before timing
	for _, bc := range []struct {
		name   string
		checks []*lint.Check
	}{
		{"all", []*lint.Check{UseCasePage, RMBacklink, IndexCheck}},
		{"usecase-page", []*lint.Check{UseCasePage}},
		{"rm-backlink", []*lint.Check{RMBacklink}},
		{"index", []*lint.Check{IndexCheck}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				lint.Run(lib, bc.checks)
			}
		})
	}
}
