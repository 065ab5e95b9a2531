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
