package attack

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOldNames(t *testing.T) {
	assert.Equal(t, Default().Version, OldNamesBase(), "oldnames_gen.go was compared with another release: run go generate ./internal/attack/")
	names := OldNames()
	assert.Len(t, names, 45)
	find := func(id string) []OldName {
		var out []OldName
		for _, n := range names {
			if n.ID == id {
				out = append(out, n)
			}
		}
		return out
	}
	assert.Equal(t, []OldName{{"T1046", "Network Service Scanning", "10.1"}}, find("T1046"))
	assert.Equal(t, []OldName{{"T1574.001", "Hijack Execution Flow: DLL Search Order Hijacking", "10.1"}}, find("T1574.001"))
	assert.Empty(t, find("T1190"), "unchanged since v10.1")
	d := Default()
	for _, n := range names {
		cur, ok := d.Technique(n.ID)
		if assert.True(t, ok, n.ID) {
			assert.NotEqual(t, cur.Name, n.Name, n.ID)
		}
	}
	names[0].Name = "changed"
	assert.NotEqual(t, "changed", OldNames()[0].Name, "OldNames returns a copy")
}

// TestOldNamesFileUpToDate regenerates oldnames_gen.go into a temporary
// file and compares the bytes.
func TestOldNamesFileUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator with go run; skipped in -short mode")
	}
	in, err := filepath.Abs(bundle10)
	require.NoError(t, err)
	if _, err := os.Stat(in); err != nil {
		t.Skipf("ATT&CK bundle %s not available (%v); skipping", bundle10, err)
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not found")
	}
	out := filepath.Join(t.TempDir(), "oldnames.go")
	cmd := exec.Command(goTool, "run", "gen_oldnames.go", "-old", in, "-out", out)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Run(), stderr.String())

	want, err := os.ReadFile("oldnames_gen.go")
	require.NoError(t, err)
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(want, got), "oldnames_gen.go is stale: run go generate ./internal/attack/")
}
