package lint

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"mdlint/model"
)

// TestReportShared checks that Run copies shared findings, gives the
// copies the check's defaults and leaves the caller's slice alone, with
// one check and with several.
func TestReportShared(t *testing.T) {
	memo := []Diagnostic{{File: "b.md", Message: "m2", Key: "k2"}, {File: "a.md", Message: "m1", Key: "k1"}}
	shared := &Check{Name: "shared", Severity: Warning, Run: func(p *Pass) {
		p.ReportShared(memo[:1])
		p.ReportShared(memo[1:])
		p.ReportShared(nil)
	}}
	own := &Check{Name: "own", Severity: Error, Run: func(p *Pass) {
		p.Report(Diagnostic{File: "c.md", Message: "m3", Key: "k3"})
	}}
	for _, checks := range [][]*Check{{shared}, {shared, own}} {
		got := Run(&model.Library{}, checks)
		assert.Equal(t, "", memo[0].Rule, "the shared slice must stay as it was")
		assert.Equal(t, "b.md", memo[0].File, "the shared slice must not be sorted")
		want := []Diagnostic{
			{File: "a.md", Rule: "shared", Severity: Warning, Message: "m1", Key: "k1"},
			{File: "b.md", Rule: "shared", Severity: Warning, Message: "m2", Key: "k2"},
		}
		if len(checks) == 2 {
			want = append(want, Diagnostic{File: "c.md", Rule: "own", Severity: Error, Message: "m3", Key: "k3"})
		}
		assert.Equal(t, want, got)
	}
}

// TestRunCostKeepsResults checks that the costs, which only order the
// start of the checks, do not change what Run returns.
func TestRunCostKeepsResults(t *testing.T) {
	mk := func(name string, cost int) *Check {
		return &Check{Name: name, Cost: cost, Severity: Error, Run: func(p *Pass) {
			p.Report(Diagnostic{File: "a.md", Message: name, Key: name})
		}}
	}
	plain := Run(&model.Library{}, []*Check{mk("x", 0), mk("y", 0), mk("z", 0)})
	costed := Run(&model.Library{}, []*Check{mk("x", 1), mk("y", 90), mk("z", 30)})
	assert.Equal(t, plain, costed)
	assert.Len(t, costed, 3)
}
