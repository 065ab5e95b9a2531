package checks

import (
	"os"
	"sync"
	"testing"

	"mdlint/lint"
	"mdlint/model"
	"mdlint/parser"
)

// cim2 is the real 2026 library; tests and benchmarks that need it skip
// when it is absent.
const cim2 = "../../../shared/corpus/CIM2"

var (
	cim2Once sync.Once
	cim2Lib  *model.Library
	cim2Err  error
)

// loadCIM2 loads the real CIM2 library once per test binary, or skips.
// Callers share the model, so they must not change it.
func loadCIM2(tb testing.TB) *model.Library {
	tb.Helper()
	if _, err := os.Stat(cim2); err != nil {
		tb.Skipf("real corpus %s not present (%v); skipping", cim2, err)
	}
	cim2Once.Do(func() { cim2Lib, cim2Err = parser.LoadLibrary(cim2, parser.Options{}) })
	if cim2Err != nil {
		tb.Fatal(cim2Err)
	}
	return cim2Lib
}

// BenchmarkChecks times the link, parser and structure rules on CIM2
// (the library is loaded once, outside the timing).
func BenchmarkChecks(b *testing.B) {
	lib := loadCIM2(b)
	checks := []*lint.Check{BrokenLink, LinkOutsideRoot, PageChain, ParserLinkName, ParserProduct, MalformedTable, UnknownPage, DuplicateEntry}
	lib.Products() // derived once per library, not per run
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		lint.Run(lib, checks)
	}
}

// BenchmarkEachCheck times each of those rules alone.
func BenchmarkEachCheck(b *testing.B) {
	lib := loadCIM2(b)
	lib.Products()
	for _, c := range []*lint.Check{BrokenLink, LinkOutsideRoot, PageChain, ParserLinkName, ParserProduct, MalformedTable, UnknownPage, DuplicateEntry} {
		b.Run(c.Name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				lint.Run(lib, []*lint.Check{c})
			}
		})
	}
}
