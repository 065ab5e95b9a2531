package report

import (
	"encoding/xml"
	"io"
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
// left out when unknown. Related positions are not represented.
func Checkstyle(w io.Writer, r *Result) error {
	r = orEmpty(r)
	doc := checkstyleRoot{Version: CheckstyleVersion}
	index := map[string]int{}
	for _, d := range r.Diagnostics {
		name := displayPath(r.Root, d.File)
		k, ok := index[name]
		if !ok {
			k = len(doc.Files)
			index[name] = k
			doc.Files = append(doc.Files, checkstyleFile{Name: name})
		}
		doc.Files[k].Errors = append(doc.Files[k].Errors, checkstyleError{
			Line:     int(max(d.Span.Start.Line, 0)),
			Column:   int(max(d.Span.Start.Col, 0)),
			Severity: d.Severity.String(),
			Message:  d.Message,
			Source:   ToolName + "." + d.Rule,
		})
	}
	return writeXML(w, doc)
}

type checkstyleRoot struct {
	XMLName xml.Name         `xml:"checkstyle"`
	Version string           `xml:"version,attr"`
	Files   []checkstyleFile `xml:"file"`
}

type checkstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []checkstyleError `xml:"error"`
}

type checkstyleError struct {
	Line     int    `xml:"line,attr,omitempty"`
	Column   int    `xml:"column,attr,omitempty"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}
