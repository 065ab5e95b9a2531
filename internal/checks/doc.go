// Package checks holds mdlint's rules, one file per family. Each rule is
// a declared *lint.Check; All returns them in a stable order. Rules read
// the model only: they never print, exit or touch files.
package checks
