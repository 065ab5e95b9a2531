package checks

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"mdlint/lint"
	"mdlint/model"
	"mdlint/parser"
)

var (
	cim2BenchOnce sync.Once
	cim2BenchLib  *model.Library
	cim2BenchErr  error
)

// cim2BenchLibrary loads the real CIM2 library once, or skips.
func cim2BenchLibrary(b *testing.B) *model.Library {
	root := filepath.Join("..", "..", "..", "shared", "corpus", "CIM2")
	if _, err := os.Stat(root); err != nil {
		b.Skipf("real corpus not present (%v)", err)
	}
	cim2BenchOnce.Do(func() { cim2BenchLib, cim2BenchErr = parser.LoadLibrary(root, parser.Options{}) })
	if cim2BenchErr != nil {
		b.Fatal(cim2BenchErr)
	}
	return cim2BenchLib
}

// BenchmarkChecks times the link, parser and structure rules on CIM2
// (the library is loaded once, outside the timing).
func BenchmarkChecks(b *testing.B) {
	lib := cim2BenchLibrary(b)
	checks := []*lint.Check{BrokenLink, LinkOutsideRoot, PageChain, ParserLinkName, ParserProduct, MalformedTable, UnknownPage, DuplicateEntry}
	lib.Products() // derived once per library, not per run
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		lint.Run(lib, checks)
	}
}

// BenchmarkEachCheck times each of those rules alone.
func BenchmarkEachCheck(b *testing.B) {
	lib := cim2BenchLibrary(b)
	lib.Products()
	for _, c := range []*lint.Check{BrokenLink, LinkOutsideRoot, PageChain, ParserLinkName, ParserProduct, MalformedTable, UnknownPage, DuplicateEntry} {
		b.Run(c.Name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				lint.Run(lib, []*lint.Check{c})
			}
		})
	}
}
