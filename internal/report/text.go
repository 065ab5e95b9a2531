package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/fatih/color"

	"mdlint/lint"
	"mdlint/model"
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
	var loc locWriter
	for i := range r.Diagnostics {
		d := &r.Diagnostics[i]
		if i > 0 && d.File != r.Diagnostics[i-1].File {
			buf.WriteByte('\n')
		}
		if loc.write(&buf, p, r.Root, d.File, d.Span) {
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
			if loc.write(&buf, p, r.Root, rel.File, rel.Span) {
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
	// the escape codes each colour writes before and after a text,
	// taken once from the colour itself: Sprint formats them anew for
	// every call, thousands of times on a real library
	wrap map[*color.Color][2]string
}

// paint colours s (as c.Sprint does), or returns it as it is when colour
// is off.
func (p *palette) paint(c *color.Color, s string) string {
	if !p.on {
		return s
	}
	w, ok := p.wrap[c]
	if !ok {
		return c.Sprint(s)
	}
	return w[0] + s + w[1]
}

func newPalette(on bool) *palette {
	p := &palette{
		on:   on,
		path: color.New(color.Bold),
		err:  color.New(color.FgRed, color.Bold),
		warn: color.New(color.FgYellow, color.Bold),
		info: color.New(color.FgCyan),
	}
	p.wrap = map[*color.Color][2]string{}
	for _, c := range []*color.Color{p.path, p.err, p.warn, p.info} {
		if on {
			c.EnableColor()
			if w := c.Sprint("\x00"); strings.Count(w, "\x00") == 1 {
				i := strings.IndexByte(w, 0)
				p.wrap[c] = [2]string{w[:i], w[i+1:]}
			}
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
// Messages without a byte that could start a line break or a control
// character (nearly all) are returned as they are, without a copy.
func oneLine(s string) string {
	i := 0
	// eight bytes at a time while none can need a change (a false alarm
	// only takes the byte loop)
	for ; i+8 <= len(s); i += 8 {
		if lineBits(word(s[i:])) != 0 {
			break
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c == 0xc2 {
			return visible(oneLineReplacer.Replace(s))
		}
	}
	return s
}

// lineBits is zero when none of the eight bytes of x is below 0x20,
// 0x7f or 0xc2 (the first byte of the C1 controls), the bytes oneLine
// changes or must look at.
func lineBits(x uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	d, c := x^(0x7f*ones), x^(0xc2*ones)
	return ((x-0x20*ones)&^x | (d-ones)&^d | (c-ones)&^c) & highs
}

// locWriter writes locations, remembering the display path of the last
// file (findings come sorted by file).
type locWriter struct {
	file, path string
	prefix     string // of the paths of canonical files
	ok         bool
	scratch    []byte
}

// write writes location(root, file, span) to buf, painted, and reports
// whether it wrote anything.
func (w *locWriter) write(buf *bytes.Buffer, p *palette, root, file string, span model.Span) bool {
	if file == "" {
		return false
	}
	if !w.ok || w.file != file {
		if !w.ok {
			w.prefix = displayPrefix(root)
		}
		w.file, w.path, w.ok = file, w.prefix+file, true
		if !canonical(file) {
			w.path = displayPath(root, file)
		}
	}
	w.scratch = appendLocation(w.scratch[:0], w.path, span)
	if p.on {
		buf.WriteString(p.paint(p.path, string(w.scratch)))
	} else {
		buf.Write(w.scratch)
	}
	return true
}

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
