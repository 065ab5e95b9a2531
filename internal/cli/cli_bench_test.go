package cli

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkEndToEnd runs mdlint on a real library: load, every check and
// JSON output. CIM2-no-attack leaves out the ATT&CK rules, the base they
// are measured against (issue 4: within 5 %).
func BenchmarkEndToEnd(b *testing.B) {
	for _, bc := range []struct{ name, corpus string }{{"CIM2", "CIM2"}, {"CIM1", "CIM1"}, {"CIM2-no-attack", "CIM2"}} {
		b.Run(bc.name, func(b *testing.B) {
			root := filepath.Join("..", "..", "..", "shared", "corpus", bc.corpus)
			if _, err := os.Stat(root); err != nil {
				b.Skipf("real corpus %s not present (%v); skipping", bc.corpus, err)
			}
			args := []string{"--format", "json", root}
			if strings.HasSuffix(bc.name, "-no-attack") {
				args = append([]string{"--disable", "attack-*,matrix-*,mitremap-count"}, args...)
			}
			b.ReportAllocs()
			u0, s0 := cpuTime()
			for i := 0; i < b.N; i++ {
				if code := Main(args, io.Discard, io.Discard); code == ExitUsage {
					b.Fatalf("exit %d", code)
				}
			}
			// CPU time varies less than wall time on a shared machine:
			// it is the figure to compare two versions by
			u1, s1 := cpuTime()
			b.ReportMetric(float64((u1-u0).Microseconds())/1e3/float64(b.N), "user-ms/op")
			b.ReportMetric(float64((s1-s0).Microseconds())/1e3/float64(b.N), "sys-ms/op")
		})
	}
}
