package checks

import (
	"runtime"
	"testing"

	"mdlint/lint"
)

// BenchmarkCrossPage measures the cross-page rules on CIM2, together and
// one by one. The model is loaded once, outside the timer; Products()
// is derived once per library and shared with other checks, so it is
// warmed up too.
func BenchmarkCrossPage(b *testing.B) {
	lib := loadCIM2(b)
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
