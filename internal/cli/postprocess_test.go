package cli

import (
	"testing"

	"github.com/stretchr/testify/require"

	"mdlint/internal/config"
	"mdlint/lint"
	"mdlint/model"
)

// TestApplyFiltersInPlace runs the post-processing over findings where
// dropped ones (a rule turned off, an ignored page, an excluded rule)
// come between kept ones, so that the kept ones must move down, and a
// severity set by the configuration applies to every finding of its
// rule.
func TestApplyFiltersInPlace(t *testing.T) {
	dir := t.TempDir()
	yaml := `rules:
  broken-link: off
  summary-count: warning
ignore: ["skip/**"]
exclude:
  - paths: ["x.md"]
    rules: [page-chain]
`
	s := ruleSchema()
	cfg, err := config.Parse(".mdlint.yaml", []byte(yaml), dir, s)
	require.NoError(t, err)
	p, err := newPostprocess(cfg, s, dir)
	require.NoError(t, err)
	d := func(file, rule string, line int32) lint.Diagnostic {
		return lint.Diagnostic{File: file, Rule: rule, Severity: lint.Error, Message: rule,
			Span: model.Span{Start: model.Pos{Line: line, Col: 1}, End: model.Pos{Line: line, Col: 2}}, Key: rule + file}
	}
	ds := []lint.Diagnostic{
		d("a.md", "summary-count", 1),
		d("a.md", "broken-link", 2), // off
		d("a.md", "page-chain", 3),
		d("b.md", "internal-error", 1),     // not a configured rule: always kept
		d("skip/c.md", "summary-count", 1), // ignored page
		d("x.md", "page-chain", 1),         // excluded
		d("x.md", "summary-count", 2),
		d("y.md", "broken-link", 1), // off
	}
	got := p.apply(&model.Library{Root: dir}, ds)
	var seen []string
	for _, g := range got {
		seen = append(seen, g.File+" "+g.Rule+" "+g.Severity.String())
	}
	require.Equal(t, []string{
		"a.md summary-count warning",
		"a.md page-chain error",
		"b.md internal-error error",
		"x.md summary-count warning",
	}, seen)
}
