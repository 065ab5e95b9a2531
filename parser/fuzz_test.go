package parser

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParsePage feeds arbitrary bytes to every page kind. It is seeded
// from every fixture page of testdata/. A page must never panic (a
// recovered panic shows as Err), and every span must lie in the source.
func FuzzParsePage(f *testing.F) {
	_ = filepath.WalkDir("../testdata", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
				f.Add(b, uint8(0))
			}
		}
		return nil
	})
	if b, err := os.ReadFile(seedPath); err == nil {
		f.Add(b, uint8(0))
	}
	f.Add([]byte("| Event Type | Rules | Models || --- | --- | --- |\n| a | <b>T1 - x</b><br> ↳ <b>R</b>: d | |"), uint8(2))
	paths := []string{"DS/V/p/ds_v_p.md", "DS/V/p/2_ds_v_p.md", "DS/V/p/RM/r_m_v_p_x.md", "DS/V/p/CR/c_r_v_p_x.md",
		"DS/V/p/Ps/pC_x.md", "UseCases/uc_x.md", "MitreMap.md", "Exabeam Data Sources.md",
		"DataSources/datasource_x.md", "UseCases/usecase_x.md", "README.md"}
	f.Fuzz(func(t *testing.T, src []byte, k uint8) {
		p := ParsePage(paths[int(k)%len(paths)], src)
		if p.Err != "" && !strings.HasPrefix(p.Err, "binary") {
			t.Fatalf("parser failed: %s", p.Err)
		}
		for _, l := range p.Links {
			if l.Span.Start.Offset < 0 || l.Span.End.Offset > len(src) || l.Span.Start.Offset > l.Span.End.Offset {
				t.Fatalf("link span %v outside source of %d bytes", l.Span, len(src))
			}
			if l.Span.Start.Line < 1 || l.Span.Start.Col < 1 {
				t.Fatalf("bad position %v", l.Span.Start)
			}
		}
		_ = utf8.Valid(src)
	})
}
