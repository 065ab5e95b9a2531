package fix

import (
	"fmt"
	"sort"

	"mdlint/lint"
	"mdlint/model"
)

// Change is one edit the fixer applies, with the finding it repairs.
type Change struct {
	lint.Edit
	Rule    string `json:"rule"`    // rule of the finding
	Key     string `json:"key"`     // key of the finding
	Message string `json:"message"` // the fix's message
	Unsafe  bool   `json:"unsafe,omitempty"`
	// Round is the 1-based round that applied the change; Line the
	// 1-based line of Start in the text of that round. Set when applied.
	Round int `json:"round,omitempty"`
	Line  int `json:"line,omitempty"`
}

// Claim names a finding whose fix was refused.
type Claim struct {
	Rule string     `json:"rule"`
	Key  string     `json:"key"`
	File string     `json:"file"`
	Span model.Span `json:"span"`
	Edit lint.Edit  `json:"edit"`
}

// String formats c as file:line:col rule.
func (c Claim) String() string {
	return fmt.Sprintf("%s:%d:%d %s", c.File, c.Span.Start.Line, c.Span.Start.Col, c.Rule)
}

// Conflict is a pair of fixes whose edits overlap. Neither is applied.
type Conflict struct {
	A, B Claim
}

// String describes the conflict in one line.
func (c Conflict) String() string {
	if c.A.Key == c.B.Key && c.A.File == c.B.File && c.A.Span == c.B.Span {
		return fmt.Sprintf("%s: the fix's own edits overlap in %s; not applied", c.A, c.A.Edit.File)
	}
	return fmt.Sprintf("%s and %s: edits overlap in %s (bytes %d-%d and %d-%d); neither applied",
		c.A, c.B, c.A.Edit.File, c.A.Edit.Start, c.A.Edit.End, c.B.Edit.Start, c.B.Edit.End)
}

// Plan is the set of edits that repair a list of findings.
type Plan struct {
	cands []*cand
	edits []*owned
	// Conflicts are the refused pairs of overlapping fixes.
	Conflicts []Conflict
	// Invalid are findings whose fix has an edit with an impossible
	// range (negative, or End before Start); they are not applied.
	Invalid []Claim
	// UnsafeLeft counts findings that carry only unsafe fixes and were
	// left out because unsafe fixes were not requested.
	UnsafeLeft int
}

// cand is a finding with the fix chosen for it.
type cand struct {
	d       *lint.Diagnostic
	f       *lint.Fix
	edits   []*owned
	refused bool
}

// owned is a distinct edit and the findings that ask for it.
type owned struct {
	e      lint.Edit
	owners []*cand
}

func (o *owned) live() *cand {
	for _, c := range o.owners {
		if !c.refused {
			return c
		}
	}
	return nil
}

type editKey struct {
	file       string
	start, end int
	new        string
}

// NewPlan collects the fixes of diags: for each finding its first safe
// fix, or its first fix at all when unsafe is set. Identical edits asked
// for by several findings are applied once. Fixes whose edits overlap
// are refused, both of them, and listed in Conflicts; a fix is applied
// whole or not at all.
func NewPlan(diags []lint.Diagnostic, unsafe bool) *Plan {
	p := &Plan{}
	byKey := map[editKey]*owned{}
	for i := range diags {
		d := &diags[i]
		var f *lint.Fix
		onlyUnsafe := false
		for j := range d.Fixes {
			if len(d.Fixes[j].Edits) == 0 {
				continue
			}
			if d.Fixes[j].Unsafe && !unsafe {
				onlyUnsafe = true
				continue
			}
			f = &d.Fixes[j]
			break
		}
		if f == nil {
			if onlyUnsafe {
				p.UnsafeLeft++
			}
			continue
		}
		c := &cand{d: d, f: f}
		p.cands = append(p.cands, c)
		for _, e := range f.Edits {
			if e.File == "" {
				e.File = d.File
			}
			if e.Start < 0 || e.End < e.Start {
				c.refused = true
				p.Invalid = append(p.Invalid, claim(c, e))
				continue
			}
			k := editKey{e.File, e.Start, e.End, e.New}
			o := byKey[k]
			if o == nil {
				o = &owned{e: e}
				byKey[k] = o
				p.edits = append(p.edits, o)
			} else if o.e.Old == "" {
				o.e.Old = e.Old
			}
			if len(o.owners) == 0 || o.owners[len(o.owners)-1] != c {
				o.owners = append(o.owners, c)
			}
			c.edits = append(c.edits, o)
		}
	}
	p.findConflicts()
	return p
}

func claim(c *cand, e lint.Edit) Claim {
	return Claim{Rule: c.d.Rule, Key: c.d.Key, File: c.d.File, Span: c.d.Span, Edit: e}
}

// overlap reports whether two distinct edits of one file touch the same
// bytes, or insert at the same place (whose order would be arbitrary).
func overlap(a, b lint.Edit) bool {
	if a.Start < b.End && b.Start < a.End {
		return true
	}
	return a.Start == a.End && b.Start == b.End && a.Start == b.Start
}

func (p *Plan) findConflicts() {
	sort.SliceStable(p.edits, func(i, j int) bool {
		a, b := p.edits[i].e, p.edits[j].e
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.End < b.End
	})
	var active []*owned // edits of the current file that may still overlap
	for i, o := range p.edits {
		if i > 0 && p.edits[i-1].e.File != o.e.File {
			active = active[:0]
		}
		keep := active[:0]
		for _, a := range active {
			if a.e.End > o.e.Start || a.e.Start == o.e.Start {
				keep = append(keep, a)
			}
		}
		active = keep
		for _, a := range active {
			if overlap(a.e, o.e) {
				p.Conflicts = append(p.Conflicts, Conflict{A: claim(a.owners[0], a.e), B: claim(o.owners[0], o.e)})
				for _, c := range a.owners {
					c.refused = true
				}
				for _, c := range o.owners {
					c.refused = true
				}
			}
		}
		active = append(active, o)
	}
}

// refuseFile refuses every fix with an edit in file.
func (p *Plan) refuseFile(file string) {
	for _, c := range p.cands {
		for _, o := range c.edits {
			if o.e.File == file {
				c.refused = true
				break
			}
		}
	}
}

// Files returns the files the plan edits, sorted.
func (p *Plan) Files() []string {
	var out []string
	for _, o := range p.edits {
		if o.live() == nil {
			continue
		}
		if len(out) == 0 || out[len(out)-1] != o.e.File {
			out = append(out, o.e.File)
		}
	}
	return out
}

// Edits returns the changes the plan makes to file, sorted by Start,
// each attributed to the first finding that asked for it.
func (p *Plan) Edits(file string) []Change {
	var out []Change
	// p.edits is sorted by file (findConflicts): a search, not a scan of
	// every edit for each of thousands of files
	i := sort.Search(len(p.edits), func(i int) bool { return p.edits[i].e.File >= file })
	for ; i < len(p.edits) && p.edits[i].e.File == file; i++ {
		o := p.edits[i]
		c := o.live()
		if c == nil {
			continue
		}
		out = append(out, Change{Edit: o.e, Rule: c.d.Rule, Key: c.d.Key, Message: c.f.Message, Unsafe: c.f.Unsafe})
	}
	return out
}

// Fixed returns the findings whose fixes the plan applies.
func (p *Plan) Fixed() []*lint.Diagnostic {
	var out []*lint.Diagnostic
	for _, c := range p.cands {
		if !c.refused {
			out = append(out, c.d)
		}
	}
	return out
}
