package report

import (
	"bytes"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
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
// "files".
func JUnit(w io.Writer, r *Result) error {
	r = orEmpty(r)
	suite := junitSuite{Name: ToolName}
	index := map[string]int{}
	for i := range r.Diagnostics {
		d := &r.Diagnostics[i]
		name := displayPath(r.Root, d.File)
		k, ok := index[name]
		if !ok {
			k = len(suite.Cases)
			index[name] = k
			suite.Cases = append(suite.Cases, junitCase{Name: name, Classname: ToolName})
		}
		var text strings.Builder
		if loc := location(r.Root, d.File, d.Span); loc != "" {
			text.WriteString(loc + ": ")
		}
		text.WriteString(d.Rule + ": " + d.Message)
		for _, rel := range d.Related {
			text.WriteString("\n    ")
			if loc := location(r.Root, rel.File, rel.Span); loc != "" {
				text.WriteString(loc + ": ")
			}
			text.WriteString(rel.Message)
		}
		suite.Cases[k].Failures = append(suite.Cases[k].Failures, junitFailure{
			Message: d.Message,
			Type:    d.Severity.String(),
			Text:    text.String(),
		})
	}
	suite.Failures = len(suite.Cases)
	suite.Tests = max(r.Files, len(suite.Cases))
	suite.Properties = []junitProperty{
		{Name: "root", Value: r.Root},
		{Name: "files", Value: strconv.Itoa(r.Files)},
	}
	doc := junitSuites{Name: ToolName, Tests: suite.Tests, Failures: suite.Failures, Suites: []junitSuite{suite}}
	return writeXML(w, doc)
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string         `xml:"name,attr"`
	Classname string         `xml:"classname,attr"`
	Failures  []junitFailure `xml:"failure"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// writeXML writes the XML declaration and v indented by two spaces,
// ending with a newline.
func writeXML(w io.Writer, v any) error {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	buf.WriteByte('\n')
	return flush(w, &buf)
}
