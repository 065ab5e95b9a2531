package report

import (
	"bytes"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/fatih/color"

	"mdlint/lint"
	"mdlint/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// span builds a span from 1-based line:col pairs; offsets do not matter
// to the printers.
func span(l1, c1, l2, c2 int32) model.Span {
	return model.Span{Start: model.Pos{Line: l1, Col: c1}, End: model.Pos{Line: l2, Col: c2}}
}

// fixture is a Result with every case the printers must handle: all
// three severities, a finding about the whole run (no file), a file
// name with a space and non-ASCII letters, related positions, a fix, a
// span over several lines, and messages holding |, %, a comma, a colon,
// Markdown, HTML, a line break and control characters.
func fixture() *Result {
	ds := []lint.Diagnostic{
		{
			File:     "RM/r_m_café rules.md",
			Span:     span(3, 5, 3, 12),
			Rule:     "summary-count",
			Severity: lint.Error,
			Message:  "summary says 85 rules but RM pages list 83 distinct rule IDs",
			Related: []lint.Related{
				{File: "ds_microsoft_365.md", Span: span(10, 1, 10, 20), Message: "rules counted here"},
			},
			Fixes: []lint.Fix{{Message: "set the count to 83", Edits: []lint.Edit{{File: "RM/r_m_café rules.md", Start: 40, End: 42, New: "83"}}}},
			Key:   "summary-count/RM/r_m_café rules.md/rules",
		},
		{
			File:     "RM/r_m_café rules.md",
			Span:     span(7, 1, 7, 30),
			Rule:     "broken-link",
			Severity: lint.Warning,
			Message:  "link target `ds_x|y.md` does not exist (100% sure, 2 of 3 <b>links</b>)",
			Key:      "broken-link/RM/r_m_café rules.md/ds_x|y.md",
		},
		{
			File:     "ds_microsoft_365.md",
			Span:     span(2, 3, 2, 9),
			Rule:     "table-pipe",
			Severity: lint.Info,
			Message:  "pipe line did not become a table:\nline two_of_it",
			Key:      "table-pipe/ds_microsoft_365.md/2",
		},
		{
			File:     "ds_microsoft_365.md",
			Span:     span(20, 1, 25, 4),
			Rule:     "summary-count",
			Severity: lint.Warning,
			Message:  "table spans lines 20-25 with 4 columns, 5 expected",
			Key:      "summary-count/ds_microsoft_365.md/table",
		},
		{
			Rule:     "internal-error",
			Severity: lint.Error,
			Message:  "check broken panicked: boom \x1b[2J\x00",
			Key:      "internal-error/broken",
		},
	}
	lint.Sort(ds)
	return &Result{
		Root:        "docs/library",
		Files:       12,
		Diagnostics: ds,
		Rules: []RuleInfo{
			{Name: "summary-count", Doc: "summary counts match the pages they count", Severity: lint.Error, HelpURI: "https://github.com/mdlint/mdlint/blob/main/docs/rules/summary-count.md"},
			{Name: "broken-link", Doc: "relative links point at pages that exist", Severity: lint.Warning},
			{Name: "table-pipe", Doc: "pipe lines form tables", Severity: lint.Info},
			{Name: "unused-rule", Doc: "a rule that reports nothing here", Severity: lint.Warning},
		},
		ToolVersion: "1.2.3",
	}
}

func emptyResult() *Result {
	return &Result{Root: ".", Files: 3, ToolVersion: "1.2.3", Rules: fixture().Rules}
}

// golden compares got with testdata/golden/name, or rewrites it with
// -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func render(t *testing.T, format string, r *Result, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(format, &buf, r, opts); err != nil {
		t.Fatalf("Write(%s): %v", format, err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			var summary bytes.Buffer
			got := render(t, format, fixture(), Options{Summary: &summary})
			golden(t, format+".golden", got)
			if format == FormatGitHub {
				golden(t, "github-summary.golden", summary.Bytes())
			}
			again := render(t, format, fixture(), Options{Summary: &bytes.Buffer{}})
			if !bytes.Equal(got, again) {
				t.Error("output differs between two runs")
			}
		})
	}
	t.Run("text-color", func(t *testing.T) {
		golden(t, "text-color.golden", render(t, FormatText, fixture(), Options{Color: true}))
	})
}

func TestEmpty(t *testing.T) {
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			var summary bytes.Buffer
			got := render(t, format, emptyResult(), Options{Summary: &summary})
			golden(t, "empty-"+format+".golden", got)
			if format == FormatGitHub {
				golden(t, "empty-github-summary.golden", summary.Bytes())
			}
		})
	}
}

func TestNilResult(t *testing.T) {
	for _, format := range Formats() {
		if err := Write(format, &bytes.Buffer{}, nil, Options{Summary: &bytes.Buffer{}}); err != nil {
			t.Errorf("%s: %v", format, err)
		}
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	err := Write("yaml", &bytes.Buffer{}, fixture(), Options{})
	if err == nil || !strings.Contains(err.Error(), `"yaml"`) || !strings.Contains(err.Error(), "checkstyle") {
		t.Fatalf("Write(yaml) = %v, want an error naming the format and listing the known ones", err)
	}
}

func TestFormats(t *testing.T) {
	want := []string{"text", "json", "sarif", "github", "junit", "checkstyle"}
	got := Formats()
	if !slices.Equal(got, want) {
		t.Fatalf("Formats() = %v, want %v", got, want)
	}
	got[0] = "changed"
	if Formats()[0] != "text" {
		t.Error("Formats returns a shared slice")
	}
}

// TestNoEscapeCodes checks that colour is decided by the option alone:
// none without it even when the global switch says colour, and colour
// with it even when NO_COLOR is set.
func TestNoEscapeCodes(t *testing.T) {
	saved := color.NoColor
	defer func() { color.NoColor = saved }()
	color.NoColor = false
	for _, format := range Formats() {
		if got := render(t, format, fixture(), Options{Summary: &bytes.Buffer{}}); bytes.Contains(got, []byte("\x1b[")) {
			t.Errorf("%s output holds escape codes without Color", format)
		}
	}
	color.NoColor = true
	t.Setenv("NO_COLOR", "1")
	got := render(t, FormatText, fixture(), Options{Color: true})
	if !bytes.Contains(got, []byte("\x1b[31;1merror\x1b[")) || !bytes.Contains(got, []byte("\x1b[1mdocs/library/")) {
		t.Errorf("Color did not colour the severity and path:\n%q", got)
	}
}

func TestDisplayPath(t *testing.T) {
	for _, c := range []struct{ root, file, want string }{
		{"", "a.md", "a.md"},
		{".", "a.md", "a.md"},
		{"./docs/", "RM/a.md", "docs/RM/a.md"},
		{"../lib", "a.md", "../lib/a.md"},
		{"/abs/lib", "a.md", "/abs/lib/a.md"},
		{"docs", "", "docs"},
		{"", "", "."},
	} {
		if got := displayPath(c.root, c.file); got != c.want {
			t.Errorf("displayPath(%q, %q) = %q, want %q", c.root, c.file, got, c.want)
		}
	}
}

func TestSummaryLine(t *testing.T) {
	r := &Result{Files: 1}
	if got := summaryLine(r); got != "no problems in 1 file" {
		t.Errorf("got %q", got)
	}
	r = fixture()
	if got := summaryLine(r); got != "2 errors, 2 warnings, 1 info in 12 files" {
		t.Errorf("got %q", got)
	}
	r.Diagnostics = r.Diagnostics[1:2]
	if got, want := summaryLine(r), "1 error, 0 warnings, 0 info in 12 files"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestXMLWellFormed parses the XML formats back, control characters in
// messages included.
func TestXMLWellFormed(t *testing.T) {
	t.Run("junit", func(t *testing.T) {
		var doc junitSuites
		if err := xml.Unmarshal(render(t, FormatJUnit, fixture(), Options{}), &doc); err != nil {
			t.Fatal(err)
		}
		s := doc.Suites[0]
		n := 0
		for _, c := range s.Cases {
			n += len(c.Failures)
		}
		if len(s.Cases) != 3 || n != 5 || s.Tests != 12 || s.Failures != 3 {
			t.Errorf("%d testcases with %d failures, tests=%d failures=%d", len(s.Cases), n, s.Tests, s.Failures)
		}
	})
	t.Run("checkstyle", func(t *testing.T) {
		var doc checkstyleRoot
		if err := xml.Unmarshal(render(t, FormatCheckstyle, fixture(), Options{}), &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Files) != 3 || doc.Files[1].Errors[0].Source != "mdlint.summary-count" || doc.Files[1].Name != "docs/library/RM/r_m_café rules.md" {
			t.Errorf("parsed %+v", doc)
		}
	})
}

func TestVisible(t *testing.T) {
	if got, want := oneLine("a\x1b[31mb\tc\r\nd\x7f"), `a\x1b[31mb`+"\tc"+`\nd\x7f`; got != want {
		t.Errorf("oneLine = %q, want %q", got, want)
	}
}

// partial is a Result whose positions are partly unknown.
func partial() *Result {
	return &Result{Root: "lib", Files: 2, Diagnostics: []lint.Diagnostic{
		{File: "a.md", Rule: "r", Severity: lint.Warning, Message: "whole page"},
		{File: "a.md", Span: model.Span{Start: model.Pos{Line: 4}}, Rule: "r", Severity: lint.Error, Message: "line only",
			Related: []lint.Related{{Message: "no place"}}},
	}}
}

func TestPartialLocations(t *testing.T) {
	if got, want := location("lib", "a.md", model.Span{}), "lib/a.md"; got != want {
		t.Errorf("zero span: %q, want %q", got, want)
	}
	if got, want := location("lib", "a.md", model.Span{Start: model.Pos{Line: 4}}), "lib/a.md:4"; got != want {
		t.Errorf("line only: %q, want %q", got, want)
	}
	if got := location("lib", "", span(1, 1, 1, 2)); got != "" {
		t.Errorf("no file: %q", got)
	}
	text := string(render(t, FormatText, partial(), Options{}))
	for _, want := range []string{"lib/a.md: warning r: whole page\n", "lib/a.md:4: error r: line only\n    no place\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	gh := string(render(t, FormatGitHub, partial(), Options{}))
	for _, want := range []string{"::warning file=lib/a.md,title=r::whole page\n", "::error file=lib/a.md,line=4,title=r::line only%0Ano place\n"} {
		if !strings.Contains(gh, want) {
			t.Errorf("github lacks %q:\n%s", want, gh)
		}
	}
	cs := string(render(t, FormatCheckstyle, partial(), Options{}))
	if !strings.Contains(cs, `<error severity="warning" message="whole page"`) || !strings.Contains(cs, `<error line="4" severity="error"`) {
		t.Errorf("checkstyle:\n%s", cs)
	}
}

// chunkWriter records the writes it gets.
type chunkWriter struct {
	bytes.Buffer
	writes int
}

func (w *chunkWriter) Write(b []byte) (int, error) {
	w.writes++
	return w.Buffer.Write(b)
}

// Large reports are written in chunks, and the chunks add up to the
// report a single write would give: every finding, the blank line
// between files and the summary, in order.
func TestLargeReportsInChunks(t *testing.T) {
	r := &Result{Root: "docs", Files: 2}
	var want strings.Builder
	for i := range 3000 {
		file := "a.md"
		if i >= 1500 {
			file = "b.md"
			if i == 1500 {
				want.WriteString("\n")
			}
		}
		msg := strings.Repeat("x", i%50)
		r.Diagnostics = append(r.Diagnostics, lint.Diagnostic{File: file, Span: span(int32(i+1), 1, int32(i+1), 2), Rule: "broken-link", Severity: lint.Error, Message: msg})
		want.WriteString("docs/" + file + ":" + itoa(i+1) + ":1: error broken-link: " + msg + "\n")
	}
	want.WriteString("\n3000 errors, 0 warnings, 0 info in 2 files\n")
	var w chunkWriter
	if err := Text(&w, r, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if w.writes < 2 {
		t.Fatalf("%d bytes in %d write(s): want chunks", w.Len(), w.writes)
	}
	if w.String() != want.String() {
		t.Fatalf("chunked text report differs from the expected report")
	}
	var j chunkWriter
	if err := JSON(&j, r); err != nil {
		t.Fatal(err)
	}
	if j.writes < 2 {
		t.Fatalf("JSON: %d bytes in %d write(s): want chunks", j.Len(), j.writes)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// oneLine's fast path returns what the full transformation gives.
func TestOneLineFastPath(t *testing.T) {
	for _, s := range []string{"", "plain ASCII", "MITRE ATT&CK® ↳ é", "bad \xff utf8", "line\nbreak", "cr\r\nlf", "esc \x1b[31m", "del \x7f", "c1 \u0085 \u009b", "tab\tkept"} {
		if got, want := oneLine(s), visible(oneLineReplacer.Replace(s)); got != want {
			t.Errorf("%q: oneLine gives %q, the transformation %q", s, got, want)
		}
	}
}

// A colour's escape codes, taken once, paint as the colour itself does.
func TestPaintMatchesColor(t *testing.T) {
	p := newPalette(true)
	for _, c := range []*color.Color{p.path, p.err, p.warn, p.info} {
		if _, ok := p.wrap[c]; !ok {
			t.Fatal("no escape codes taken for a colour")
		}
		for _, s := range []string{"", "docs/a.md:3:5", "error", "é ↳"} {
			if got, want := p.paint(c, s), c.Sprint(s); got != want {
				t.Errorf("%q: painted %q, colour writes %q", s, got, want)
			}
		}
	}
	if got := newPalette(false).paint(p.err, "x"); got != "x" {
		t.Errorf("colour off: %q", got)
	}
}

// oneLine's eight-byte scan finds a byte to change at every place of a
// long message.
func TestOneLineEveryPlace(t *testing.T) {
	for _, c := range []string{"\n", "\r", "\r\n", "\x1b", "\x00", "\x1f", "\x7f", "\u0085", "\u009b", "\xc2", "\xc2\x20", "\t"} {
		for pos := range 24 {
			s := strings.Repeat("abcdefgh", 3)
			s = s[:pos] + c + s[pos:]
			if got, want := oneLine(s), visible(oneLineReplacer.Replace(s)); got != want {
				t.Errorf("%q: oneLine gives %q, the transformation %q", s, got, want)
			}
		}
	}
}

// The text format's locations name files as displayPath does, for
// every kind of root and file.
func TestTextPaths(t *testing.T) {
	for _, root := range []string{"", ".", "./", "docs", "docs/", "./docs", "a/b/..", "../lib", "/abs/lib", "/", `C:\lib`, "a//b"} {
		for _, file := range []string{"x.md", "RM/r.md", "a b/é.md", "./x.md", "a/../b.md", "a//b.md", "../out.md"} {
			var w locWriter
			var buf bytes.Buffer
			for range 2 { // the second time from the cached path
				buf.Reset()
				w.write(&buf, newPalette(false), root, file, span(3, 4, 3, 5))
				if got, want := buf.String(), location(root, file, span(3, 4, 3, 5)); got != want {
					t.Errorf("root %q, file %q: %q, want %q", root, file, got, want)
				}
			}
		}
	}
}
