package checks

import (
	"testing"

	"mdlint/lint"
)

// BenchmarkAllChecksCIM2 runs every rule of the default set on CIM2 (the
// library is loaded once, outside the timing): the check phase of a run.
// Each iteration builds the rules anew and forgets the per-library memos,
// as a run does.
func BenchmarkAllChecksCIM2(b *testing.B) {
	lib := loadCIM2(b)
	lib.Products() // derived by the loader's caller in a run
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		lib.ForgetMemos()
		lint.Run(lib, All(Options{}))
	}
}
