package checks

import (
	"os"
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
