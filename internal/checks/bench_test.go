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

// BenchmarkEachCheck times each check alone. The checks are made anew
// for each run, so that what a check shares through a library memo (the
// ATT&CK scan) is computed again every time: a check that reads a memo
// another check has filled would otherwise look free. Rules whose
// checks share a memo each include its cost.
func BenchmarkEachCheck(b *testing.B) {
	lib := loadCIM2(b)
	lib.Products()
	for _, c := range All(Options{}) {
		name := c.Name
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, c := range All(Options{}) {
					if c.Name == name {
						lint.Run(lib, []*lint.Check{c})
					}
				}
			}
		})
	}
}
