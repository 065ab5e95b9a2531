package fix

import (
	"strings"
	"testing"

	"mdlint/lint"
)

func diag(rule, file string, unsafe bool, edits ...lint.Edit) lint.Diagnostic {
	return lint.Diagnostic{Rule: rule, File: file, Key: rule + "|" + file, Message: rule,
		Fixes: []lint.Fix{{Message: "fix " + rule, Edits: edits, Unsafe: unsafe}}}
}

func TestPlanOverlapRefusesBoth(t *testing.T) {
	p := NewPlan([]lint.Diagnostic{
		diag("a", "x.md", false, lint.Edit{Start: 0, End: 5, New: "A"}),
		diag("b", "x.md", false, lint.Edit{Start: 3, End: 8, New: "B"}),
		diag("c", "x.md", false, lint.Edit{Start: 8, End: 9, New: "C"}),
	}, false)
	if len(p.Conflicts) != 1 {
		t.Fatalf("conflicts = %v", p.Conflicts)
	}
	es := p.Edits("x.md")
	if len(es) != 1 || es[0].Rule != "c" {
		t.Fatalf("edits = %+v, want only c's", es)
	}
	if s := p.Conflicts[0].String(); !strings.Contains(s, "x.md:0:0 a and x.md:0:0 b") || !strings.Contains(s, "neither applied") {
		t.Errorf("conflict message %q", s)
	}
}

func TestPlanInsertions(t *testing.T) {
	// two insertions at one place: order unknown, refused; an insertion
	// at the boundary of a replacement is fine
	p := NewPlan([]lint.Diagnostic{
		diag("a", "x.md", false, lint.Edit{Start: 4, End: 4, New: "A"}),
		diag("b", "x.md", false, lint.Edit{Start: 4, End: 4, New: "B"}),
		diag("c", "x.md", false, lint.Edit{Start: 10, End: 10, New: "C"}),
		diag("d", "x.md", false, lint.Edit{Start: 10, End: 12, New: "D"}),
		diag("e", "x.md", false, lint.Edit{Start: 12, End: 12, New: "E"}),
	}, false)
	if len(p.Conflicts) != 1 {
		t.Fatalf("conflicts = %v", p.Conflicts)
	}
	var rules []string
	for _, e := range p.Edits("x.md") {
		rules = append(rules, e.Rule)
	}
	if got := strings.Join(rules, ","); got != "c,d,e" {
		t.Errorf("applied %s, want c,d,e", got)
	}
	out, _, err := ApplyEdits("x.md", []byte("0123456789ab"), p.Edits("x.md"))
	if err != nil || string(out) != "0123456789CDE" {
		t.Errorf("ApplyEdits = %q, %v", out, err)
	}
}

func TestPlanDedupeAndAtomicFixes(t *testing.T) {
	same := lint.Edit{File: "y.md", Start: 1, End: 2, New: "9"}
	p := NewPlan([]lint.Diagnostic{
		diag("a", "x.md", false, same),
		diag("b", "x.md", false, same), // identical edit: applied once
		// a two-file fix whose second edit conflicts: refused whole
		diag("c", "x.md", false, lint.Edit{Start: 0, End: 1, New: "C"}, lint.Edit{File: "z.md", Start: 5, End: 7, New: "c"}),
		diag("d", "z.md", false, lint.Edit{Start: 6, End: 8, New: "d"}),
	}, false)
	if got := p.Files(); strings.Join(got, ",") != "y.md" {
		t.Fatalf("files = %v, want only y.md", got)
	}
	if es := p.Edits("y.md"); len(es) != 1 || es[0].Rule != "a" {
		t.Errorf("y.md edits = %+v", es)
	}
	if n := len(p.Fixed()); n != 2 {
		t.Errorf("fixed %d findings, want 2 (a and b)", n)
	}
}

func TestPlanUnsafe(t *testing.T) {
	ds := []lint.Diagnostic{
		diag("safe", "x.md", false, lint.Edit{Start: 0, End: 1, New: "s"}),
		diag("risky", "x.md", true, lint.Edit{Start: 5, End: 6, New: "u"}),
		{Rule: "two", File: "x.md", Fixes: []lint.Fix{
			{Message: "unsafe first", Unsafe: true, Edits: []lint.Edit{{Start: 8, End: 9, New: "U"}}},
			{Message: "safe second", Edits: []lint.Edit{{Start: 8, End: 9, New: "S"}}},
		}},
		{Rule: "bad", File: "x.md", Fixes: []lint.Fix{{Edits: []lint.Edit{{Start: 7, End: 6}}}}},
	}
	p := NewPlan(ds, false)
	if p.UnsafeLeft != 1 {
		t.Errorf("UnsafeLeft = %d, want 1", p.UnsafeLeft)
	}
	if len(p.Invalid) != 1 {
		t.Errorf("Invalid = %v", p.Invalid)
	}
	var got []string
	for _, e := range p.Edits("x.md") {
		got = append(got, e.New)
	}
	if strings.Join(got, "") != "sS" {
		t.Errorf("safe plan applies %v, want s and S", got)
	}
	p = NewPlan(ds, true)
	got = nil
	for _, e := range p.Edits("x.md") {
		got = append(got, e.New)
	}
	if strings.Join(got, "") != "suU" {
		t.Errorf("unsafe plan applies %v, want s, u and U (the first fix)", got)
	}
}
