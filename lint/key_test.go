package lint

import (
	"fmt"
	"sort"
	"testing"

	"mdlint/model"
)

func TestDefaultKeyIsLineFree(t *testing.T) {
	for msg, want := range map[string]string{
		"use case X is listed again (line 12)":           "r|p.md|use case X is listed again (line #)",
		"table spans lines 20-25 with 4 columns":         "r|p.md|table spans lines # with 4 columns",
		"see DS/a.md:12:5 and b.md:7":                    "r|p.md|see DS/a.md:# and b.md:#",
		"summary says 85 rules but RM pages list 83":     "r|p.md|summary says 85 rules but RM pages list 83",
		"T1078 - Valid Accounts at 10:30 is not a line?": "r|p.md|T1078 - Valid Accounts at 10:# is not a line?",
	} {
		d := Diagnostic{Rule: "r", File: "p.md", Message: msg}
		if got := DefaultKey(&d); got != want {
			t.Errorf("DefaultKey(%q) = %q, want %q", msg, got, want)
		}
	}
	ds := Run(nil, []*Check{{Name: "r", Run: func(p *Pass) { p.Report(Diagnostic{File: "p.md", Message: "first on line 3"}) }}})
	if len(ds) != 1 || ds[0].Key != "r|p.md|first on line #" {
		t.Errorf("Run default key: %+v", ds)
	}
}

func TestSortIsStableAndInPlace(t *testing.T) {
	var ds []Diagnostic
	for i := 0; i < 500; i++ {
		ds = append(ds, Diagnostic{File: string(rune('a' + (i*7)%5)), Span: model.Span{Start: model.Pos{Line: int32(i*13) % 17, Col: 1}}, Rule: "r", Message: "m", Key: fmt.Sprint(i)})
	}
	want := append([]Diagnostic(nil), ds...)
	sort.SliceStable(want, func(i, j int) bool {
		a, b := &want[i], &want[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Span.Start.Line < b.Span.Start.Line
	})
	Sort(ds)
	for i := range ds {
		if ds[i].Key != want[i].Key {
			t.Fatalf("position %d: got key %s, want %s", i, ds[i].Key, want[i].Key)
		}
	}
}

func TestRunParts(t *testing.T) {
	var zero Pass
	if !zero.Wants(AllParts) || zero.Parts() != AllParts {
		t.Error("the zero Pass must want every part")
	}
	var seen []Parts
	c := &Check{Name: "r", Run: func(p *Pass) {
		seen = append(seen, p.Parts())
		if p.Wants(PartEdits) {
			p.Report(Diagnostic{File: "p.md", Message: "on line 3", Fixes: []Fix{{Message: "f", Edits: []Edit{{File: "p.md", New: "x"}}}}})
		} else {
			p.Report(Diagnostic{File: "p.md", Message: "on line 3", Fixes: OmittedFixes()})
		}
	}}
	for _, tc := range []struct {
		parts Parts
		key   string
		edits int
	}{{AllParts, "r|p.md|on line #", 1}, {PartKey, "r|p.md|on line #", 0}, {PartEdits, "", 1}, {0, "", 0}} {
		ds := RunParts(nil, []*Check{c}, tc.parts)
		if len(ds) != 1 || ds[0].Key != tc.key || len(ds[0].Fixes) != 1 || len(ds[0].Fixes[0].Edits) != tc.edits {
			t.Errorf("parts %b: %+v", tc.parts, ds)
		}
		if seen[len(seen)-1] != tc.parts {
			t.Errorf("parts %b: the pass had %b", tc.parts, seen[len(seen)-1])
		}
	}
	if f := OmittedFixes(); len(f) != 1 || cap(f) != 1 || len(f[0].Edits) != 0 {
		t.Errorf("OmittedFixes() = %+v (cap %d)", f, cap(f))
	}
}
