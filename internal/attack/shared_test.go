package attack

import (
	"bytes"
	"encoding/json"
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

// TestLoadFullReleaseShape feeds the loader the trimmed v18.1 bundle
// dressed up as MITRE's full enterprise-attack.json: the object types,
// fields and relationships the trimming dropped, a collection object
// naming the release, and a revoked duplicate of a live technique. The
// catalog must come out the same.
func TestLoadFullReleaseShape(t *testing.T) {
	want := loadShared(t, bundle18)
	raw, err := os.ReadFile(bundle18)
	require.NoError(t, err)
	var b map[string]any
	require.NoError(t, json.Unmarshal(raw, &b))

	objects := b["objects"].([]any)
	for _, o := range objects {
		m := o.(map[string]any)
		m["description"] = "Adversaries may ... (Citation: Somebody 2020)"
		m["created_by_ref"] = "identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5"
		m["object_marking_refs"] = []any{"marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168"}
		m["x_mitre_attack_spec_version"] = "3.2.0"
		m["x_mitre_modified_by_ref"] = "identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5"
		if refs, ok := m["external_references"].([]any); ok {
			m["external_references"] = append(refs, map[string]any{
				"source_name": "Somebody 2020", "description": "A citation.", "url": "https://example.com/",
			})
		}
		if m["type"] == "attack-pattern" {
			m["x_mitre_detection"] = "Monitor things."
			m["x_mitre_data_sources"] = []any{"Process: Process Creation"}
		}
	}
	extra := []string{
		`{"type": "x-mitre-collection", "id": "x-mitre-collection--402e24b4-436e-4936-b19b-2038648f489", "name": "Enterprise ATT&CK",
		  "x_mitre_version": "18.1", "x_mitre_contents": [{"object_ref": "attack-pattern--1", "object_modified": "2025-01-01T00:00:00.000Z"}],
		  "spec_version": "2.1"}`,
		`{"type": "identity", "id": "identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5", "name": "The MITRE Corporation", "identity_class": "organization"}`,
		`{"type": "marking-definition", "id": "marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168", "definition_type": "statement",
		  "definition": {"statement": "Copyright 2015-2025, The MITRE Corporation."}}`,
		`{"type": "course-of-action", "id": "course-of-action--1", "name": ".bash_profile and .bashrc Mitigation", "x_mitre_deprecated": true,
		  "external_references": [{"source_name": "mitre-attack", "external_id": "T1156"}]}`,
		`{"type": "intrusion-set", "id": "intrusion-set--1", "name": "APT0", "aliases": ["APT0"], "revoked": false}`,
		`{"type": "malware", "id": "malware--1", "name": "Evil", "is_family": true, "x_mitre_platforms": ["Windows"]}`,
		`{"type": "x-mitre-data-component", "id": "x-mitre-data-component--1", "name": "Process Creation", "x_mitre_data_source_ref": "x"}`,
		`{"type": "x-mitre-analytic", "id": "x-mitre-analytic--1", "name": "Analytic 1", "x_mitre_log_source_references": [{"name": "x"}]}`,
		`{"type": "relationship", "id": "relationship--u1", "relationship_type": "uses", "source_ref": "intrusion-set--1", "target_ref": "attack-pattern--3f886f2a-874f-4333-b794-aa6075009b1c"}`,
		`{"type": "relationship", "id": "relationship--m1", "relationship_type": "mitigates", "source_ref": "course-of-action--1", "target_ref": "attack-pattern--3f886f2a-874f-4333-b794-aa6075009b1c"}`,
		`{"type": "relationship", "id": "relationship--r1", "relationship_type": "revoked-by", "source_ref": "malware--1", "target_ref": "malware--2"}`,
		// A revoked duplicate of T1190, newer than the live object.
		`{"type": "attack-pattern", "id": "attack-pattern--dup-t1190", "name": "Exploit Public Application", "revoked": true,
		  "modified": "2030-01-01T00:00:00.000Z",
		  "external_references": [{"source_name": "mitre-attack", "external_id": "T1190"}]}`,
		`{"type": "relationship", "id": "relationship--r2", "relationship_type": "revoked-by", "source_ref": "attack-pattern--dup-t1190", "target_ref": "attack-pattern--3f886f2a-874f-4333-b794-aa6075009b1c"}`,
	}
	for _, e := range extra {
		var m any
		require.NoError(t, json.Unmarshal([]byte(e), &m), e)
		objects = append([]any{m}, objects...)
	}
	b["objects"] = objects
	b["id"] = "bundle--a84f0b6b-0f9a-46bd-80c8-0b15f5693968"
	b["spec_version"] = "2.1"
	full, err := json.MarshalIndent(b, "", "    ")
	require.NoError(t, err)

	got, err := Load(bytes.NewReader(full))
	require.NoError(t, err)
	assert.Equal(t, "18.1", got.Version, "version from the x-mitre-collection")
	assert.Equal(t, want.Domain, got.Domain)
	assert.Equal(t, want.Tactics(), got.Tactics())
	assert.Equal(t, want.Techniques(), got.Techniques())
}

func BenchmarkLoad18(b *testing.B) {
	raw, err := os.ReadFile(bundle18)
	if err != nil {
		b.Skip(err)
	}
	for b.Loop() {
		if _, err := Load(bytes.NewReader(raw)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDefaultBuild(b *testing.B) {
	for b.Loop() {
		_ = embedded.build()
	}
}
