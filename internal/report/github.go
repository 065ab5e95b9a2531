package report

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"mdlint/lint"
)

// GitHub's limits on annotations and step summaries.
const (
	// MaxAnnotationsPerLevel is how many annotations of one level
	// (error, warning, notice) GitHub shows for a step.
	MaxAnnotationsPerLevel = 10
	// MaxAnnotationsPerJob is how many annotations GitHub shows for a
	// job. With three levels of MaxAnnotationsPerLevel it does not bind
	// for one mdlint step; it is kept as a second cap.
	MaxAnnotationsPerJob = 50
	// MaxSummaryBytes is GitHub's limit on one step's summary; a larger
	// summary is dropped entirely, so GitHub stops listing findings
	// before it is reached and says how many it left out.
	MaxSummaryBytes = 1 << 20
)

// summaryReserve is room kept for what follows the findings table.
const summaryReserve = 4 << 10

// GitHub prints workflow commands that GitHub Actions turns into
// annotations:
//
//	::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE
//
// with warning and notice (for info) as the other levels. GitHub shows
// at most MaxAnnotationsPerLevel annotations of each level in a step, so
// GitHub prints the first ones of each level in input order, errors
// first, then warnings, then notices. PATH is Root joined with File;
// columns are given only for a span on one line (GitHub ignores them
// otherwise), and a finding without a file annotates the run. Related
// positions are appended to the message, one a line. Properties and
// message are escaped as GitHub's runner expects (%25, %0D, %0A, and in
// properties %3A and %2C); other control characters are shown as \xNN.
//
// When some findings are not annotated a plain line says so. The last
// line is the text format's summary line.
//
// If summary is not nil GitHub writes a Markdown job summary to it: a
// title, the counts, a table of findings per rule and severity, a table
// of every finding (cut short, with a note, before GitHub's
// MaxSummaryBytes limit) and a line saying how many findings were not
// annotated.
func GitHub(w io.Writer, summary io.Writer, r *Result) error {
	r = orEmpty(r)
	shown := annotated(r.Diagnostics)
	hidden := len(r.Diagnostics) - len(shown)

	var buf bytes.Buffer
	for _, i := range shown {
		writeAnnotation(&buf, r.Root, &r.Diagnostics[i])
	}
	if hidden > 0 {
		fmt.Fprintf(&buf, "mdlint: %s not shown as annotations", plural(hidden, "finding", "findings"))
		if summary != nil {
			buf.WriteString("; see the job summary")
		} else {
			fmt.Fprintf(&buf, " (GitHub shows at most %d of each level); use -format text or sarif to see all", MaxAnnotationsPerLevel)
		}
		buf.WriteByte('\n')
	}
	fmt.Fprintf(&buf, "mdlint: %s\n", summaryLine(r))
	if err := flush(w, &buf); err != nil {
		return err
	}
	if summary == nil {
		return nil
	}
	buf.Reset()
	writeStepSummary(&buf, r, hidden)
	return flush(summary, &buf)
}

// annotated returns the indexes of the findings to annotate, in the
// order to print them.
func annotated(ds []lint.Diagnostic) []int {
	var shown []int
	for _, sev := range []lint.Severity{lint.Error, lint.Warning, lint.Info} {
		n := 0
		for i := range ds {
			if githubLevel(ds[i].Severity) != githubLevel(sev) {
				continue
			}
			if n == MaxAnnotationsPerLevel || len(shown) == MaxAnnotationsPerJob {
				break
			}
			shown = append(shown, i)
			n++
		}
	}
	return shown
}

func githubLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "notice"
}

func writeAnnotation(buf *bytes.Buffer, root string, d *lint.Diagnostic) {
	var props []string
	add := func(k, v string) { props = append(props, k+"="+escapeProperty(v)) }
	if d.File != "" {
		add("file", visible(displayPath(root, d.File)))
		s := d.Span
		if s.Start.Line >= 1 {
			add("line", strconv.Itoa(int(s.Start.Line)))
			oneLine := s.End.Line < 1 || s.End.Line == s.Start.Line
			if oneLine && s.Start.Col >= 1 {
				add("col", strconv.Itoa(int(s.Start.Col)))
			}
			if s.End.Line >= 1 {
				add("endLine", strconv.Itoa(int(s.End.Line)))
				if oneLine && s.Start.Col >= 1 && s.End.Col >= 1 {
					add("endColumn", strconv.Itoa(int(s.End.Col)))
				}
			}
		}
	}
	add("title", visible(d.Rule))
	msg := d.Message
	for _, rel := range d.Related {
		msg += "\n"
		if loc := location(root, rel.File, rel.Span); loc != "" {
			msg += loc + ": "
		}
		msg += rel.Message
	}
	fmt.Fprintf(buf, "::%s %s::%s\n", githubLevel(d.Severity), strings.Join(props, ","), escapeData(visible(msg)))
}

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func escapeData(s string) string     { return dataEscaper.Replace(s) }
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }

// writeStepSummary writes the Markdown job summary.
func writeStepSummary(buf *bytes.Buffer, r *Result, hidden int) {
	buf.WriteString("## mdlint\n\n")
	root := r.Root
	if root == "" {
		root = "."
	}
	fmt.Fprintf(buf, "Root %s: %s.\n", mdCode(root), summaryLine(r))
	if len(r.Diagnostics) == 0 {
		return
	}

	type ruleSev struct {
		rule string
		sev  lint.Severity
	}
	perRule := map[ruleSev]int{}
	for _, d := range r.Diagnostics {
		perRule[ruleSev{d.Rule, d.Severity}]++
	}
	keys := make([]ruleSev, 0, len(perRule))
	for k := range perRule {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].rule != keys[j].rule {
			return keys[i].rule < keys[j].rule
		}
		return keys[i].sev > keys[j].sev
	})
	buf.WriteString("\n### Findings by rule\n\n| Rule | Severity | Count |\n| --- | --- | ---: |\n")
	for _, k := range keys {
		fmt.Fprintf(buf, "| %s | %s | %d |\n", mdEscape(k.rule), k.sev, perRule[k])
	}

	buf.WriteString("\n### All findings\n\n| Location | Severity | Rule | Message |\n| --- | --- | --- | --- |\n")
	budget := MaxSummaryBytes - summaryReserve
	listed := 0
	for i := range r.Diagnostics {
		d := &r.Diagnostics[i]
		loc := location(r.Root, d.File, d.Span)
		if loc == "" {
			loc = "(run)"
		}
		msg := mdEscape(d.Message)
		for _, rel := range d.Related {
			msg += "<br>↳ "
			if l := location(r.Root, rel.File, rel.Span); l != "" {
				msg += mdEscape(l) + ": "
			}
			msg += mdEscape(rel.Message)
		}
		row := fmt.Sprintf("| %s | %s | %s | %s |\n", mdEscape(loc), d.Severity, mdEscape(d.Rule), msg)
		if buf.Len()+len(row) > budget {
			break
		}
		buf.WriteString(row)
		listed++
	}
	if unlisted := len(r.Diagnostics) - listed; unlisted > 0 {
		fmt.Fprintf(buf, "\n%s not listed: a step summary is limited to %d bytes. Use `-format sarif` or `-format json` for all of them.\n",
			capitalize(plural(unlisted, "more finding", "more findings")), MaxSummaryBytes)
	}
	if hidden > 0 {
		fmt.Fprintf(buf, "\n%s not shown as annotations (GitHub shows at most %d of each level per step).\n",
			capitalize(plural(hidden, "finding", "findings")), MaxAnnotationsPerLevel)
	} else {
		buf.WriteString("\nAll findings are shown as annotations.\n")
	}
}

// mdCode writes s as a Markdown code span, or escaped text when it
// holds a backtick.
func mdCode(s string) string {
	if strings.ContainsAny(s, "`\r\n") {
		return mdEscape(s)
	}
	return "`" + visible(s) + "`"
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// mdEscaper makes text literal in a GitHub Markdown table cell:
// Markdown punctuation is backslash-escaped (so `|` cannot end the
// cell, `<b>` stays text and `_` no emphasis) and line breaks become
// <br>.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", `\<`, ">", `\>`, "|", `\|`, "&", `\&`, "~", `\~`, "#", `\#`,
	"\r\n", "<br>", "\n", "<br>", "\r", "<br>",
)

func mdEscape(s string) string { return mdEscaper.Replace(visible(s)) }
