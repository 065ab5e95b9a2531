package attack

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func FuzzLoad(f *testing.F) {
	tiny, err := os.ReadFile(tinyBundle)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(tiny)
	f.Add([]byte(`{"type": "bundle", "objects": [{"type": "attack-pattern", "id": "attack-pattern--1", "name": "X",
		"external_references": [{"source_name": "mitre-attack", "external_id": "T0001.001"}], "x_mitre_is_subtechnique": true}]}`))
	f.Add([]byte(`{"type": "bundle", "objects": []}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`not json`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Load(bytes.NewReader(data))
		if err != nil {
			if c != nil {
				t.Fatal("catalog returned with an error")
			}
			if msg := err.Error(); msg == "" || strings.ToLower(msg[:1]) != msg[:1] {
				t.Fatalf("error %q is empty or starts in upper case", msg)
			}
			return
		}
		// Invariants of every catalog.
		techs := c.Techniques()
		if len(techs) == 0 || len(techs) != c.NumTechniques() {
			t.Fatalf("%d techniques, NumTechniques %d", len(techs), c.NumTechniques())
		}
		for i, tech := range techs {
			if !IsTechniqueID(tech.ID) {
				t.Fatalf("bad technique ID %q", tech.ID)
			}
			if i > 0 && techs[i-1].ID >= tech.ID {
				t.Fatalf("techniques not sorted or not unique: %q, %q", techs[i-1].ID, tech.ID)
			}
			if got, ok := c.Technique(tech.ID); !ok || got != tech {
				t.Fatalf("lookup of %s failed", tech.ID)
			}
			if !strings.HasSuffix(tech.Name, tech.BaseName) {
				t.Fatalf("%s: name %q does not end in base name %q", tech.ID, tech.Name, tech.BaseName)
			}
			for _, id := range tech.RevokedBy {
				if _, ok := c.Technique(id); !ok {
					t.Fatalf("%s: replacement %s not in catalog", tech.ID, id)
				}
			}
		}
		for i, tac := range c.Tactics() {
			if !IsTacticID(tac.ID) || tac.Order != i {
				t.Fatalf("tactic %d: %+v", i, tac)
			}
			if got, ok := c.Tactic(tac.ID); !ok || got != tac {
				t.Fatalf("lookup of %s failed", tac.ID)
			}
		}
	})
}

func FuzzParseAttackURL(f *testing.F) {
	for _, s := range []string{
		"https://attack.mitre.org/techniques/T1548/002",
		"https://attack.mitre.org/techniques/T1548/002/",
		"http://attack.mitre.org/techniques/T1548",
		"https://attack.mitre.org/tactics/TA0004",
		"https://attack.mitre.org/techniques/T1548/002#x",
		"https://example.com/",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, u string) {
		kind, id, ok := ParseAttackURL(u)
		switch {
		case !ok:
			if kind != "" || id != "" {
				t.Fatalf("not ok but got %q, %q", kind, id)
			}
		case kind == KindTechnique:
			if !IsTechniqueID(id) {
				t.Fatalf("technique ID %q", id)
			}
			// The canonical URL of the ID parses back to it.
			k2, id2, ok2 := ParseAttackURL("https://attack.mitre.org" + TechniqueURLPath(id))
			if !ok2 || k2 != kind || id2 != id {
				t.Fatalf("round trip of %q gave %q, %q, %v", id, k2, id2, ok2)
			}
		case kind == KindTactic:
			if !IsTacticID(id) {
				t.Fatalf("tactic ID %q", id)
			}
		default:
			t.Fatalf("kind %q", kind)
		}
	})
}
