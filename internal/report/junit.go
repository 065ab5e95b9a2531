package report

import (
	"io"
	"strconv"
)

// JUnit prints r as JUnit XML: one <testsuite name="mdlint"> inside
// <testsuites>, one <testcase> per file with findings (name: Root joined
// with File; a finding about the whole run goes to a testcase named
// after the root), and one <failure> per finding, whose message
// attribute is the message, type the severity, and text
//
//	path:line:col: rule: message
//
// followed by the related positions, indented. Files without findings
// are not listed; the testsuite's tests attribute still counts every
// page read (Result.Files, or the number of testcases if larger) and
// failures the files with findings, and its properties give "root" and
// "files". Testcases come in order of the first finding of their file.
// The document is what encoding/xml writes with two-space indentation,
// written in chunks.
func JUnit(w io.Writer, r *Result) error {
	r = orEmpty(r)
	g := groupFiles(r.Root, r.Diagnostics)
	failures := len(g.ends)
	tests := max(r.Files, failures)

	b := make([]byte, 0, 2*chunk)
	b = append(b, xmlHeader...)
	b = append(b, `<testsuites name="`...)
	b = appendXMLText(b, ToolName)
	b = append(appendJUnitCounts(b, tests, failures), '>')
	b = append(b, "\n  <testsuite name=\""...)
	b = appendXMLText(b, ToolName)
	b = appendJUnitCounts(b, tests, failures)
	b = append(b, ` skipped="0">`...)
	b = append(b, "\n    <properties>\n      <property name=\"root\" value=\""...)
	b = appendXMLText(b, r.Root)
	b = append(b, "\"></property>\n      <property name=\"files\" value=\""...)
	b = strconv.AppendInt(b, int64(r.Files), 10)
	b = append(b, "\"></property>\n    </properties>"...)

	var err error
	for k := range g.ends {
		b = append(b, "\n    <testcase name=\""...)
		b = g.appendName(b, k)
		b = append(b, `" classname="`...)
		b = appendXMLText(b, ToolName)
		b = append(b, `">`...)
		start, end := g.span(k)
		for j := start; j < end; j++ {
			d := &r.Diagnostics[g.finding(j)]
			b = append(b, "\n      <failure message=\""...)
			b = appendXMLText(b, d.Message)
			b = append(b, `" type="`...)
			b = appendXMLText(b, d.Severity.String())
			b = append(b, `">`...)
			if d.File != "" {
				// the group's name is displayPath(r.Root, d.File)
				b = g.appendName(b, k)
				b = append(appendLocation(b, "", d.Span), ": "...)
			}
			b = appendXMLText(b, d.Rule)
			b = append(b, ": "...)
			b = appendXMLText(b, d.Message)
			for _, rel := range d.Related {
				b = append(b, "&#xA;    "...)
				if rel.File != "" {
					if rel.File == d.File {
						b = g.appendName(b, k)
					} else {
						b = g.appendPath(b, rel.File)
					}
					b = append(appendLocation(b, "", rel.Span), ": "...)
				}
				b = appendXMLText(b, rel.Message)
			}
			b = append(b, "</failure>"...)
			if b, err = flushFull(w, b); err != nil {
				return err
			}
		}
		b = append(b, "\n    </testcase>"...)
	}
	b = append(b, "\n  </testsuite>\n</testsuites>\n"...)
	_, err = w.Write(b)
	return err
}

// appendJUnitCounts appends the tests, failures and errors attributes
// and closes the name attribute before them.
func appendJUnitCounts(b []byte, tests, failures int) []byte {
	b = append(b, `" tests="`...)
	b = strconv.AppendInt(b, int64(tests), 10)
	b = append(b, `" failures="`...)
	b = strconv.AppendInt(b, int64(failures), 10)
	return append(b, `" errors="0"`...)
}
