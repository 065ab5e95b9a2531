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
	}
	cs = append(cs, attackChecks(opts)...)
	sort.Slice(cs, func(i, j int) bool { return cs[i].Name < cs[j].Name })
	return cs
}

// Extra rules reported by the counting checks under another name.
const (
	RuleDedupe = "count-substring-dedupe"
)

// Info describes a rule for listings, SARIF and docs.
type Info struct {
	Name     string
	Doc      string
	Severity lint.Severity
}

// Rules lists every rule name a run can report, including those a check
// reports under a second name.
func Rules(opts Options) []Info {
	var out []Info
	for _, c := range All(opts) {
		out = append(out, Info{c.Name, c.Doc, c.Severity})
	}
	out = append(out, Info{RuleDedupe, "a count that differs only because the generator drops items that are substrings of earlier ones", lint.Warning})
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
