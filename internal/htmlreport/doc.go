// Package htmlreport writes a static HTML report of a library: the
// ATT&CK matrix as a heat map of rule coverage (tactic columns in
// catalog order, technique cells coloured by the number of distinct
// rules the RM pages list under the technique and its sub-techniques),
// the findings per rule and per product, and links to the pages. The
// report is one folder of HTML files with inline CSS and no scripts or
// outside resources, so it opens from disk; its bytes depend only on
// its inputs.
package htmlreport
