package checks

import (
	"sort"

	"mdlint/internal/attack"
	"mdlint/lint"
)

// Options configures the rules that need outside data.
type Options struct {
	// Attack is the ATT&CK catalog the attack-* rules check against;
	// nil means the embedded default.
	Attack *attack.Catalog
	// Older are further catalogs (older releases) used to tell an
	// outdated official name from a typo.
	Older []*attack.Catalog
}

// All returns every rule, sorted by name.
func All(opts Options) []*lint.Check {
	cs := []*lint.Check{
		SummaryCount,
		ContentCount,
		BrokenLink,
		LinkOutsideRoot,
		ParserLinkName,
		ParserProduct,
		PageChain,
		MalformedTable,
		UnknownPage,
		DuplicateEntry,
		UseCasePage,
		RMBacklink,
		IndexCheck,
		NavigatorDrift,
	}
	cs = append(cs, attackChecks(opts)...)
	sort.Slice(cs, func(i, j int) bool { return cs[i].Name < cs[j].Name })
	return cs
}

// RuleDedupe is reported by the counting checks when the generator's
// substring habit explains a count.
const RuleDedupe = "count-substring-dedupe"

var dedupeRule = lint.Rule{
	Name:     RuleDedupe,
	Doc:      "a count that differs only because the generator drops items that are substrings of earlier ones",
	Severity: lint.Warning,
}

// Rules lists every rule a run can report, sorted by name.
func Rules(opts Options) []lint.Rule {
	seen := map[string]bool{}
	var out []lint.Rule
	for _, c := range All(opts) {
		for _, r := range c.Rules() {
			if !seen[r.Name] {
				seen[r.Name] = true
				out = append(out, r)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
