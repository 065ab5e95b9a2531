// Package docs embeds mdlint's user documentation, so "mdlint explain
// RULE" prints the same page the repository shows.
package docs

import "embed"

// Rules holds docs/rules/<name>.md for every rule.
//
//go:embed rules/*.md
var Rules embed.FS
