package attackdiff

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mdlint/internal/attack"
	"mdlint/parser"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create the golden file")
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from the golden file (run go test -update to accept):\n%s", name, got)
	}
}

func load(t *testing.T, path string) *attack.Catalog {
	t.Helper()
	c, err := attack.LoadFile(path)
	require.NoError(t, err)
	return c
}

// The two test bundles change every kind of thing the example library
// uses: T1078 renamed, T1110.003 revoked by T1110.001, T1133
// deprecated, T1204.002 removed, T1098 gains Privilege Escalation, tactic
// TA0006 renamed, TA0043 new, TA0040 removed.
func TestDiffGolden(t *testing.T) {
	lib, err := parser.LoadLibrary("../../testdata/beyond/v2", parser.Options{})
	require.NoError(t, err)
	r := Diff(lib, load(t, "testdata/old.json"), load(t, "testdata/new.json"))
	r.Root = "v2"
	r.From.Source, r.To.Source = "old.json", "new.json"

	var txt bytes.Buffer
	require.NoError(t, r.WriteText(&txt, 0))
	golden(t, "diff.golden.txt", txt.Bytes())
	var js bytes.Buffer
	require.NoError(t, r.WriteJSON(&js))
	golden(t, "diff.golden.json", js.Bytes())
	assert.True(t, json.Valid(js.Bytes()))

	byChange := map[string][]string{}
	for _, c := range r.Techniques {
		byChange[c.Change] = append(byChange[c.Change], c.ID)
	}
	assert.Equal(t, map[string][]string{
		Revoked: {"T1110.003"}, Deprecated: {"T1133"}, Removed: {"T1204.002"},
		Renamed: {"T1078", "T1078.002", "T1078.004"}, Tactics: {"T1098"}, // the subs take the parent's new name
	}, byChange)
	var tac []string
	for _, c := range r.Tactics {
		tac = append(tac, c.Change+" "+c.ID)
	}
	assert.Equal(t, []string{"removed TA0040", "renamed TA0006", "new TA0043"}, tac)

	var short bytes.Buffer
	require.NoError(t, r.WriteText(&short, 1))
	assert.Contains(t, short.String(), "… and ")
}

func TestSameReleaseIsQuiet(t *testing.T) {
	lib, err := parser.LoadLibrary("../../testdata/beyond/v2", parser.Options{})
	require.NoError(t, err)
	c := load(t, "testdata/old.json")
	r := Diff(lib, c, c)
	assert.Empty(t, r.Techniques)
	assert.Empty(t, r.Tactics)
	var b bytes.Buffer
	require.NoError(t, r.WriteText(&b, 0))
	assert.Contains(t, b.String(), "nothing to change")
}

// TestRealCorpus is the demonstration of the issue: ATT&CK v10.1 ->
// v18.1 over the 2024 library. It skips when ../shared is absent.
func TestRealCorpus(t *testing.T) {
	const shared = "../../../shared"
	for _, p := range []string{shared + "/corpus/CIM1", shared + "/attack/enterprise-attack-v10.1.json", shared + "/attack/enterprise-attack-v18.1.json"} {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("%s not available (%v); skipping", p, err)
		}
	}
	lib, err := parser.LoadLibrary(shared+"/corpus/CIM1", parser.Options{})
	require.NoError(t, err)
	r := Diff(lib, load(t, shared+"/attack/enterprise-attack-v10.1.json"), load(t, shared+"/attack/enterprise-attack-v18.1.json"))
	assert.Equal(t, 189, r.Totals.InUse)
	assert.Equal(t, map[string]int{Revoked: 1, Renamed: 24, Tactics: 3}, r.Totals.ByChange)
	assert.Empty(t, r.Tactics)
	assert.Equal(t, "T1574.002", r.Techniques[0].ID)
	assert.Equal(t, []Ref{{"T1574.001", "Hijack Execution Flow: DLL"}}, r.Techniques[0].ReplacedBy)
	assert.Equal(t, 261, r.Techniques[0].Uses)
	for _, c := range r.Techniques {
		if c.ID == "T1046" && c.Change == Renamed {
			assert.Equal(t, "Network Service Scanning", c.OldName)
			assert.Equal(t, "Network Service Discovery", c.NewName)
			assert.Len(t, c.Places, 51)
		}
	}
	assert.Equal(t, 7038, r.Totals.Places)
	assert.Equal(t, 1298, r.Totals.Pages)
	assert.Equal(t, 2976, r.Totals.Rows)
	assert.Equal(t, 604, r.Totals.MatrixCells)
}
