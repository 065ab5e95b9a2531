// Package linttest runs checks on a fixture library and compares their
// findings with the expectations written in the pages:
//
//	| 85 | 37 | 12 | 6 | 6 | <!-- want: summary-count `85 rules` -->
//
// A want comment after other text on a line expects a finding of that
// rule on that line, whose message contains each back-quoted string. A
// want comment alone on its line applies to the next non-blank line.
// Several rules may be listed, separated by commas. Every expectation
// must be met and every finding expected; a fixture library without any
// expectation is an error, so a check that never fires cannot pass.
package linttest

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"mdlint/lint"
	"mdlint/model"
	"mdlint/parser"
)

// Want is one expectation.
type Want struct {
	File  string
	Line  int
	Rule  string
	Texts []string
	met   bool
}

// Load loads the fixture library at dir or fails the test.
func Load(t testing.TB, dir string) *model.Library {
	t.Helper()
	lib, err := parser.LoadLibrary(dir, parser.Options{})
	if err != nil {
		t.Fatalf("load fixture %s: %v", dir, err)
	}
	return lib
}

// Wants reads the expectations of every page of lib.
func Wants(lib *model.Library) []*Want {
	var out []*Want
	for _, p := range lib.Pages {
		for _, c := range p.Comments {
			body, ok := strings.CutPrefix(c.Text, "want:")
			if !ok {
				continue
			}
			line := int(c.Span.Start.Line)
			if c.Span.Start.Col == 1 {
				line = nextContentLine(lib.Root, p.Path, int(c.Span.End.Line))
			}
			for _, w := range parseWant(body) {
				w.File, w.Line = p.Path, line
				out = append(out, w)
			}
		}
	}
	return out
}

// parseWant reads "rule `text` `text`, rule2".
func parseWant(body string) []*Want {
	var out []*Want
	for _, part := range splitOutsideTicks(body) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		w := &Want{}
		name, rest, _ := strings.Cut(part, " ")
		w.Rule = strings.TrimSpace(name)
		for {
			i := strings.IndexByte(rest, '`')
			if i < 0 {
				break
			}
			j := strings.IndexByte(rest[i+1:], '`')
			if j < 0 {
				break
			}
			w.Texts = append(w.Texts, rest[i+1:i+1+j])
			rest = rest[i+2+j:]
		}
		out = append(out, w)
	}
	return out
}

func splitOutsideTicks(s string) []string {
	var out []string
	in := false
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '`':
			in = !in
		case ',':
			if !in {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

func nextContentLine(root, p string, after int) int {
	src, _ := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
	lines := strings.Split(string(src), "\n")
	for i := after; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "" {
			return i + 1
		}
	}
	return after
}

// Run loads dir, runs the checks and compares findings of those checks'
// rules (and of the extra rules named) with the expectations.
func Run(t *testing.T, dir string, checks ...*lint.Check) []lint.Diagnostic {
	t.Helper()
	lib := Load(t, dir)
	diags := lint.Run(lib, checks)
	Compare(t, lib, diags, checks)
	return diags
}

// Compare matches diags against the wants of lib.
func Compare(t *testing.T, lib *model.Library, diags []lint.Diagnostic, checks []*lint.Check) {
	t.Helper()
	rules := map[string]bool{}
	for _, c := range checks {
		for _, r := range c.Rules() {
			rules[r.Name] = true
		}
	}
	wants := Wants(lib)
	relevant := 0
	for _, w := range wants {
		if rules[w.Rule] {
			relevant++
		}
	}
	if relevant == 0 {
		t.Fatalf("fixture %s has no want comment for %v: a fixture must show the checks firing", lib.Root, names(checks))
	}
	var problems []string
	for _, d := range diags {
		if !rules[d.Rule] {
			continue
		}
		matched := false
		for _, w := range wants {
			if w.met || w.Rule != d.Rule || w.File != d.File || w.Line != int(d.Span.Start.Line) {
				continue
			}
			ok := true
			for _, tx := range w.Texts {
				if !strings.Contains(d.Message, tx) {
					ok = false
				}
			}
			if ok {
				w.met, matched = true, true
				break
			}
		}
		if !matched {
			problems = append(problems, fmt.Sprintf("unexpected finding %s:%d:%d: %s: %s", d.File, d.Span.Start.Line, d.Span.Start.Col, d.Rule, d.Message))
		}
	}
	for _, w := range wants {
		if rules[w.Rule] && !w.met {
			problems = append(problems, fmt.Sprintf("missing finding %s:%d: %s %q", w.File, w.Line, w.Rule, w.Texts))
		}
	}
	sort.Strings(problems)
	for _, p := range problems {
		t.Error(p)
	}
}

func names(cs []*lint.Check) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}
