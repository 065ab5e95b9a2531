package checks

import "mdlint/lint"

// attackChecks returns the ATT&CK rules (stub, to be replaced).
func attackChecks(opts Options) []*lint.Check { return nil }
