// Package lint is mdlint's check framework: a Check is a declared value
// (name, doc, default severity, run function) that reads a
// model.Library through a Pass and reports Diagnostics. Checks never
// print, exit or touch files. Run runs checks in parallel, recovers a
// panicking check as a diagnostic naming it, and sorts the findings.
package lint
