package checks

import (
	"os"
	"runtime"
	"testing"

	"mdlint/lint"
	"mdlint/parser"
)

func isAttackRule(name string) bool {
	for _, c := range attackChecks(Options{}) {
		if c.Name == name {
			return true
		}
	}
	return false
}

// BenchmarkAttackChecksCIM2 runs every ATT&CK rule on CIM2 (fresh checks
// each time, so the shared scan is not cached across iterations).
func BenchmarkAttackChecksCIM2(b *testing.B) {
	lib := loadCIM2(b)
	b.ResetTimer()
	for b.Loop() {
		lint.Run(lib, attackChecks(Options{}))
	}
}

// BenchmarkOtherChecksCIM2 runs every other rule on CIM2, the base the
// ATT&CK rules are measured against.
func BenchmarkOtherChecksCIM2(b *testing.B) {
	lib := loadCIM2(b)
	var others []*lint.Check
	for _, c := range All(Options{}) {
		if !isAttackRule(c.Name) {
			others = append(others, c)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		lint.Run(lib, others)
	}
}

// BenchmarkLoadCIM2 is the parse the end-to-end run starts with.
func BenchmarkLoadCIM2(b *testing.B) {
	if _, err := os.Stat(cim2); err != nil {
		b.Skipf("corpus %s not available: %v", cim2, err)
	}
	for b.Loop() {
		if _, err := parser.LoadLibrary(cim2, parser.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAttackScan times the scan the token, link and MitreMap rules
// share, alone: the catalog's indexes are built once, and the memory of
// one iteration is collected before the next, outside the timing, so
// that the figure is the scan's own CPU and not the first touch of
// fresh memory nor a collection. "all" builds every part of the
// findings (a SARIF or --fix run), "lean" neither keys nor edits (a
// JSON or text run).
func BenchmarkAttackScan(b *testing.B) {
	lib := loadCIM2(b)
	a := &attackSet{}
	a.setup()
	for _, bc := range []struct {
		name  string
		parts lint.Parts
	}{{"all", lint.AllParts}, {"lean", 0}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				runtime.GC()
				b.StartTimer()
				newAttackScan(a, bc.parts).scan(lib)
			}
		})
	}
}
