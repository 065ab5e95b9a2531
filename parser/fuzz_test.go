package parser

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// eachFixturePage calls fn with every fixture page of testdata/ under
// 64 KiB, the seeds of the fuzz tests.
func eachFixturePage(fn func(src []byte)) {
	_ = filepath.WalkDir("../testdata", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
				fn(b)
			}
		}
		return nil
	})
}

// FuzzParsePage feeds arbitrary bytes to every page kind. It is seeded
// from every fixture page of testdata/. A page must never panic (a
// recovered panic shows as Err), and every span must lie in the source.
func FuzzParsePage(f *testing.F) {
	eachFixturePage(func(b []byte) { f.Add(b, uint8(0)) })
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
			if l.Span.Start.Offset < 0 || int(l.Span.End.Offset) > len(src) || l.Span.Start.Offset > l.Span.End.Offset {
				t.Fatalf("link span %v outside source of %d bytes", l.Span, len(src))
			}
			if l.Span.Start.Line < 1 || l.Span.Start.Col < 1 {
				t.Fatalf("bad position %v", l.Span.Start)
			}
		}
		_ = utf8.Valid(src)
	})
}

// FuzzCells fuzzes the cell grammars directly: the fuzzed text fills
// every cell (the @ of the templates) of a data source use-case row, an RM rules row and a
// use-case page row.
func FuzzCells(f *testing.F) {
	for _, s := range []string{
		" app-login<br> ↳[p](Ps/pC_p.md)<br><br> b<br> ↳ [q](Ps/pC_q.md)<br>",
		"T1078 - Valid Accounts<br>TA0010 - TA0010<br>T1<br> - x<br>",
		"[<ul><li>34 Rules</li></ul><ul><li>16 Models</li></ul>](RM/r.md)",
		"<b>T1 - A</b><b>T2 - B</b><br> ↳ <b>R-1</b>: d<br> ↳ R-2: e",
		" • <b>M</b>: x<br> • <b></b>", "<ul><li>a</li><li>\"b\"</li></li></ul>", "[](", "<br", "<b>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cell string) {
		cell = strings.NewReplacer("\n", " ", "\r", " ", "|", "\\|").Replace(cell)
		pages := map[string]string{
			"DS/V/p/ds_v_p.md":        "Vendor: V\n=========\nProduct: P\n----------\n| Rules | Models | MITRE TTPs | Event Types | Parsers |\n|:-:|:-:|:-:|:-:|:-:|\n| 1 | 2 | 3 | 4 | 5 |\n\n| Use-Case | Event Types/Parsers | MITRE TTP | Content |\n| ---- | ---- | ---- | ---- |\n| @ | @ | @ | @ |\n",
			"DS/V/p/RM/r_m_v_p_x.md":  "Vendor: V\n=========\n### Product: [P](../ds_v_p.md)\n\n| Event Type | Rules | Models |\n| ---- | ---- | ---- |\n| @ | @ | @ |\n",
			"UseCases/uc_x.md":        "Use Case: X\n===========\n\n### Vendor: V\n| Product | Event Types | MITRE ATT&CK® TTP | Content |\n|:-:| ---- | ---- | ---- |\n| @ | @ | @ | @ |\n",
			"MitreMap.md":             "MITRE ATT&CK® Framework for Enterprise\n======\n### MITRE Techniques: @\n| Initial Access |\n| --- |\n| @ |\n\n| TTP Code | Technique: Sub-technique | Rules |\n| --- | --- | --- |\n| @ | @ | @ |\n",
			"Exabeam Data Sources.md": "| Vendor | Product |\n| -- | -- |\n| @ | @ |\n",
		}
		for p, tmpl := range pages {
			src := []byte(strings.ReplaceAll(tmpl, "@", cell))
			pg := ParsePage(p, src)
			if pg.Err != "" && !strings.HasPrefix(pg.Err, "binary") {
				t.Fatalf("%s: %s", p, pg.Err)
			}
		}
	})
}
