package parser

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mdlint/model"
)

const seedPath = "../../shared/seed/000_fa6c1733619707d6.txt"

func TestSeedPage(t *testing.T) {
	src, err := os.ReadFile(seedPath)
	if err != nil {
		t.Skipf("seed page not present (%v); skipping", err)
	}
	p := ParsePage("DataSources/Microsoft/365_Defender/ds_microsoft_365_defender.md", src)
	require.Equal(t, model.KindDataSource, p.Kind, p.Dialect)
	assert.Equal(t, "2022", p.Dialect)
	ds := p.DataSource
	assert.Equal(t, "Microsoft", ds.Vendor.Value)
	assert.Equal(t, "365 Defender", ds.Product.Value)
	s := ds.Summary
	require.NotNil(t, s)
	assert.Equal(t, []int{85, 37, 12, 6, 6}, []int{s.Rules.Value, s.Models.Value, s.TTPs.Value, s.EventTypes.Value, s.Parsers.Value})
	assert.Equal(t, model.Pos{Offset: s.Rules.Span.Start.Offset, Line: 7, Col: 4}, s.Rules.Span.Start)
	require.Len(t, ds.Rows, 2)
	assert.Equal(t, "Cryptomining", ds.Rows[0].UseCase.Value)
	require.NotEmpty(t, ds.Rows[0].TTPs)
	assert.Equal(t, "T1496", ds.Rows[0].TTPs[0].ID)
	assert.Equal(t, "Resource Hijacking", ds.Rows[0].TTPs[0].Name)
	assert.Equal(t, "Data Leak", ds.Rows[1].UseCase.Value)
	require.NotNil(t, ds.Next)
	assert.Equal(t, "2_ds_microsoft_365_defender.md", ds.Next.Dest)
	require.NotNil(t, ds.Matrix)
	assert.Equal(t, "ATT&CK Matrix for Enterprise", ds.Matrix.Title.Value)
	assert.Len(t, ds.Matrix.Columns, 12)
	assert.Equal(t, "Initial Access", ds.Matrix.Columns[0].Tactic.Value)
	// parser links of the first event type, with exact positions
	et := ds.Rows[0].EventTypes[0]
	assert.Equal(t, "dlp-email-alert-in", et.Name.Value)
	require.Len(t, et.Parsers, 2)
	l := et.Parsers[0].Link
	assert.Equal(t, "json-defender-email-events", l.Text)
	assert.Equal(t, "Ps/pC_jsondefenderemailevents.md", l.Dest)
	assert.Equal(t, "[json-defender-email-events](Ps/pC_jsondefenderemailevents.md)", string(src[l.Span.Start.Offset:l.Span.End.Offset]))
	assert.Equal(t, l.Dest, string(src[l.DestSpan.Start.Offset:l.DestSpan.End.Offset]))
	assert.Equal(t, int32(11), l.Span.Start.Line)
}

// TestSeedLibrary places the seed page in a library of its own.
func TestSeedLibraryLoads(t *testing.T) {
	src, err := os.ReadFile(seedPath)
	if err != nil {
		t.Skipf("seed page not present (%v); skipping", err)
	}
	root := t.TempDir()
	p := filepath.Join(root, "DataSources", "Microsoft", "365_Defender", "ds_microsoft_365_defender.md")
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, src, 0o644))
	lib, err := LoadLibrary(root, Options{})
	require.NoError(t, err)
	require.Len(t, lib.Products(), 1)
	assert.Equal(t, "DataSources/Microsoft/365_Defender/ds_microsoft_365_defender.md", lib.Products()[0].First().Path)
}

// TestParserBlockKeyName: the older parser config names the parser by
// its block key when it has no Name = line.
func TestParserBlockKeyName(t *testing.T) {
	src := "#### Parser Content\n```Java\n{\nbox-activity = {\n  Vendor = Box\n  Fields = [\n  ]\n}\n```"
	p := ParsePage("DS/Box/box/Ps/pC_boxactivity.md", []byte(src))
	require.Equal(t, model.KindParser, p.Kind)
	require.Len(t, p.Parser.Names, 1)
	assert.Equal(t, "box-activity", p.Parser.Names[0].Value)
	assert.Equal(t, int32(4), p.Parser.Names[0].Span.Start.Line)
	// a Name = line wins over template block keys
	src = "```Java\n{\nName = real-name\nbox-template = {\n  Vendor = Box\n}\n```"
	p = ParsePage("DS/Box/box/Ps/pC_x.md", []byte(src))
	require.Len(t, p.Parser.Names, 1)
	assert.Equal(t, "real-name", p.Parser.Names[0].Value)
}
