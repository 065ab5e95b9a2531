package parser

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"mdlint/model"
)

// corpus returns the path of a real library in ../shared, or skips.
func corpus(tb testing.TB, name string) string {
	tb.Helper()
	p := filepath.Join("..", "..", "shared", "corpus", name)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("real corpus %s not present (%v); skipping", name, err)
	}
	return p
}

func TestCorpusKinds(t *testing.T) {
	for _, name := range []string{"CIM1", "CIM2"} {
		t.Run(name, func(t *testing.T) {
			lib, err := LoadLibrary(corpus(t, name), Options{})
			require.NoError(t, err)
			kinds := map[model.Kind]int{}
			for _, p := range lib.Pages {
				kinds[p.Kind]++
				cand, _ := Classify(p.Path)
				if cand != model.KindUnknown && p.Kind == model.KindUnknown {
					t.Errorf("%s: candidate %s not recognised: %s %s", p.Path, cand, p.Dialect, p.Err)
				}
			}
			t.Logf("%s: %d pages %v", name, len(lib.Pages), kinds)
		})
	}
}

func BenchmarkLoadLibrary(b *testing.B) {
	for _, name := range []string{"CIM2", "CIM1"} {
		b.Run(name, func(b *testing.B) {
			root := corpus(b, name)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := LoadLibrary(root, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestCorpusNumbers spot-checks what the parser reads from real pages
// against the pages themselves.
func TestCorpusNumbers(t *testing.T) {
	root := corpus(t, "CIM2")
	lib, err := LoadLibrary(root, Options{})
	require.NoError(t, err)
	p := lib.Page("DS/Auth0/auth0/ds_auth0_auth0.md")
	require.NotNil(t, p)
	ds := p.DataSource
	s := ds.Summary
	require.Equal(t, []int{276, 107, 51, 12, 19}, []int{s.Rules.Value, s.Models.Value, s.TTPs.Value, s.EventTypes.Value, s.Parsers.Value})
	require.Equal(t, "MITRE ATT&CK® TTPs", s.Headers[2])
	require.Equal(t, "2026", p.Dialect)
	require.NotNil(t, ds.Next)
	require.Equal(t, "2_ds_auth0_auth0.md", ds.Next.Dest)
	require.Equal(t, "Abnormal Authentication & Access", ds.Rows[0].UseCase.Value)
	require.Equal(t, "account-deleted", ds.Rows[0].EventTypes[0].Name.Value)
	require.Equal(t, "T1078.002", ds.Rows[0].TTPs[4].ID)
	require.Equal(t, "T1078.002", ds.Rows[0].TTPs[4].Name)
	require.Equal(t, 46, ds.Rows[0].Content.Rules.Value)
	require.Equal(t, 22, ds.Rows[0].Content.Models.Value)
	require.NotNil(t, ds.Matrix)
	require.Equal(t, "MITRE ATT&CK® Framework for Enterprise", ds.Matrix.Title.Value)
	require.Len(t, ds.Matrix.Columns, 12)
	require.Equal(t, "Exploit Public Fasing Application", ds.Matrix.Columns[0].Techniques[4].Link.Text)

	rm := lib.Page("DS/Auth0/auth0/RM/r_m_auth0_auth0_Cryptomining.md")
	require.NotNil(t, rm)
	require.Equal(t, "Rules by Product and UseCase", rm.RM.Title.Value)
	require.Equal(t, "Auth0", rm.RM.Vendor.Value)
	require.Equal(t, "../ds_auth0_auth0.md", rm.RM.Product.Dest)
	require.Len(t, rm.RM.Rows, 1)
	row := rm.RM.Rows[0]
	require.Equal(t, "web-activity-allowed", row.EventType.Value)
	require.Equal(t, "T1496", row.TTPs[0].ID)
	require.Equal(t, "A-WEB-Shadow-Mining", row.Rules[0].ID.Value)
	require.Equal(t, []int{0}, row.Rules[0].TTPs.Slice())

	for _, p := range lib.Pages {
		if p.Kind == model.KindDataSource && p.DataSource.PageNumber == 1 && p.DataSource.Summary == nil {
			t.Errorf("%s: first data source page without summary", p.Path)
		}
		if p.Kind == model.KindParser && len(p.Parser.Names) == 0 {
			t.Errorf("%s: parser page without Name", p.Path)
		}
	}
	mm := lib.Page("MitreMap.md").MitreMap
	require.Equal(t, 104, mm.Techniques.Value)
	require.Equal(t, 96, mm.SubTechniques.Value)
	require.NotEmpty(t, mm.Rows)
	require.Equal(t, "T1003", mm.Rows[0].ID.Value)
	require.Equal(t, 31, mm.Rows[0].Rules.Value)
}
