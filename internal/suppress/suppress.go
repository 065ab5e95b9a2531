// Package suppress applies inline suppressions, HTML comments in the
// pages that silence findings:
//
//	<!-- mdlint-disable-next-line summary-count -- the vendor page is hand-edited -->
//	| 85 | 37 | 12 | 6 | 6 | <!-- mdlint-disable-line summary-count,content-count -- reason -->
//	<!-- mdlint-disable-file broken-link -- links to a private repository -->
//
// disable-next-line covers the next line that is neither blank nor only
// comments; disable-line the line the comment starts on (also after the
// final pipe of a table row); disable-file the whole page. A finding is
// covered when it starts on that line. Rules are separated by commas and
// the reason follows " -- ".
//
// Suppressions are applied after the checks ran, to their findings.
// Problems with the comments themselves are findings too: a missing
// reason, an unknown rule or directive (suppression-syntax) and a
// suppression that silenced nothing (unused-suppression). A suppression
// is reported as unused only for rules that ran.
package suppress

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"mdlint/lint"
	"mdlint/model"
)

// Rule names of the findings about suppressions.
const (
	RuleUnused = "unused-suppression"
	RuleSyntax = "suppression-syntax"
)

// Rules describes the rule names this package reports under.
var Rules = []lint.Rule{
	{Name: RuleSyntax, Doc: "an inline suppression comment without a reason, with an unknown rule or an unknown directive", Severity: lint.Warning},
	{Name: RuleUnused, Doc: "an inline suppression comment that suppresses no finding", Severity: lint.Warning},
}

// Directive kinds.
const (
	NextLine = "mdlint-disable-next-line"
	Line     = "mdlint-disable-line"
	File     = "mdlint-disable-file"
)

// Directive is one suppression comment.
type Directive struct {
	File    string // page path
	Kind    string // NextLine, Line or File
	Rules   []string
	Reason  string
	Comment model.Comment
	// Target is the line covered (NextLine, Line); 0 for File or when
	// no line follows.
	Target int

	used map[string]bool
}

// Options tell Apply which rule names exist and which ran.
type Options struct {
	// Known reports whether a rule name exists.
	Known func(rule string) bool
	// Ran reports whether a rule ran in this run (nil: all known rules);
	// only then can a suppression of it be unused.
	Ran func(rule string) bool
	// ReadFile reads a page by its path relative to the library root
	// (nil: os.ReadFile below lib.Root). Needed to find the line a
	// disable-next-line comment covers.
	ReadFile func(path string) ([]byte, error)
}

// Apply returns diags without the suppressed findings, followed by the
// findings about the suppression comments of lib, sorted. It filters
// diags in place: the caller gives it up.
func Apply(lib *model.Library, diags []lint.Diagnostic, opts Options) []lint.Diagnostic {
	if opts.Ran == nil {
		opts.Ran = opts.Known
	}
	if opts.ReadFile == nil {
		opts.ReadFile = func(p string) ([]byte, error) {
			return os.ReadFile(filepath.Join(lib.Root, filepath.FromSlash(p)))
		}
	}
	dirs, out := Parse(lib, opts)
	if len(dirs) == 0 && len(out) == 0 {
		lint.Sort(diags)
		return diags
	}
	byFile := map[string][]*Directive{}
	for _, d := range dirs {
		byFile[d.File] = append(byFile[d.File], d)
	}
	kept := diags[:0]
	for _, d := range diags {
		if !suppressed(byFile[d.File], &d) {
			kept = append(kept, d)
		}
	}
	for _, d := range dirs {
		for _, r := range d.Rules {
			if d.used[r] || !opts.Ran(r) {
				continue
			}
			what := fmt.Sprintf("no %s finding in this page", r)
			if d.Kind != File {
				what = fmt.Sprintf("no %s finding on line %d", r, d.Target)
				if d.Target == 0 {
					what = "no line follows it"
				}
			}
			out = append(out, lint.Diagnostic{
				File: d.File, Span: d.Comment.Span, Rule: RuleUnused, Severity: lint.Warning,
				Message: fmt.Sprintf("%s %s suppresses nothing: %s; remove it", d.Kind, r, what),
				Key:     RuleUnused + "|" + d.File + "|" + d.Kind + " " + r,
			})
		}
	}
	kept = append(kept, out...)
	lint.Sort(kept)
	return kept
}

func suppressed(dirs []*Directive, d *lint.Diagnostic) bool {
	hit := false
	for _, s := range dirs {
		if s.Kind != File && (s.Target == 0 || int(d.Span.Start.Line) != s.Target) {
			continue
		}
		for _, r := range s.Rules {
			if r == d.Rule {
				s.used[r] = true
				hit = true
			}
		}
	}
	return hit
}

// Parse reads the suppression comments of every page of lib. It returns
// the valid directives (with the known rules they name) and the
// suppression-syntax findings.
func Parse(lib *model.Library, opts Options) ([]*Directive, []lint.Diagnostic) {
	var dirs []*Directive
	var diags []lint.Diagnostic
	for _, p := range lib.Pages {
		var src []byte
		loaded := false
		for _, c := range p.Comments {
			if !strings.HasPrefix(c.Text, "mdlint-") {
				continue
			}
			d, problems := parseComment(p.Path, c, opts.Known)
			for _, msg := range problems {
				diags = append(diags, lint.Diagnostic{
					File: p.Path, Span: c.Span, Rule: RuleSyntax, Severity: lint.Warning,
					Message: msg, Key: RuleSyntax + "|" + p.Path + "|" + msg,
				})
			}
			if d == nil {
				continue
			}
			switch d.Kind {
			case Line:
				d.Target = int(c.Span.Start.Line)
			case NextLine:
				if !loaded {
					src, _ = opts.ReadFile(p.Path)
					loaded = true
				}
				d.Target = nextLine(src, p.Comments, int(c.Span.End.Line))
			}
			dirs = append(dirs, d)
		}
	}
	return dirs, diags
}

// parseComment reads "mdlint-KIND RULE[,RULE] -- reason". It returns the
// directive (nil when it cannot apply) and the problems found.
func parseComment(file string, c model.Comment, known func(string) bool) (*Directive, []string) {
	text := c.Text
	kind, rest, _ := strings.Cut(text, " ")
	if i := strings.IndexAny(kind, "\t\r\n"); i >= 0 {
		kind, rest = kind[:i], kind[i+1:]+" "+rest
	}
	switch kind {
	case NextLine, Line, File:
	default:
		return nil, []string{fmt.Sprintf("unknown directive %s; want %s, %s or %s", kind, NextLine, Line, File)}
	}
	var problems []string
	names, reason, hasSep := strings.Cut(rest, "--")
	reason = strings.Join(strings.Fields(reason), " ")
	d := &Directive{File: file, Kind: kind, Reason: reason, Comment: c, used: map[string]bool{}}
	fields := strings.FieldsFunc(names, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\r' || r == '\n' })
	if len(fields) == 0 {
		return nil, []string{fmt.Sprintf("%s names no rule; write <!-- %s RULE -- reason -->", kind, kind)}
	}
	seen := map[string]bool{}
	for _, r := range fields {
		switch {
		case r == RuleUnused || r == RuleSyntax:
			problems = append(problems, fmt.Sprintf("%s cannot be suppressed inline; turn it off in .mdlint.yaml", r))
		case !known(r):
			problems = append(problems, fmt.Sprintf("%s names unknown rule %q (see mdlint rules)", kind, r))
		case !seen[r]:
			seen[r] = true
			d.Rules = append(d.Rules, r)
		}
	}
	if !hasSep || reason == "" {
		problems = append(problems, fmt.Sprintf("%s %s has no reason; add one after \" -- \"", kind, strings.Join(fields, ",")))
	}
	if len(d.Rules) == 0 {
		return nil, problems
	}
	return d, problems
}

// nextLine returns the first line after line `after` that holds
// something besides white space and comments, or 0.
func nextLine(src []byte, comments []model.Comment, after int) int {
	if src == nil {
		return 0
	}
	lines := model.NewLines(src)
	if after >= lines.Count() {
		return 0
	}
	starts := make([]model.Comment, len(comments))
	copy(starts, comments)
	sort.Slice(starts, func(i, j int) bool { return starts[i].Span.Start.Offset < starts[j].Span.Start.Offset })
	i := lines.LineStart(after + 1)
	for i < len(src) {
		switch c := src[i]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			i++
		case bytes.HasPrefix(src[i:], []byte("<!--")):
			k := sort.Search(len(starts), func(k int) bool { return int(starts[k].Span.Start.Offset) >= i })
			if k == len(starts) || int(starts[k].Span.Start.Offset) != i {
				return int(lines.Pos(i).Line) // an unclosed comment is text
			}
			i = int(starts[k].Span.End.Offset)
		default:
			return int(lines.Pos(i).Line)
		}
	}
	return 0
}
