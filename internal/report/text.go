package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/fatih/color"

	"mdlint/lint"
)

// TextOptions configure the text format.
type TextOptions struct {
	// Color colours the severity word and makes the path bold. Without
	// it no escape code is written, whatever the terminal or NO_COLOR.
	Color bool
}

// Text prints one finding a line,
//
//	path:line:col: severity rule: message
//
// with each related position underneath, indented by four spaces, as
// "path:line:col: message". Findings of one file stay together and a
// blank line separates files. A finding without a file (about the whole
// run) has no location prefix; a location drops what is unknown
// ("path:line", "path"). Line breaks in messages are printed as \n so
// that every finding stays on one line, and other control characters as
// \xNN. The last line is a summary such as "3 errors, 1 warning, 0 info
// in 12 files" or "no problems in 12 files".
func Text(w io.Writer, r *Result, opts TextOptions) error {
	r = orEmpty(r)
	p := newPalette(opts.Color)
	var buf bytes.Buffer
	for i := range r.Diagnostics {
		d := &r.Diagnostics[i]
		if i > 0 && d.File != r.Diagnostics[i-1].File {
			buf.WriteByte('\n')
		}
		if loc := location(r.Root, d.File, d.Span); loc != "" {
			buf.WriteString(p.paint(p.path, loc))
			buf.WriteString(": ")
		}
		buf.WriteString(p.paint(p.severity(d.Severity), d.Severity.String()))
		buf.WriteByte(' ')
		buf.WriteString(d.Rule)
		buf.WriteString(": ")
		buf.WriteString(oneLine(d.Message))
		buf.WriteByte('\n')
		for _, rel := range d.Related {
			buf.WriteString("    ")
			if loc := location(r.Root, rel.File, rel.Span); loc != "" {
				buf.WriteString(p.paint(p.path, loc))
				buf.WriteString(": ")
			}
			buf.WriteString(oneLine(rel.Message))
			buf.WriteByte('\n')
		}
		if buf.Len() >= chunk {
			if err := flush(w, &buf); err != nil {
				return err
			}
			buf.Reset()
		}
	}
	if len(r.Diagnostics) > 0 {
		buf.WriteByte('\n')
	}
	buf.WriteString(summaryLine(r))
	buf.WriteByte('\n')
	return flush(w, &buf)
}

// palette holds the colours of one Text call. Each colour is switched
// on or off explicitly so that neither color.NoColor nor NO_COLOR
// decides for the caller.
type palette struct {
	on                    bool
	path, err, warn, info *color.Color
}

// paint colours s, or returns it as it is when colour is off (the
// common case, and tens of thousands of lines on a real library).
func (p *palette) paint(c *color.Color, s string) string {
	if !p.on {
		return s
	}
	return c.Sprint(s)
}

func newPalette(on bool) *palette {
	p := &palette{
		on:   on,
		path: color.New(color.Bold),
		err:  color.New(color.FgRed, color.Bold),
		warn: color.New(color.FgYellow, color.Bold),
		info: color.New(color.FgCyan),
	}
	for _, c := range []*color.Color{p.path, p.err, p.warn, p.info} {
		if on {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
	}
	return p
}

func (p *palette) severity(s lint.Severity) *color.Color {
	switch s {
	case lint.Error:
		return p.err
	case lint.Warning:
		return p.warn
	}
	return p.info
}

var oneLineReplacer = strings.NewReplacer("\r\n", `\n`, "\n", `\n`, "\r", `\r`)

// oneLine shows line breaks as \n so a message stays on its line, and
// other control characters as \xNN.
func oneLine(s string) string { return visible(oneLineReplacer.Replace(s)) }

// visible shows control characters other than tab, line feed and
// carriage return as \xNN, so that text quoted from a page cannot send
// escape sequences to a terminal or a CI log.
func visible(s string) string {
	if !strings.ContainsFunc(s, isHiddenControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isHiddenControl(r) {
			fmt.Fprintf(&b, `\x%02x`, r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isHiddenControl(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || (r >= 0x7f && r < 0xa0)
}
