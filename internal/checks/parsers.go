package checks

import "mdlint/lint"

// Stubs, to be replaced by the parser-check family.
var (
	ParserLinkName = &lint.Check{Name: "parser-link-name", Severity: lint.Error, Run: func(*lint.Pass) {}}
	ParserProduct  = &lint.Check{Name: "parser-product", Severity: lint.Warning, Run: func(*lint.Pass) {}}
)
