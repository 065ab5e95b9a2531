package checks

import (
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mdlint/internal/attack"
	"mdlint/lint"
	"mdlint/lint/linttest"
	"mdlint/model"
	"mdlint/parser"
)

// attackCheck returns the ATT&CK rule called name, built with opts.
func attackCheck(t testing.TB, opts Options, name string) *lint.Check {
	t.Helper()
	for _, c := range attackChecks(opts) {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no ATT&CK rule %s", name)
	return nil
}

func TestAttackRulesRegistered(t *testing.T) {
	var names []string
	for _, c := range attackChecks(Options{}) {
		names = append(names, c.Name)
		assert.NotEmpty(t, c.Doc, c.Name)
		assert.NotZero(t, c.Severity, c.Name)
		_, err := os.Stat("../../docs/rules/" + c.Name + ".md")
		assert.NoError(t, err, "docs/rules/%s.md", c.Name)
	}
	assert.Equal(t, []string{
		RuleAttackIDFormat, RuleAttackUnknownID, RuleAttackTactic, RuleAttackMissingName, RuleAttackName,
		RuleAttackRevoked, RuleAttackDeprecated, RuleAttackURL, RuleMatrixPlacement, RuleMatrixCoverage,
		RuleMatrixLinkText, RuleMitreMapCount,
	}, names)
	all := map[string]bool{}
	for _, c := range All(Options{}) {
		all[c.Name] = true
	}
	for _, n := range names {
		assert.True(t, all[n], "%s in All", n)
	}
}

// The fixture libraries run against the built-in catalog (v18.1).
func TestAttackFixtures(t *testing.T) {
	for _, name := range []string{
		RuleAttackIDFormat, RuleAttackUnknownID, RuleAttackTactic, RuleAttackMissingName, RuleAttackName,
		RuleAttackRevoked, RuleAttackDeprecated, RuleAttackURL, RuleMatrixPlacement, RuleMatrixCoverage,
		RuleMatrixLinkText, RuleMitreMapCount,
	} {
		t.Run(name, func(t *testing.T) {
			diags := linttest.Run(t, "../../testdata/rules/"+name, attackCheck(t, Options{}, name))
			for _, d := range diags {
				if name != RuleMitreMapCount {
					assert.Contains(t, d.Message, "ATT&CK v18.1", "every message names the release")
				}
			}
		})
	}
}

const bundle10 = "../../../shared/attack/enterprise-attack-v10.1.json"

func load10(t testing.TB) *attack.Catalog {
	t.Helper()
	if _, err := os.Stat(bundle10); err != nil {
		t.Skipf("ATT&CK bundle %s not available: %v", bundle10, err)
	}
	c, err := attack.LoadFile(bundle10)
	require.NoError(t, err)
	return c
}

// With the v10.1 catalog, the names official in v10.1 are accepted,
// v18.1 names are newer official names, and T1574.002 is not revoked.
func TestAttackNameMismatchV10(t *testing.T) {
	opts := Options{Attack: load10(t)}
	linttest.Run(t, "../../testdata/rules/attack-name-mismatch-v10",
		attackCheck(t, opts, RuleAttackName), attackCheck(t, opts, RuleAttackRevoked))
}

// tinyBundle is a three-technique release plus a revoked and a
// deprecated one, for unit tests.
const tinyBundle = `{"type": "bundle", "id": "bundle--1", "objects": [
 {"type": "x-mitre-collection", "id": "x-mitre-collection--1", "name": "Tiny", "x_mitre_version": "99.1"},
 {"type": "x-mitre-matrix", "id": "x-mitre-matrix--1", "name": "Tiny",
  "external_references": [{"source_name": "mitre-attack", "external_id": "enterprise-attack"}],
  "tactic_refs": ["x-mitre-tactic--init", "x-mitre-tactic--c2"]},
 {"type": "x-mitre-tactic", "id": "x-mitre-tactic--init", "name": "Initial Access", "x_mitre_shortname": "initial-access",
  "external_references": [{"source_name": "mitre-attack", "external_id": "TA0001"}]},
 {"type": "x-mitre-tactic", "id": "x-mitre-tactic--c2", "name": "Command and Control", "x_mitre_shortname": "command-and-control",
  "external_references": [{"source_name": "mitre-attack", "external_id": "TA0011"}]},
 {"type": "attack-pattern", "id": "attack-pattern--p", "name": "Phishing",
  "external_references": [{"source_name": "mitre-attack", "external_id": "T1566"}],
  "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "initial-access"}]},
 {"type": "attack-pattern", "id": "attack-pattern--pl", "name": "Spearphishing Link", "x_mitre_is_subtechnique": true,
  "external_references": [{"source_name": "mitre-attack", "external_id": "T1566.002"}],
  "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "initial-access"}]},
 {"type": "attack-pattern", "id": "attack-pattern--alp", "name": "Application Layer Protocol",
  "external_references": [{"source_name": "mitre-attack", "external_id": "T1071"}],
  "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "command-and-control"}]},
 {"type": "attack-pattern", "id": "attack-pattern--old", "name": "Old Protocol", "revoked": true,
  "external_references": [{"source_name": "mitre-attack", "external_id": "T1000"}]},
 {"type": "attack-pattern", "id": "attack-pattern--dep", "name": "Old Thing", "x_mitre_deprecated": true,
  "external_references": [{"source_name": "mitre-attack", "external_id": "T1999"}],
  "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "command-and-control"}]},
 {"type": "relationship", "id": "relationship--1", "relationship_type": "revoked-by", "source_ref": "attack-pattern--old", "target_ref": "attack-pattern--alp"},
 {"type": "relationship", "id": "relationship--2", "relationship_type": "revoked-by", "source_ref": "attack-pattern--old", "target_ref": "attack-pattern--p"}
]}`

func tinyCatalog(t testing.TB) *attack.Catalog {
	t.Helper()
	c, err := attack.Load(strings.NewReader(tinyBundle))
	require.NoError(t, err)
	require.Equal(t, "99.1", c.Version)
	return c
}

// olderTiny is the same release under older names, given as opts.Older.
func olderTiny(t testing.TB) *attack.Catalog {
	t.Helper()
	b := strings.Replace(tinyBundle, `"name": "Application Layer Protocol"`, `"name": "Standard Application Layer Protocol"`, 1)
	b = strings.Replace(b, `"x_mitre_version": "99.1"`, `"x_mitre_version": "98.0"`, 1)
	b = strings.Replace(b, ` {"type": "relationship", "id": "relationship--1"`, ` {"type": "attack-pattern", "id": "attack-pattern--gone", "name": "Gone Technique",
  "external_references": [{"source_name": "mitre-attack", "external_id": "T1234"}],
  "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "initial-access"}]},
 {"type": "relationship", "id": "relationship--1"`, 1)
	c, err := attack.Load(strings.NewReader(b))
	require.NoError(t, err)
	require.Equal(t, "98.0", c.Version)
	return c
}

// ttpLib is a library with one data source page whose use-case row
// lists the given TTP tokens.
func ttpLib(tokens ...string) *model.Library {
	row := model.UseCaseRow{UseCase: model.Text{Value: "Malware"}}
	off := 0
	for _, tok := range tokens {
		id, name, _ := strings.Cut(tok, " - ")
		row.TTPs = append(row.TTPs, model.NewTTP(id, name, spanAt(off, len(tok)), spanAt(off, len(id)), spanAt(off+len(id)+3, len(name))))
		off += len(tok) + 4
	}
	p := &model.Page{Path: "DS/a/b/ds_a_b.md", Kind: model.KindDataSource, DataSource: &model.DataSource{PageNumber: 1, Base: "ds_a_b.md", Rows: []model.UseCaseRow{row}}}
	lib := &model.Library{Root: "mem", Pages: []*model.Page{p}}
	lib.Index()
	return lib
}

func spanAt(off, n int) model.Span {
	o32, n32 := int32(off), int32(n)
	return model.Span{Start: model.Pos{Offset: o32, Line: 1, Col: o32 + 1}, End: model.Pos{Offset: o32 + n32, Line: 1, Col: o32 + n32 + 1}}
}

// runAttack runs every ATT&CK rule and returns "rule: message" lines.
func runAttack(t *testing.T, opts Options, lib *model.Library) ([]string, []lint.Diagnostic) {
	t.Helper()
	diags := lint.Run(lib, attackChecks(opts))
	var out []string
	for _, d := range diags {
		out = append(out, d.Rule+": "+d.Message)
	}
	return out, diags
}

func TestAttackTinyCatalog(t *testing.T) {
	cat := tinyCatalog(t)
	lib := ttpLib(
		"T1566 - Phishing",                         // fine
		"T1566.002 - Phishing: Spearphishing Link", // fine
		"T1566.002 - T1566.002",
		"T1566.002 - Spearphishing Link",
		"T1566 - phishing",
		"T1566 - Phishnig",
		"T1071",
		"T1071 - Standard Application Layer Protocol",
		"T1000 - Old Protocol",
		"T1999 - Old Thing",
		"T1234 - Gone Technique",
		"T5555 - Phishing",
		"TA0011 - TA0011",
		"TA0004 - TA0004",
		"T15660 - Phishing",
		"t1566/002 - Phishing: Spearphishing Link",
	)
	got, diags := runAttack(t, Options{Attack: cat, Older: []*attack.Catalog{olderTiny(t)}}, lib)
	want := []string{
		"attack-missing-name: T1566.002 is written without its name; the official name is `Phishing: Spearphishing Link` (ATT&CK v99.1)",
		"attack-name-mismatch: T1566.002 is named `Spearphishing Link` but its official name is `Phishing: Spearphishing Link` (ATT&CK v99.1): the sub-technique's own name without its parent's",
		"attack-name-mismatch: T1566 is named `phishing` but its official name is `Phishing` (ATT&CK v99.1): a typo (letter case)",
		"attack-name-mismatch: T1566 is named `Phishnig` but its official name is `Phishing` (ATT&CK v99.1): a typo",
		"attack-missing-name: T1071 has no name; the official name is `Application Layer Protocol` (ATT&CK v99.1)",
		"attack-name-mismatch: T1071 is named `Standard Application Layer Protocol` but its official name is `Application Layer Protocol` (ATT&CK v99.1): an older official name (ATT&CK v98.0)",
		"attack-revoked: T1000 Old Protocol is revoked in ATT&CK v99.1; it was replaced by T1071 Application Layer Protocol and T1566 Phishing",
		"attack-deprecated: T1999 Old Thing is deprecated in ATT&CK v99.1 and has no replacement",
		"attack-unknown-id: T1234 is not a technique in ATT&CK v99.1; it is T1234 Gone Technique in ATT&CK v98.0",
		"attack-unknown-id: T5555 is not a technique in ATT&CK v99.1; `Phishing` is the name of T1566",
		"attack-tactic-as-technique: TA0011 is the tactic Command and Control, not a technique (ATT&CK v99.1)",
		"attack-tactic-as-technique: TA0004 is a tactic ID, not a technique ID; no tactic has it in ATT&CK v99.1",
		"attack-id-format: `T15660` is not a technique ID; IDs look like T1234 or T1234.001 (ATT&CK v99.1)",
		"attack-id-format: `t1566/002` is not a technique ID; IDs look like T1234 or T1234.001 (ATT&CK v99.1); did you mean T1566.002?",
	}
	assert.ElementsMatch(t, want, got)

	fixes := map[string]lint.Fix{}
	keys := map[string]bool{}
	for _, d := range diags {
		assert.False(t, keys[d.Key], "duplicate key %s", d.Key)
		keys[d.Key] = true
		if len(d.Fixes) > 0 {
			fixes[d.Rule+" "+d.Message[:strings.IndexByte(d.Message, ' ')]] = d.Fixes[0]
		}
	}
	// the revoked technique has two replacements: no fix
	_, ok := fixes["attack-revoked T1000"]
	assert.False(t, ok)
	assert.Equal(t, "Phishing: Spearphishing Link", fixes["attack-missing-name T1566.002"].Edits[0].New)
	assert.Equal(t, "T1566.002", fixes["attack-id-format `t1566/002`"].Edits[0].New)
	assert.True(t, fixes["attack-unknown-id T5555"].Unsafe)
}

func TestAttackRevokedFix(t *testing.T) {
	lib := ttpLib("T1574.002 - Hijack Execution Flow: DLL Side-Loading")
	_, diags := runAttack(t, Options{}, lib)
	require.Len(t, diags, 1)
	d := diags[0]
	assert.Equal(t, RuleAttackRevoked, d.Rule)
	require.Len(t, d.Fixes, 1)
	f := d.Fixes[0]
	assert.True(t, f.Unsafe)
	src := "T1574.002 - Hijack Execution Flow: DLL Side-Loading"
	assert.Equal(t, "T1574.001 - Hijack Execution Flow: DLL", applyEdits(src, f.Edits))
}

// applyEdits applies non-overlapping edits to src.
func applyEdits(src string, edits []lint.Edit) string {
	es := append([]lint.Edit(nil), edits...)
	sort.Slice(es, func(i, j int) bool { return es[i].Start > es[j].Start })
	for _, e := range es {
		src = src[:e.Start] + e.New + src[e.End:]
	}
	return src
}

// The fixes of a fixture, applied to its files, must leave nothing for
// the rule to report.
func TestAttackFixesRepair(t *testing.T) {
	for _, name := range []string{RuleAttackMissingName, RuleAttackName, RuleMatrixLinkText, RuleAttackURL} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			src := "../../testdata/rules/" + name
			require.NoError(t, os.CopyFS(dir, os.DirFS(src)))
			check := attackCheck(t, Options{}, name)
			lib := linttest.Load(t, dir)
			diags := lint.Run(lib, []*lint.Check{check})
			require.NotEmpty(t, diags)
			byFile := map[string][]lint.Edit{}
			fixed := 0
			for _, d := range diags {
				if len(d.Fixes) > 0 && !d.Fixes[0].Unsafe {
					byFile[d.File] = append(byFile[d.File], d.Fixes[0].Edits...)
					fixed++
				}
			}
			for f, es := range byFile {
				p := dir + "/" + f
				b, err := os.ReadFile(p)
				require.NoError(t, err)
				require.NoError(t, os.WriteFile(p, []byte(applyEdits(string(b), es)), 0o644))
			}
			after := lint.Run(linttest.Load(t, dir), []*lint.Check{attackCheck(t, Options{}, name)})
			assert.Len(t, after, len(diags)-fixed, "findings left after fixing: %v", after)
		})
	}
}

func TestDoubled(t *testing.T) {
	assert.Equal(t, "Create:", doubled("Create Account: Create: Local Account", "Create Account: Local Account"))
	assert.Equal(t, "", doubled("Create Account: Local Account", "Create Account: Local Account"))
	assert.Equal(t, "", doubled("Create Account: Rogue: Local Account", "Create Account: Local Account"))
}

func TestAttackSitePath(t *testing.T) {
	for u, want := range map[string]string{
		"https://attack.mitre.org/techniques/TA0001":  "/techniques/TA0001",
		"HTTP://Attack.Mitre.Org/tactics/TA0001/?x=1": "/tactics/TA0001",
		"https://attack.mitre.org":                    "",
	} {
		got, ok := attackSitePath(u)
		assert.True(t, ok, u)
		assert.Equal(t, want, got, u)
	}
	for _, u := range []string{"https://attack.mitre.org.evil.com/techniques/T1", "https://example.com/", "attack.mitre.org/techniques/T1078"} {
		_, ok := attackSitePath(u)
		assert.False(t, ok, u)
	}
}

func TestVersionLess(t *testing.T) {
	assert.True(t, versionLess("9.0", "10.1"))
	assert.True(t, versionLess("10.1", "18.1"))
	assert.False(t, versionLess("18.1", "18.1"))
	assert.True(t, versionLess("18", "18.1"))
}

// The shared scan runs once per library and starts over for another.
func TestAttackSharedScan(t *testing.T) {
	checks := attackChecks(Options{})
	lib1 := ttpLib("TA0010 - TA0010")
	lib2 := ttpLib("T1078 - Valid Accounts", "TA0002 - TA0002", "TA0003 - TA0003")
	for range 2 {
		assert.Len(t, lint.Run(lib1, checks), 1)
		assert.Len(t, lint.Run(lib2, checks), 2)
	}
}

// TestAttackKnownFactsCIM2 runs the rules on the real 2026 library and
// checks the facts they must find.
func TestAttackKnownFactsCIM2(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the real corpus")
	}
	diags := lint.Run(loadCIM2(t), attackChecks(Options{}))
	find := func(rule, file, text string) bool {
		for _, d := range diags {
			if d.Rule == rule && (file == "" || d.File == file) && strings.Contains(d.Message, text) {
				return true
			}
		}
		return false
	}
	assert.True(t, find(RuleAttackName, "", "T1190 is named `Exploit Public Fasing Application` but its official name is `Exploit Public-Facing Application` (ATT&CK v18.1): a typo"))
	assert.True(t, find(RuleAttackName, "", "`Command and Scripting Interperter` but its official name is `Command and Scripting Interpreter` (ATT&CK v18.1): a typo"))
	assert.True(t, find(RuleAttackName, "", "`Create Account: Create: Local Account` but its official name is `Create Account: Local Account` (ATT&CK v18.1): a typo"))
	assert.True(t, find(RuleAttackName, "", "T1046 is named `Network Service Scanning` but its official name is `Network Service Discovery` (ATT&CK v18.1): an older official name (ATT&CK v10.1)"))
	assert.True(t, find(RuleAttackRevoked, "", "T1574.002 Hijack Execution Flow: DLL Side-Loading is revoked in ATT&CK v18.1; it was replaced by T1574.001 Hijack Execution Flow: DLL"))
	assert.True(t, find(RuleAttackTactic, "", "TA0010 is the tactic Exfiltration, not a technique (ATT&CK v18.1)"))
	assert.True(t, find(RuleAttackTactic, "MitreMap.md", "TA0001 is the tactic Initial Access"))
	assert.True(t, find(RuleAttackURL, "MitreMap.md", "TA0001 is the tactic Initial Access but is linked under /techniques/"))
	assert.True(t, find(RuleMitreMapCount, "MitreMap.md", "MitreMap says 104 techniques but its TTP table lists 95 technique rows"))
	keys := map[string]bool{}
	for _, d := range diags {
		require.False(t, keys[d.Key], "duplicate key %s", d.Key)
		keys[d.Key] = true
	}
}

// TestLeftOutParts runs every rule on every fixture library (and CIM2,
// unless -short) with and without keys and edits: the findings must be
// the same but for the parts left out, and a fixable finding must stay
// fixable (lint.OmittedFixes).
func TestLeftOutParts(t *testing.T) {
	dirs, err := os.ReadDir("../../testdata/rules")
	require.NoError(t, err)
	var libs []string
	for _, d := range dirs {
		libs = append(libs, "../../testdata/rules/"+d.Name())
	}
	libs = append(libs, "../../testdata/example")
	keyless, fixable := 0, 0
	check := func(t *testing.T, lib *model.Library) {
		full := lint.Run(lib, All(Options{}))
		lean := lint.RunParts(lib, All(Options{}), 0)
		require.Equal(t, len(full), len(lean))
		for i := range full {
			f, l := full[i], lean[i]
			require.NotEmpty(t, f.Key, "%+v", f)
			if l.Key == "" {
				keyless++
			} else {
				assert.Equal(t, f.Key, l.Key, "a key built anyway is the key")
			}
			assert.Equal(t, len(f.Fixes) > 0, len(l.Fixes) > 0, "fixable: %+v", f)
			if len(f.Fixes) > 0 {
				fixable++
			}
			f.Key, l.Key, f.Fixes, l.Fixes = "", "", nil, nil
			require.Equal(t, f, l)
		}
	}
	for _, dir := range libs {
		t.Run(dir[strings.LastIndexByte(dir, '/')+1:], func(t *testing.T) {
			lib, err := parser.LoadLibrary(dir, parser.Options{})
			require.NoError(t, err)
			check(t, lib)
		})
	}
	if !testing.Short() {
		t.Run("CIM2", func(t *testing.T) { check(t, loadCIM2(t)) })
	}
	// the ATT&CK rules leave their keys and edits out
	assert.Positive(t, keyless)
	assert.Positive(t, fixable)
}
