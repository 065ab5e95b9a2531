package lint

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mdlint/model"
)

// TestRunMergesAsAStableSort checks Run's merge of the checks' streams
// against what it replaced: the concatenation of every check's own
// findings and then its shared ones (with the defaults applied and
// default keys), sorted stably. The checks report few distinct files,
// lines and messages, so that ties between checks are many; their
// shared findings come in segments, sorted or not, with or without a
// rule of their own. Every other round merges in two halves, as large
// runs do.
func TestRunMergesAsAStableSort(t *testing.T) {
	defer func(n int) { mergeHalves = n }(mergeHalves)
	rng := rand.New(rand.NewPCG(1, 2))
	diag := func() Diagnostic {
		d := Diagnostic{
			File:    fmt.Sprintf("p%d.md", rng.IntN(3)),
			Span:    model.Span{Start: model.Pos{Line: int32(rng.IntN(3) + 1), Col: int32(rng.IntN(2) + 1)}},
			Message: fmt.Sprintf("m%d", rng.IntN(2)),
		}
		if rng.IntN(3) == 0 {
			d.Rule = "zz-rule"
		}
		if rng.IntN(2) == 0 {
			d.Key = fmt.Sprintf("k%d", rng.IntN(1000))
		}
		return d
	}
	for round := range 400 {
		mergeHalves = 8192
		if round%2 == 1 {
			mergeHalves = 1
		}
		var checks []*Check
		var want []Diagnostic
		for c := range rng.IntN(5) + 1 {
			name := fmt.Sprintf("check-%d", c)
			own := make([]Diagnostic, rng.IntN(6))
			for i := range own {
				own[i] = diag()
			}
			var shared [][]Diagnostic
			for range rng.IntN(3) {
				seg := make([]Diagnostic, rng.IntN(5))
				for i := range seg {
					seg[i] = diag()
				}
				shared = append(shared, seg)
			}
			if rng.IntN(2) == 0 { // a memo that reports in order
				var flat []Diagnostic
				for _, seg := range shared {
					flat = append(flat, seg...)
				}
				p := &Pass{Check: &Check{Name: name}}
				for i := range flat {
					p.defaults(&flat[i])
				}
				sort.SliceStable(flat, func(i, j int) bool { return compareDiag(&flat[i], flat[i].Rule, &flat[j], flat[j].Rule) < 0 })
				shared = [][]Diagnostic{flat}
				if len(flat) > 2 {
					shared = [][]Diagnostic{flat[:2], flat[2:]}
				}
			}
			before := fmt.Sprint(shared)
			checks = append(checks, &Check{Name: name, Severity: Warning, Cost: rng.IntN(3), Run: func(p *Pass) {
				for _, d := range own {
					p.Report(d)
				}
				for _, seg := range shared {
					p.ReportShared(seg)
				}
			}})
			t.Cleanup(func() { require.Equal(t, before, fmt.Sprint(shared), "Run changed shared findings") })
			p := &Pass{Check: checks[len(checks)-1]}
			for _, d := range own {
				p.defaults(&d)
				want = append(want, d)
			}
			for _, seg := range shared {
				for _, d := range seg {
					p.defaults(&d)
					want = append(want, d)
				}
			}
		}
		for i := range want {
			if want[i].Key == "" {
				want[i].Key = DefaultKey(&want[i])
			}
		}
		sort.SliceStable(want, func(i, j int) bool { return compareDiag(&want[i], want[i].Rule, &want[j], want[j].Rule) < 0 })
		got := Run(nil, checks)
		if len(want) == 0 {
			assert.Empty(t, got, "round %d", round)
			continue
		}
		require.Equal(t, want, got, "round %d", round)
	}
}

// TestRunMergesAPanic keeps a panicking check's findings, its shared
// ones and the internal-error finding, in order.
func TestRunMergesAPanic(t *testing.T) {
	shared := []Diagnostic{{File: "b.md", Message: "shared"}}
	got := Run(nil, []*Check{
		{Name: "fine", Severity: Error, Run: func(p *Pass) { p.Report(Diagnostic{File: "c.md", Message: "fine"}) }},
		{Name: "boom", Severity: Error, Run: func(p *Pass) {
			p.Report(Diagnostic{File: "a.md", Message: "before"})
			p.ReportShared(shared)
			panic("bad input")
		}},
	})
	var msgs []string
	for _, d := range got {
		msgs = append(msgs, d.Rule+": "+d.Message)
	}
	assert.Equal(t, []string{"internal-error: check boom panicked: bad input", "boom: before", "boom: shared", "fine: fine"}, msgs)
}
