package report

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"mdlint/lint"
	"mdlint/model"
)

// RuleInfo is one entry of the rule catalog: what the sarif format lists
// as the tool's rules, whether or not they reported anything.
type RuleInfo struct {
	Name     string        // stable kebab-case rule name
	Doc      string        // one-line description
	Severity lint.Severity // default severity; zero when unknown
	HelpURI  string        // documentation page; empty when none
}

// Result is what the printers print: one run of mdlint.
type Result struct {
	Root        string            // root as the user gave it (never made absolute)
	Files       int               // pages read
	Diagnostics []lint.Diagnostic // already sorted (lint.Sort); printed in this order
	Rules       []RuleInfo        // catalog of all known rules (for sarif)
	ToolVersion string            // e.g. "0.3.0"; empty when unknown
}

// Options are the per-format options Write passes on.
type Options struct {
	// Color colours the text format. It is final: the caller decides it
	// from flags, NO_COLOR and whether the output is a terminal.
	Color bool
	// Summary receives the github format's Markdown step summary (the
	// file named by $GITHUB_STEP_SUMMARY, opened for appending); nil
	// writes none.
	Summary io.Writer
}

// Format names.
const (
	FormatText       = "text"
	FormatJSON       = "json"
	FormatSARIF      = "sarif"
	FormatGitHub     = "github"
	FormatJUnit      = "junit"
	FormatCheckstyle = "checkstyle"
)

// Formats returns the names of the output formats, text first.
func Formats() []string {
	return []string{FormatText, FormatJSON, FormatSARIF, FormatGitHub, FormatJUnit, FormatCheckstyle}
}

// Reads returns the parts of the findings, beyond where they are, their
// rule, severity, message and related places, that the named format
// prints: SARIF's fingerprints hash the keys; JSON says whether a
// finding is fixable, which lint.OmittedFixes keeps; no format prints
// edits.
func Reads(format string) lint.Parts {
	if format == FormatSARIF {
		return lint.PartKey
	}
	return 0
}

// Write prints r to w in the named format. An unknown format is an
// error that lists the known ones.
func Write(format string, w io.Writer, r *Result, opts Options) error {
	switch format {
	case FormatText:
		return Text(w, r, TextOptions{Color: opts.Color})
	case FormatJSON:
		return JSON(w, r)
	case FormatSARIF:
		return SARIF(w, r)
	case FormatGitHub:
		return GitHub(w, opts.Summary, r)
	case FormatJUnit:
		return JUnit(w, r)
	case FormatCheckstyle:
		return Checkstyle(w, r)
	}
	return fmt.Errorf("unknown output format %q (want %s)", format, strings.Join(Formats(), ", "))
}

// orEmpty lets every printer accept a nil Result.
func orEmpty(r *Result) *Result {
	if r == nil {
		return &Result{}
	}
	return r
}

// chunk is the size at which the writers hand their buffer on: reports
// of tens of thousands of findings need not be held in memory whole.
const chunk = 64 << 10

// flush writes buf to w in one call.
func flush(w io.Writer, buf *bytes.Buffer) error {
	_, err := w.Write(buf.Bytes())
	return err
}

// displayPath joins root and a root-relative slash path; see the package
// doc. An empty file names the root itself.
func displayPath(root, file string) string {
	root = filepath.ToSlash(root)
	if root == "" || root == "." {
		if file == "" {
			return "."
		}
		return file
	}
	return path.Join(root, file)
}

// canonical reports whether f is "" or a relative slash path none of
// whose elements is "", "." or "..". Two canonical files show under
// two names, and displayPath(root, f) is displayPath(root, "x") with f
// in place of x.
func canonical(f string) bool {
	if f == "" {
		return true
	}
	for {
		elem, rest, more := strings.Cut(f, "/")
		if elem == "" || elem == "." || elem == ".." {
			return false
		}
		if !more {
			return true
		}
		f = rest
	}
}

// displayPrefix is what displayPath(root, f) puts before every
// canonical f but "".
func displayPrefix(root string) string {
	return strings.TrimSuffix(displayPath(root, "x"), "x")
}

// flushFull hands b to w when it holds chunk bytes, and returns it
// emptied (or as it was).
func flushFull(w io.Writer, b []byte) ([]byte, error) {
	if len(b) < chunk {
		return b, nil
	}
	if _, err := w.Write(b); err != nil {
		return b, err
	}
	return b[:0], nil
}

// location formats file:line:col, dropping what is unknown: a zero span
// gives just the file, a missing column just file:line, and an empty
// file (a finding about the whole run) the empty string.
func location(root, file string, span model.Span) string {
	if file == "" {
		return ""
	}
	return string(appendLocation(nil, displayPath(root, file), span))
}

// appendLocation appends path:line:col to b, dropping what is unknown
// as location does.
func appendLocation(b []byte, path string, span model.Span) []byte {
	b = append(b, path...)
	if span.Start.Line >= 1 {
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(span.Start.Line), 10)
		if span.Start.Col >= 1 {
			b = append(b, ':')
			b = strconv.AppendInt(b, int64(span.Start.Col), 10)
		}
	}
	return b
}

// counts tallies findings by severity.
type counts struct{ errors, warnings, infos int }

func countOf(ds []lint.Diagnostic) counts {
	var c counts
	for _, d := range ds {
		switch d.Severity {
		case lint.Error:
			c.errors++
		case lint.Warning:
			c.warnings++
		default:
			c.infos++
		}
	}
	return c
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// summaryLine is "3 errors, 1 warning, 0 info in 12 files" or "no
// problems in 12 files".
func summaryLine(r *Result) string {
	files := plural(r.Files, "file", "files")
	if len(r.Diagnostics) == 0 {
		return "no problems in " + files
	}
	c := countOf(r.Diagnostics)
	return fmt.Sprintf("%s, %s, %d info in %s",
		plural(c.errors, "error", "errors"), plural(c.warnings, "warning", "warnings"), c.infos, files)
}

// diagKey is Diagnostic.Key, or the default lint.Run gives when a
// caller built the diagnostic by hand.
func diagKey(d *lint.Diagnostic) string {
	if d.Key != "" {
		return d.Key
	}
	return d.Rule + "|" + d.File + "|" + d.Message
}
