// Package lint is mdlint's check framework: a Check is a declared value
// (name, doc, default severity, run function) that reads a
// model.Library through a Pass and reports Diagnostics. Checks never
// print, exit or touch files. Run runs checks in parallel, recovers a
// panicking check as a diagnostic naming it, and sorts the findings.
// RunParts does the same for a caller that reads only some parts of
// the findings (Parts): checks may then leave out the keys or the
// edits of their fixes, which on a large library are most of what
// tens of thousands of findings cost.
package lint
