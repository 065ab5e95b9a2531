package suppress

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mdlint/internal/checks"
	"mdlint/lint"
	"mdlint/lint/linttest"
	"mdlint/model"
	"mdlint/parser"
)

func known(rules ...string) func(string) bool {
	m := map[string]bool{}
	for _, r := range rules {
		m[r] = true
	}
	return func(r string) bool { return m[r] }
}

// runFixture runs real checks on a fixture library, applies the
// suppressions and compares with the wants of the checks' rules and of
// the named suppression rules.
func runFixture(t *testing.T, dir string, meta []string, cs ...*lint.Check) []lint.Diagnostic {
	t.Helper()
	lib := linttest.Load(t, dir)
	var all []string
	for _, r := range checks.Rules(checks.Options{}) {
		all = append(all, r.Name)
	}
	for _, r := range Rules {
		all = append(all, r.Name)
	}
	var ran []string
	for _, c := range cs {
		for _, r := range c.Rules() {
			ran = append(ran, r.Name)
		}
	}
	diags := Apply(lib, lint.Run(lib, cs), Options{Known: known(all...), Ran: known(ran...)})
	metaCheck := &lint.Check{Name: meta[0]}
	for _, m := range meta[1:] {
		metaCheck.Also = append(metaCheck.Also, lint.Rule{Name: m})
	}
	linttest.Compare(t, lib, diags, append(cs, metaCheck))
	return diags
}

func TestUnusedSuppressionFixture(t *testing.T) {
	runFixture(t, "../../testdata/rules/unused-suppression", []string{RuleUnused, RuleSyntax},
		checks.SummaryCount, checks.ContentCount, checks.BrokenLink)
}

func TestSuppressionSyntaxFixture(t *testing.T) {
	runFixture(t, "../../testdata/rules/suppression-syntax", []string{RuleSyntax},
		checks.SummaryCount, checks.ContentCount, checks.BrokenLink)
}

// page builds a one-page library from src, keeping the source for
// disable-next-line.
func page(t *testing.T, src string) *model.Library {
	t.Helper()
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "p.md"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	lib, err := parser.LoadLibrary(root, parser.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

func at(rule string, line int32) lint.Diagnostic {
	return lint.Diagnostic{File: "p.md", Rule: rule, Severity: lint.Error, Message: "m",
		Span: model.Span{Start: model.Pos{Line: line, Col: 1}, End: model.Pos{Line: line, Col: 2}}}
}

func summarize(ds []lint.Diagnostic) string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Rule+"@"+itoa(int(d.Span.Start.Line))+": "+d.Message)
	}
	return strings.Join(out, "\n")
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

func TestApply(t *testing.T) {
	src := strings.Join([]string{
		"# Title", // 1
		"<!-- mdlint-disable-next-line a -- reason one -->", // 2
		"", // 3
		"<!-- other comment --> <!-- another -->", // 4
		"text a b", // 5: covered by line 2
		"| x | y | <!-- mdlint-disable-line a,b -- table row -->", // 6: a used, b unused
		"| z | w |", // 7
		"<!-- mdlint-disable-file c -- whole page -->",                                       // 8
		"<!-- mdlint-disable-next-line b\n  -- a reason on the next line of the comment -->", // 9-10
		"text b",                         // 11
		"<!-- mdlint-disable-line a -->", // 12: no reason, unused
		"<!-- mdlint-disable-next-line a -- nothing follows -->", // 13
	}, "\n")
	lib := page(t, src)
	diags := []lint.Diagnostic{at("a", 5), at("b", 5), at("a", 6), at("a", 7), at("c", 1), at("c", 11), at("b", 11), {Rule: "a", Message: "run"}}
	got := Apply(lib, diags, Options{Known: known("a", "b", "c")})
	want := strings.Join([]string{
		"a@0: run",
		"b@5: m",
		"unused-suppression@6: mdlint-disable-line b suppresses nothing: no b finding on line 6; remove it",
		"a@7: m",
		"suppression-syntax@12: mdlint-disable-line a has no reason; add one after \" -- \"",
		"unused-suppression@12: mdlint-disable-line a suppresses nothing: no a finding on line 12; remove it",
		"unused-suppression@13: mdlint-disable-next-line a suppresses nothing: no line follows it; remove it",
	}, "\n")
	if s := summarize(got); s != want {
		t.Errorf("got\n%s\nwant\n%s", s, want)
	}
	for _, d := range got {
		if strings.ContainsAny(strings.TrimPrefix(d.Key, d.Rule), "0123456789") {
			t.Errorf("key %q holds a number (a line?)", d.Key)
		}
		if d.Rule == RuleUnused && d.Severity != lint.Warning {
			t.Errorf("%s severity %v", d.Rule, d.Severity)
		}
	}
	// A rule that did not run is never reported as unused.
	got = Apply(lib, nil, Options{Known: known("a", "b", "c"), Ran: known("c")})
	for _, d := range got {
		if d.Rule == RuleUnused && !strings.Contains(d.Message, " c ") {
			t.Errorf("unused reported for a rule that did not run: %s", d.Message)
		}
	}
}

func TestParseComment(t *testing.T) {
	k := known("summary-count", "broken-link")
	for _, tc := range []struct {
		text      string
		rules     string
		reason    string
		problems  string
		directive bool
	}{
		{"mdlint-disable-line summary-count -- why", "summary-count", "why", "", true},
		{"mdlint-disable-line summary-count,broken-link -- why not", "summary-count,broken-link", "why not", "", true},
		{"mdlint-disable-line summary-count , broken-link,summary-count --why", "summary-count,broken-link", "why", "", true},
		{"mdlint-disable-file summary-count --", "summary-count", "", "mdlint-disable-file summary-count has no reason", true},
		{"mdlint-disable-file nope, summary-count -- r", "summary-count", "r", `mdlint-disable-file names unknown rule "nope"`, true},
		{"mdlint-disable-file nope -- r", "", "", `mdlint-disable-file names unknown rule "nope"`, false},
		{"mdlint-enable summary-count", "", "", "unknown directive mdlint-enable;", false},
		{"mdlint-disable-next-line\t-- r", "", "", "mdlint-disable-next-line names no rule", false},
		{"mdlint-disable-file suppression-syntax -- r", "", "", "suppression-syntax cannot be suppressed inline", false},
	} {
		d, problems := parseComment("p.md", model.Comment{Text: tc.text}, k)
		if (d != nil) != tc.directive {
			t.Errorf("%q: directive %v", tc.text, d)
			continue
		}
		if d != nil && (strings.Join(d.Rules, ",") != tc.rules || d.Reason != tc.reason) {
			t.Errorf("%q: rules %q reason %q", tc.text, d.Rules, d.Reason)
		}
		if p := strings.Join(problems, "; "); !strings.HasPrefix(p, tc.problems) || (tc.problems == "") != (p == "") {
			t.Errorf("%q: problems %q, want %q", tc.text, p, tc.problems)
		}
	}
}

func TestNextLineSkipsComments(t *testing.T) {
	src := "<!-- mdlint-disable-next-line a -- r -->\n\n<!-- a comment\nover lines -->  <!-- x -->\n\n  text\n"
	lib := page(t, src)
	got := Apply(lib, []lint.Diagnostic{at("a", 6)}, Options{Known: known("a")})
	if len(got) != 0 {
		t.Errorf("want the finding on line 6 suppressed, got\n%s", summarize(got))
	}
	got = Apply(lib, []lint.Diagnostic{at("a", 4)}, Options{Known: known("a")})
	if s := summarize(got); !strings.Contains(s, "a@4: m") || !strings.Contains(s, "no a finding on line 6") {
		t.Errorf("got\n%s", s)
	}
}
