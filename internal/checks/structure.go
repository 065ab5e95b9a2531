package checks

import "mdlint/lint"

// Stubs, to be replaced by the structure-check family.
var (
	MalformedTable = &lint.Check{Name: "malformed-table", Severity: lint.Error, Run: func(*lint.Pass) {}}
	UnknownPage    = &lint.Check{Name: "unknown-page", Severity: lint.Info, Run: func(*lint.Pass) {}}
	DuplicateEntry = &lint.Check{Name: "duplicate-entry", Severity: lint.Warning, Run: func(*lint.Pass) {}}
)
