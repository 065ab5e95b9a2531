package cli

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkEndToEnd runs mdlint on a real library: load, every check and
// JSON output.
func BenchmarkEndToEnd(b *testing.B) {
	for _, name := range []string{"CIM2", "CIM1"} {
		b.Run(name, func(b *testing.B) {
			root := filepath.Join("..", "..", "..", "shared", "corpus", name)
			if _, err := os.Stat(root); err != nil {
				b.Skipf("real corpus %s not present (%v); skipping", name, err)
			}
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if code := Main([]string{"--format", "json", root}, io.Discard, io.Discard); code == ExitUsage {
					b.Fatalf("exit %d", code)
				}
			}
		})
	}
}
