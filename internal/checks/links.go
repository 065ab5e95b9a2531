package checks

import "mdlint/lint"

// Stubs, to be replaced by the link-check family.
var (
	BrokenLink      = &lint.Check{Name: "broken-link", Severity: lint.Error, Run: func(*lint.Pass) {}}
	LinkOutsideRoot = &lint.Check{Name: "link-outside-root", Severity: lint.Error, Run: func(*lint.Pass) {}}
	PageChain       = &lint.Check{Name: "page-chain", Severity: lint.Error, Run: func(*lint.Pass) {}}
)
