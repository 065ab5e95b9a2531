package report

import (
	"io"
	"strconv"
)

// CheckstyleVersion is the checkstyle format version written.
const CheckstyleVersion = "4.3"

// Checkstyle prints r as Checkstyle XML:
//
//	<checkstyle version="4.3">
//	  <file name="docs/RM/r_m_x.md">
//	    <error line="3" column="5" severity="error" message="..." source="mdlint.summary-count"></error>
//	  </file>
//	</checkstyle>
//
// One <file> per file with findings, in input order (name: Root joined
// with File; a finding about the whole run goes to a file named after
// the root); severity is error, warning or info; line and column are
// left out when unknown. Related positions are not represented. The
// document is what encoding/xml writes with two-space indentation,
// written in chunks.
func Checkstyle(w io.Writer, r *Result) error {
	r = orEmpty(r)
	g := groupFiles(r.Root, r.Diagnostics)

	b := make([]byte, 0, 2*chunk)
	b = append(b, xmlHeader...)
	b = append(b, `<checkstyle version="`...)
	b = appendXMLText(b, CheckstyleVersion)
	b = append(b, `">`...)
	var err error
	for k := range g.ends {
		b = append(b, "\n  <file name=\""...)
		b = g.appendName(b, k)
		b = append(b, `">`...)
		start, end := g.span(k)
		for j := start; j < end; j++ {
			d := &r.Diagnostics[g.finding(j)]
			b = append(b, "\n    <error"...)
			if d.Span.Start.Line > 0 {
				b = append(b, ` line="`...)
				b = append(strconv.AppendInt(b, int64(d.Span.Start.Line), 10), '"')
			}
			if d.Span.Start.Col > 0 {
				b = append(b, ` column="`...)
				b = append(strconv.AppendInt(b, int64(d.Span.Start.Col), 10), '"')
			}
			b = append(b, ` severity="`...)
			b = appendXMLText(b, d.Severity.String())
			b = append(b, `" message="`...)
			b = appendXMLText(b, d.Message)
			b = append(b, `" source="`...)
			b = appendXMLText(b, ToolName)
			b = append(b, '.')
			b = appendXMLText(b, d.Rule)
			b = append(b, `"></error>`...)
			if b, err = flushFull(w, b); err != nil {
				return err
			}
		}
		b = append(b, "\n  </file>"...)
	}
	if len(g.ends) > 0 {
		b = append(b, '\n')
	}
	b = append(b, "</checkstyle>\n"...)
	_, err = w.Write(b)
	return err
}
