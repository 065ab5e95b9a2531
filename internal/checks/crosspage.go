package checks

import "mdlint/lint"

// Stubs, to be replaced by the cross-page family.
var (
	UseCasePage = &lint.Check{Name: "usecase-page", Severity: lint.Error, Run: func(*lint.Pass) {}}
	RMBacklink  = &lint.Check{Name: "rm-backlink", Severity: lint.Error, Run: func(*lint.Pass) {}}
	IndexCheck  = &lint.Check{Name: "index", Severity: lint.Error, Run: func(*lint.Pass) {}}
)
