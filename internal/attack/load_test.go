package attack

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const tinyBundle = "testdata/tiny-bundle.json"

func loadTiny(t *testing.T) *Catalog {
	t.Helper()
	c, err := LoadFile(tinyBundle)
	require.NoError(t, err)
	return c
}

func TestLoadTinyBundle(t *testing.T) {
	c := loadTiny(t)
	assert.Equal(t, "99.1", c.Version, "version from the x-mitre-collection")
	assert.Equal(t, "tiny-attack", c.Domain)

	// Matrix order; the duplicate and the unknown tactic_refs are
	// skipped; a tactic outside the matrix comes last.
	assert.Equal(t, []*Tactic{
		{ID: "TA0011", Name: "Command and Control", ShortName: "command-and-control", Order: 0},
		{ID: "TA0001", Name: "Initial Access", ShortName: "initial-access", Order: 1},
		{ID: "TA0112", Name: "Defense Impairment", ShortName: "defense-impairment", Order: 2},
	}, c.Tactics())
	assert.Equal(t, 3, c.NumTactics())

	assert.Equal(t, []*Technique{
		{ID: "T1000", Name: "Old Protocol", BaseName: "Old Protocol",
			Revoked: true, RevokedBy: []string{"T1071", "T1566"}},
		{ID: "T1071", Name: "Application Layer Protocol", BaseName: "Application Layer Protocol",
			Tactics: []string{"command-and-control", "initial-access", "lost-tactic"}},
		{ID: "T1566", Name: "Phishing", BaseName: "Phishing", Tactics: []string{"initial-access"}},
		{ID: "T1566.002", Name: "Phishing: Spearphishing Link", BaseName: "Spearphishing Link",
			Tactics: []string{"initial-access"}, IsSub: true},
		{ID: "T1566.004", Name: "Phishing: Spearphishing Voice", BaseName: "Spearphishing Voice",
			Tactics: []string{"initial-access"}, IsSub: true},
		{ID: "T1999", Name: "Old Thing", BaseName: "Old Thing",
			Tactics: []string{"command-and-control"}, Deprecated: true},
	}, c.Techniques())
	assert.Equal(t, 6, c.NumTechniques())
}

func TestCatalogLookups(t *testing.T) {
	c := loadTiny(t)

	tech, ok := c.Technique("T1566.002")
	require.True(t, ok)
	assert.Equal(t, "Phishing: Spearphishing Link", tech.Name)
	_, ok = c.Technique("T1566.003")
	assert.False(t, ok)
	_, ok = c.Technique("t1566")
	assert.False(t, ok)

	tac, ok := c.Tactic("TA0001")
	require.True(t, ok)
	assert.Equal(t, "initial-access", tac.ShortName)
	_, ok = c.Tactic("TA0002")
	assert.False(t, ok)

	for _, name := range []string{"Command and Control", "command and control", "COMMAND AND CONTROL", "  Command   and\tControl "} {
		tac, ok := c.TacticByName(name)
		if assert.True(t, ok, "TacticByName(%q)", name) {
			assert.Equal(t, "TA0011", tac.ID)
		}
	}
	for _, name := range []string{"Command & Control", "Command and Controls", "CommandandControl", "command-and-control", ""} {
		_, ok := c.TacticByName(name)
		assert.False(t, ok, "TacticByName(%q)", name)
	}

	tac, ok = c.TacticByShortName("initial-access")
	require.True(t, ok)
	assert.Equal(t, "TA0001", tac.ID)
	_, ok = c.TacticByShortName("Initial-Access")
	assert.True(t, ok)
	_, ok = c.TacticByShortName("initial access")
	assert.False(t, ok)
}

func TestAccessorsReturnCopies(t *testing.T) {
	c := loadTiny(t)
	ts := c.Techniques()
	ts[0] = nil
	assert.NotNil(t, c.Techniques()[0])
	tacs := c.Tactics()
	tacs[0] = nil
	assert.NotNil(t, c.Tactics()[0])
}

func TestLookupsDoNotAllocate(t *testing.T) {
	c := loadTiny(t)
	allocs := testing.AllocsPerRun(100, func() {
		_, _ = c.Technique("T1566.002")
		_, _ = c.TacticByName("Initial Access")
		_, _ = c.TacticByName("initial access")
		_, _ = c.TacticByShortName("initial-access")
		_, _ = c.TacticByShortName("Initial-Access")
	})
	assert.Zero(t, allocs)
}

func TestVersionDetection(t *testing.T) {
	const body = `"objects": [{"type": "attack-pattern", "id": "attack-pattern--1", "name": "X",
		"external_references": [{"source_name": "mitre-attack", "external_id": "T0001"}]}]`
	tests := []struct {
		name, bundle, file, want string
	}{
		{"collection wins", `{"type": "bundle", "id": "bundle--x-v1.0", ` + body + `, "z": 1}`, "", "1.0"},
		{"bundle id", `{"type": "bundle", "id": "bundle--mdlint-trimmed-enterprise-v18.1", ` + body + `}`, "", "18.1"},
		{"bundle uuid", `{"type": "bundle", "id": "bundle--0f5e6e0a-1111-4222-8333-444455556666", ` + body + `}`, "", ""},
		{"file name v", `{"type": "bundle", ` + body + `}`, "enterprise-attack-v19.0.json", "19.0"},
		{"file name bare", `{"type": "bundle", ` + body + `}`, "enterprise-attack-17.1.json", "17.1"},
		{"file name none", `{"type": "bundle", ` + body + `}`, "enterprise-attack.json", ""},
		{"bundle beats file", `{"type": "bundle", "id": "bundle--t-v10.1", ` + body + `}`, "enterprise-attack-v19.0.json", "10.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.bundle
			if tt.name == "collection wins" {
				src = strings.Replace(src, `"objects": [`,
					`"objects": [{"type": "x-mitre-collection", "id": "x-mitre-collection--1", "x_mitre_version": "1.0"}, `, 1)
			}
			var c *Catalog
			var err error
			if tt.file == "" {
				c, err = Load(strings.NewReader(src))
			} else {
				path := filepath.Join(t.TempDir(), tt.file)
				require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
				c, err = LoadFile(path)
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, c.Version)
		})
	}
}

func TestLoadRejectsMalformedInput(t *testing.T) {
	tests := []struct {
		name, in, msg string
	}{
		{"empty", ``, "is empty"},
		{"blank", " \n", "is empty"},
		{"not JSON", `hello`, "not valid JSON"},
		{"truncated", `{"type": "bundle", "objects": [{"type": "attack-pattern"`, "not valid JSON"},
		{"array", `[{"type": "bundle"}]`, "must be a JSON object, found an array"},
		{"string", `"bundle"`, "must be a JSON object, found a string"},
		{"number", `42`, "must be a JSON object, found a number"},
		{"null", `null`, "must be a JSON object, found null"},
		{"no type", `{"objects": []}`, "no type field"},
		{"wrong type", `{"type": "attack-pattern", "objects": []}`, `type "attack-pattern"`},
		{"type not string", `{"type": 1, "objects": []}`, "field type"},
		{"no objects", `{"type": "bundle"}`, "no objects field"},
		{"objects not array", `{"type": "bundle", "objects": {}}`, "must be a JSON array"},
		{"objects null", `{"type": "bundle", "objects": null}`, "no ATT&CK techniques"},
		{"empty objects", `{"type": "bundle", "objects": []}`, "no ATT&CK techniques"},
		{"only weird objects", `{"type": "bundle", "objects": [{"type": "malware", "name": 5}, 7, "x", null, [], {"type": {"a": 1}}]}`, "no ATT&CK techniques"},
		{"bad technique", `{"type": "bundle", "objects": [{"type": "attack-pattern", "id": "attack-pattern--1", "revoked": "yes"}]}`, "attack-pattern--1"},
		{"bad relationship", `{"type": "bundle", "objects": [{"type": "relationship", "id": "relationship--1", "relationship_type": "revoked-by", "source_ref": 7}]}`, "relationship--1"},
		{"bad tactic refs", `{"type": "bundle", "objects": [{"type": "x-mitre-matrix", "tactic_refs": "x"}]}`, "x-mitre-matrix"},
		{"trailing data", `{"type": "bundle", "objects": []} {}`, "followed by more JSON"},
		{"trailing garbage", `{"type": "bundle", "objects": []} xyz`, "followed by invalid data"},
		{"deep nesting", `{"type": "bundle", "objects": [` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `]}`, "not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c *Catalog
			var err error
			require.NotPanics(t, func() { c, err = Load(strings.NewReader(tt.in)) })
			require.Error(t, err)
			assert.Nil(t, c)
			assert.Contains(t, err.Error(), tt.msg)
			assert.Equal(t, strings.ToLower(err.Error()[:1]), err.Error()[:1], "errors start in lower case")
		})
	}
}

func TestLoadToleratesOddFieldsItDoesNotRead(t *testing.T) {
	const in = `{"type": "bundle", "objects": [
		{"type": "attack-pattern", "id": "attack-pattern--1", "name": "X", "x_mitre_version": 2, "x_mitre_platforms": "Windows",
		 "external_references": [{"source_name": "mitre-attack", "external_id": "T0001", "url": 5}]},
		{"type": "x-mitre-collection", "id": "x-mitre-collection--1", "x_mitre_version": 18.1},
		{"type": "relationship", "id": "relationship--1", "relationship_type": "uses", "source_ref": 7},
		{"type": "malware", "id": "malware--1", "name": ["not", "a", "string"]}
	]}`
	c, err := Load(strings.NewReader(in))
	require.NoError(t, err)
	assert.Equal(t, "", c.Version, "a collection version that is not a string is ignored")
	tech, ok := c.Technique("T0001")
	require.True(t, ok)
	assert.Equal(t, "X", tech.Name)
}

func TestLoadFileErrorsNameTheFile(t *testing.T) {
	_, err := LoadFile("testdata/does-not-exist.json")
	require.Error(t, err)
	assert.ErrorIs(t, err, os.ErrNotExist)

	path := filepath.Join(t.TempDir(), "broken.json")
	require.NoError(t, os.WriteFile(path, []byte(`[1]`), 0o644))
	_, err = LoadFile(path)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "broken.json")
}

func TestEqualFoldWords(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Initial Access", "Initial Access", true},
		{"initial access", "Initial Access", true},
		{" initial  ACCESS\t", "Initial Access", true},
		{"initial\u00a0access", "Initial Access", true},
		{"InitialAccess", "Initial Access", false},
		{"Initial Access Broker", "Initial Access", false},
		{"Initial", "Initial Access", false},
		{"", "Initial Access", false},
		{" ", "", true},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, equalFoldWords(tt.a, tt.b), "equalFoldWords(%q, %q)", tt.a, tt.b)
	}
}
