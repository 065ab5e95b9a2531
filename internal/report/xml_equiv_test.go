package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"mdlint/lint"
	"mdlint/model"
)

// junitViaEncoding is the JUnit writer as it was before it was written
// by hand: the document built as values and encoded by encoding/xml.
// JUnit must write the same bytes.
func junitViaEncoding(r *Result) ([]byte, error) {
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
	return encodeXML(doc)
}

// checkstyleViaEncoding is the Checkstyle writer as it was before it
// was written by hand. Checkstyle must write the same bytes.
func checkstyleViaEncoding(r *Result) ([]byte, error) {
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
	return encodeXML(doc)
}

// encodeXML is the XML declaration and v indented by two spaces, ending
// with a newline.
func encodeXML(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// The documents as encoding/xml sees them (TestXMLWellFormed reads the
// output back into them).

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

// awkward are strings every field of a finding gets: everything
// encoding/xml escapes or replaces, at the start, the end and either
// side of an eight-byte word.
var awkward = []string{
	"",
	"plain",
	"plain ascii that is longer than a few words of eight bytes",
	`quote " apostrophe ' lt < gt > amp & all"'<>&`,
	"tab\tnl\ncr\rcrlf\r\n",
	"\t\n\r",
	"nul \x00 ctl \x01\x08\x0b\x0c\x1b[2J\x1f del \x7f end",
	"\x00",
	"bad \xff\xfe utf8",
	"\xff",
	"cut \xe2\x82",
	"cut at end \xe2",
	"surrogate \xed\xa0\x80 and above U+10FFFF \xf4\x90\x80\x80, overlong \xc0\xaf",
	"nonchars \uFFFE \uFFFF \U0001FFFE, replacement \uFFFD kept",
	"sep \u2028\u2029 c1 \u0085\u009b nbsp \u00a0",
	"emoji 🙂 é ↳ MITRE ATT&CK®",
	"cdata ]]> end",
	"<![CDATA[x]]>",
	"1234567<",
	"12345678&9",
	"123456789012345\"",
	"a/b/../c.md",
	"./x.md",
	".",
}

// awkwardResult builds a Result with n findings: awkward strings in
// every field, files that come back after others, a finding about the
// whole run, zero and partial spans, related positions.
func awkwardResult(root string, n int) *Result {
	r := &Result{Root: root, Files: 5 + n%3}
	files := append([]string{"a.md", "b.md", "", "a.md", "RM/c d.md", "", "b.md"}, awkward...)
	for i := range n {
		s := awkward[i%len(awkward)]
		t := awkward[(i*7+3)%len(awkward)]
		d := lint.Diagnostic{
			File:     files[i%len(files)],
			Span:     model.Span{Start: model.Pos{Line: int32(i % 5), Col: int32(i % 3)}, End: model.Pos{Line: int32(i%5 + 1), Col: 4}},
			Rule:     "rule-" + t,
			Severity: lint.Severity(i % 4),
			Message:  s + " | " + t,
		}
		if i%13 == 7 {
			d.Span.Start.Line = -1
			d.Span.Start.Col = -2
		}
		switch i % 4 {
		case 1:
			d.Related = []lint.Related{{File: d.File, Span: model.Span{Start: model.Pos{Line: 2, Col: 1}}, Message: t}}
		case 2:
			d.Related = []lint.Related{
				{File: files[(i+1)%len(files)], Span: model.Span{Start: model.Pos{Line: int32(i)}}, Message: s},
				{Message: "no place " + t},
				{File: t, Message: ""},
			}
		}
		r.Diagnostics = append(r.Diagnostics, d)
	}
	return r
}

// roots are the roots the XML tests are run with: none, ".", absolute,
// relative, unclean and awkward.
var roots = []string{"", ".", "/", "..", "a/..", "/abs/lib", "../lib", "./docs/", "docs//library/", `we"ird & <root>` + "\t\xff"}

// TestXMLMatchesEncoding pins the hand-written JUnit and Checkstyle
// writers to what encoding/xml wrote before them, byte for byte.
func TestXMLMatchesEncoding(t *testing.T) {
	type writer struct {
		name string
		got  func(io.Writer, *Result) error
		want func(*Result) ([]byte, error)
	}
	writers := []writer{
		{"junit", JUnit, junitViaEncoding},
		{"checkstyle", Checkstyle, checkstyleViaEncoding},
	}
	check := func(t *testing.T, wr writer, r *Result) *chunkWriter {
		t.Helper()
		want, err := wr.want(r)
		require.NoError(t, err)
		var got chunkWriter
		require.NoError(t, wr.got(&got, r))
		require.Equal(t, string(want), got.String())
		return &got
	}
	for _, wr := range writers {
		t.Run(wr.name, func(t *testing.T) {
			check(t, wr, nil)
			check(t, wr, &Result{})
			check(t, wr, emptyResult())
			check(t, wr, fixture())
			check(t, wr, partial())
			for _, root := range roots {
				for _, n := range []int{0, 1, 2, 3, 7, 100} {
					r := awkwardResult(root, n)
					check(t, wr, r)
					// the same findings sorted, as lint.Run gives them
					lint.Sort(r.Diagnostics)
					check(t, wr, r)
				}
			}
			// two files that show as one name ("a.md", "./a.md" under
			// a root), and the whole run next to a file named "."
			check(t, wr, &Result{Root: "docs", Diagnostics: []lint.Diagnostic{{File: "a.md", Message: "1"}, {File: "b.md", Message: "2"}, {File: "./a.md", Message: "3"}, {File: "x/../a.md", Message: "4"}}})
			check(t, wr, &Result{Diagnostics: []lint.Diagnostic{{Message: "run"}, {File: ".", Message: "dot"}, {File: "a.md"}, {Message: "run again"}}})
			// a large report goes out in chunks: unsorted, sorted, and
			// sorted with canonical files only (groupFiles' fast path)
			for _, order := range []string{"unsorted", "sorted", "canonical"} {
				r := awkwardResult("docs", 5000)
				if order == "canonical" {
					for i := range r.Diagnostics {
						r.Diagnostics[i].File = "RM/f" + strconv.Itoa(i/40) + ".md"
					}
				}
				if order != "unsorted" {
					lint.Sort(r.Diagnostics)
				}
				if order == "canonical" {
					require.Nil(t, groupFiles(r.Root, r.Diagnostics).names)
				}
				w := check(t, wr, r)
				require.Greater(t, w.Len(), 2*chunk)
				require.Greater(t, w.writes, 1, "a large report is written in chunks")
			}
		})
	}
}

// checkXML checks that JUnit and Checkstyle write r as encoding/xml
// did.
func checkXML(t *testing.T, r *Result) {
	t.Helper()
	for _, c := range []struct {
		write func(io.Writer, *Result) error
		want  func(*Result) ([]byte, error)
	}{{JUnit, junitViaEncoding}, {Checkstyle, checkstyleViaEncoding}} {
		want, err := c.want(r)
		require.NoError(t, err)
		var got bytes.Buffer
		require.NoError(t, c.write(&got, r))
		require.Equal(t, string(want), got.String())
	}
}

// TestXMLWriteError checks that the XML writers stop at the first
// failed write and return its error.
func TestXMLWriteError(t *testing.T) {
	r := awkwardResult("docs", 5000)
	for name, write := range map[string]func(io.Writer, *Result) error{"junit": JUnit, "checkstyle": Checkstyle} {
		for _, after := range []int{0, 1} {
			w := &failWriter{after: after}
			require.ErrorIs(t, write(w, r), errWrite, name)
			require.Equal(t, after+1, w.writes, "%s: writes after the failing one", name)
		}
	}
}

var errWrite = errors.New("disk full")

// failWriter fails the write after the first `after` ones.
type failWriter struct{ after, writes int }

func (w *failWriter) Write(b []byte) (int, error) {
	w.writes++
	if w.writes > w.after {
		return 0, errWrite
	}
	return len(b), nil
}

// TestXMLTextMatchesEscapeText compares appendXMLText with
// xml.EscapeText on the awkward strings, every byte value at every
// place of a word, and every pair of them.
func TestXMLTextMatchesEscapeText(t *testing.T) {
	check := func(s string) {
		t.Helper()
		var want bytes.Buffer
		require.NoError(t, xml.EscapeText(&want, []byte(s)))
		require.Equal(t, want.String(), string(appendXMLText(nil, s)), "%q", s)
	}
	for _, s := range awkward {
		check(s)
		check(s + s + "0123456789" + s)
	}
	for c := range 256 {
		for pos := range 10 {
			w := []byte("abcdefghij")
			w[pos] = byte(c)
			check(string(w))
		}
		for c2 := range 256 {
			check(string([]byte{byte(c), byte(c2)}))
		}
		// two bytes eight apart in a longer string: a loop that took
		// several words at once must not let one hide the other
		for _, c2 := range []byte{0x00, 0x01, 0x1f, ' ', '"', '&', '\'', '<', '>', 0x7f, 0x80, 0xef, 0xff} {
			for pos := range 16 {
				w := []byte("abcdefghijklmnopqrstuvwxyz012345")
				w[pos], w[pos+8] = byte(c), c2
				check(string(w))
			}
		}
	}
	for r := rune(0); r <= utf8.MaxRune; r += 97 {
		check("x" + string(r) + "yz")
	}
	for _, r := range []rune{0xD7FF, 0xE000, 0xFFFD, 0xFFFE, 0xFFFF, 0x10000, 0x1FFFF, 0x10FFFF} {
		check("x" + string(r) + "yz")
	}
}

// FuzzXMLText compares appendXMLText with xml.EscapeText.
func FuzzXMLText(f *testing.F) {
	for _, s := range awkward {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		if err := xml.EscapeText(&want, []byte(s)); err != nil {
			t.Fatal(err)
		}
		if got := appendXMLText(nil, s); string(got) != want.String() {
			t.Fatalf("%q: got %q, encoding/xml writes %q", s, got, want.String())
		}
	})
}

// TestXMLSafeWord checks the eight-byte test against the byte table:
// every byte value at every place of an otherwise plain word, and words
// of two unsafe bytes (a borrow from one must not hide the other).
func TestXMLSafeWord(t *testing.T) {
	safe := func(w []byte) bool { return xmlEscBits(word(string(w))) == 0 }
	for pos := range 8 {
		for c := range 256 {
			w := []byte("abcdefgh")
			w[pos] = byte(c)
			require.Equal(t, xmlSafe[c], safe(w), "byte %#x at %d", c, pos)
			for _, c2 := range []int{0x00, 0x1f, 0x20, '"', '&', '\'', '<', '>', '=', '?', 0x7f, 0x80, 0xff} {
				w2 := append([]byte(nil), w...)
				w2[(pos+3)%8] = byte(c2)
				want := true
				for _, c := range w2 {
					want = want && xmlSafe[c]
				}
				require.Equal(t, want, safe(w2), "%q", w2)
			}
		}
	}
}

// TestGroupFiles checks the grouping on findings that come back to a
// file: one group per display name, in order of first appearance, each
// keeping its findings' order.
func TestGroupFiles(t *testing.T) {
	var ds []lint.Diagnostic
	for _, f := range []string{"b.md", "a.md", "b.md", "", "./a.md", "c.md", "a.md"} {
		ds = append(ds, lint.Diagnostic{File: f})
	}
	groups := func(g *fileGroups) (names []string, idx [][]int) {
		for k := range g.ends {
			names = append(names, string(g.appendName(nil, k)))
			var is []int
			start, end := g.span(k)
			for j := start; j < end; j++ {
				is = append(is, g.finding(j))
			}
			idx = append(idx, is)
		}
		return names, idx
	}
	names, idx := groups(groupFiles("docs", ds))
	require.Equal(t, []string{"docs/b.md", "docs/a.md", "docs", "docs/c.md"}, names)
	require.Equal(t, [][]int{{0, 2}, {1, 4, 6}, {3}, {5}}, idx)

	// sorted findings of canonical files: one group per file, in place,
	// named without displayPath
	ds = nil
	for _, f := range []string{"", "", "RM/a b.md", "RM/a b.md", "RM/ab.md", "a.md", "a.md", "a.md", "x/y/z.md", "é.md"} {
		ds = append(ds, lint.Diagnostic{File: f})
	}
	for _, root := range roots {
		g := groupFiles(root, ds)
		require.Nil(t, g.order)
		require.Nil(t, g.names, "canonical files need no names")
		names, idx := groups(g)
		var want []string
		for _, f := range []string{"", "RM/a b.md", "RM/ab.md", "a.md", "x/y/z.md", "é.md"} {
			want = append(want, string(appendXMLText(nil, displayPath(root, f))))
		}
		require.Equal(t, want, names, "root %q", root)
		require.Equal(t, [][]int{{0, 1}, {2, 3}, {4}, {5, 6, 7}, {8}, {9}}, idx)
		// the same files with awkward findings, through the writers
		r := &Result{Root: root, Diagnostics: slices.Clone(ds)}
		for i := range r.Diagnostics {
			r.Diagnostics[i].Message = awkward[i]
			r.Diagnostics[i].Span.Start.Line = int32(i)
			r.Diagnostics[i].Related = []lint.Related{{File: ds[(i+3)%len(ds)].File, Message: awkward[i+1]}}
		}
		checkXML(t, r)
	}

	// files that are not canonical go by name
	for _, f := range []string{".", "..", "../a.md", "/a.md", "./a.md", "a//b.md", "a/", "a/./b.md", "a/../b.md", "a/..", "a/."} {
		require.False(t, canonical(f), f)
		g := groupFiles("docs", []lint.Diagnostic{{File: f}})
		require.NotNil(t, g.names, f)
	}
	for _, f := range []string{"", "a", "a.md", ".a", "..a", "a..", "a/b/c.md", "...", "é \xff.md"} {
		require.True(t, canonical(f), f)
	}
	// unsorted findings go by name
	g := groupFiles("docs", []lint.Diagnostic{{File: "b.md"}, {File: "a.md"}})
	require.NotNil(t, g.names)
	require.Nil(t, g.order, "consecutive groups need no order")
}
