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

// The ATT&CK bundles live outside the module, in the shared folder next
// to it; the tests that read them skip when it is absent.
const (
	sharedAttack = "../../../shared/attack"
	bundle18     = sharedAttack + "/enterprise-attack-v18.1.json"
	bundle10     = sharedAttack + "/enterprise-attack-v10.1.json"
)

func loadShared(t *testing.T, path string) *Catalog {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Skipf("ATT&CK bundle %s not available (%v); skipping", path, err)
	}
	c, err := LoadFile(path)
	require.NoError(t, err)
	return c
}

func technique(t *testing.T, c *Catalog, id string) *Technique {
	t.Helper()
	tech, ok := c.Technique(id)
	require.True(t, ok, "technique %s in v%s", id, c.Version)
	return tech
}

func TestBundle18Facts(t *testing.T) {
	c := loadShared(t, bundle18)
	assert.Equal(t, "18.1", c.Version)
	assert.Equal(t, "enterprise-attack", c.Domain)
	assert.Equal(t, 835, c.NumTechniques())
	assert.Equal(t, 14, c.NumTactics())

	var names []string
	for _, tac := range c.Tactics() {
		names = append(names, tac.Name)
	}
	assert.Equal(t, []string{
		"Reconnaissance", "Resource Development", "Initial Access", "Execution",
		"Persistence", "Privilege Escalation", "Defense Evasion", "Credential Access",
		"Discovery", "Lateral Movement", "Collection", "Command and Control",
		"Exfiltration", "Impact",
	}, names)

	tac, ok := c.TacticByName("command and control")
	require.True(t, ok)
	assert.Equal(t, &Tactic{ID: "TA0011", Name: "Command and Control", ShortName: "command-and-control", Order: 11}, tac)

	assert.Equal(t, &Technique{
		ID: "T1190", Name: "Exploit Public-Facing Application", BaseName: "Exploit Public-Facing Application",
		Tactics: []string{"initial-access"},
	}, technique(t, c, "T1190"))

	sl := technique(t, c, "T1566.002")
	assert.Equal(t, "Phishing: Spearphishing Link", sl.Name)
	assert.Equal(t, "Spearphishing Link", sl.BaseName)
	assert.True(t, sl.IsSub)

	// DLL Side-Loading was folded into T1574.001 ("DLL") in v17.
	side := technique(t, c, "T1574.002")
	assert.Equal(t, "Hijack Execution Flow: DLL Side-Loading", side.Name)
	assert.True(t, side.Revoked)
	assert.Equal(t, []string{"T1574.001"}, side.RevokedBy)
	assert.Equal(t, []string{"persistence", "privilege-escalation", "defense-evasion"}, side.Tactics)
	assert.Equal(t, "Hijack Execution Flow: DLL", technique(t, c, "T1574.001").Name)

	// Sub-techniques without a subtechnique-of relationship take their
	// parent from the ID.
	assert.Equal(t, "Scheduled Task/Job: At (Linux)", technique(t, c, "T1053.001").Name)

	var live, revoked, deprecated, subs int
	for _, tech := range c.Techniques() {
		switch {
		case tech.Revoked:
			revoked++
			assert.NotEmpty(t, tech.RevokedBy, "%s is revoked", tech.ID)
		case tech.Deprecated:
			deprecated++
		default:
			live++
			assert.NotEmpty(t, tech.Tactics, "%s is live", tech.ID)
		}
		if tech.IsSub {
			subs++
			assert.Contains(t, tech.Name, ": ", tech.ID)
		}
		for _, short := range tech.Tactics {
			_, ok := c.TacticByShortName(short)
			assert.True(t, ok, "%s: tactic %s", tech.ID, short)
		}
		for _, id := range tech.RevokedBy {
			_, ok := c.Technique(id)
			assert.True(t, ok, "%s: replacement %s", tech.ID, id)
		}
	}
	assert.Equal(t, 691, live)
	assert.Equal(t, 132, revoked)
	assert.Equal(t, 12, deprecated)
	assert.Equal(t, 835, live+revoked+deprecated)
	assert.Positive(t, subs)
}

func TestBundle10Facts(t *testing.T) {
	c := loadShared(t, bundle10)
	assert.Equal(t, "10.1", c.Version)
	assert.Equal(t, "enterprise-attack", c.Domain)
	assert.Equal(t, 707, c.NumTechniques())
	assert.Equal(t, 14, c.NumTactics())

	side := technique(t, c, "T1574.002")
	assert.False(t, side.Revoked)
	assert.Equal(t, "Hijack Execution Flow: DLL Side-Loading", side.Name)
	assert.Equal(t, "Hijack Execution Flow: DLL Search Order Hijacking", technique(t, c, "T1574.001").Name)

	// Revoked objects of v10.1 carry no kill chain phases.
	revoked := technique(t, c, "T1002")
	assert.True(t, revoked.Revoked)
	assert.Empty(t, revoked.Tactics)
	assert.Equal(t, []string{"T1560"}, revoked.RevokedBy)
}

func TestRenamedBetweenReleases(t *testing.T) {
	old, cur := loadShared(t, bundle10), loadShared(t, bundle18)
	tests := []struct{ id, old, cur string }{
		{"T1046", "Network Service Scanning", "Network Service Discovery"},
		{"T1070", "Indicator Removal on Host", "Indicator Removal"},
		{"T1218", "Signed Binary Proxy Execution", "System Binary Proxy Execution"},
		{"T1574.001", "Hijack Execution Flow: DLL Search Order Hijacking", "Hijack Execution Flow: DLL"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.old, technique(t, old, tt.id).Name, "v10.1 %s", tt.id)
		assert.Equal(t, tt.cur, technique(t, cur, tt.id).Name, "v18.1 %s", tt.id)
	}
}

// TestDefaultMatchesBundle guards the generated catalog: it must hold
// exactly the facts the loader reads from the bundle it came from.
func TestDefaultMatchesBundle(t *testing.T) {
	d := Default()
	assert.Same(t, d, Default(), "built once")
	assert.Equal(t, "18.1", d.Version)
	assert.Equal(t, 835, d.NumTechniques())

	c := loadShared(t, bundle18)
	assert.Equal(t, c.Version, d.Version)
	assert.Equal(t, c.Domain, d.Domain)
	assert.Equal(t, c.Tactics(), d.Tactics())
	assert.Equal(t, c.Techniques(), d.Techniques())
	for _, tech := range c.Techniques() {
		got, ok := d.Technique(tech.ID)
		if assert.True(t, ok, tech.ID) {
			assert.Equal(t, tech, got)
		}
	}
	for _, tac := range c.Tactics() {
		got, ok := d.TacticByShortName(tac.ShortName)
		if assert.True(t, ok, tac.ShortName) {
			assert.Equal(t, tac, got)
		}
		got, ok = d.TacticByName(tac.Name)
		if assert.True(t, ok, tac.Name) {
			assert.Equal(t, tac, got)
		}
	}
}

// TestGeneratedFileUpToDate regenerates catalog_v18_1.go into a
// temporary file and compares the bytes (regen_check.sh does the same
// from a shell).
func TestGeneratedFileUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator with go run; skipped in -short mode")
	}
	in, err := filepath.Abs(bundle18)
	require.NoError(t, err)
	if _, err := os.Stat(in); err != nil {
		t.Skipf("ATT&CK bundle %s not available (%v); skipping", bundle18, err)
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not found")
	}
	out := filepath.Join(t.TempDir(), "catalog.go")
	cmd := exec.Command(goTool, "run", "gen.go", "-in", in, "-out", out)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Run(), stderr.String())

	want, err := os.ReadFile("catalog_v18_1.go")
	require.NoError(t, err)
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(want, got), "catalog_v18_1.go is stale: run go generate ./internal/attack/")
}
