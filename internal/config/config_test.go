package config

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mdlint/lint"
)

var testSchema = Schema{
	Checks: []*lint.Check{
		{Name: "summary-count", Severity: lint.Error, Also: []lint.Rule{{Name: "count-substring-dedupe", Severity: lint.Warning}}},
		{Name: "content-count", Severity: lint.Error, Also: []lint.Rule{{Name: "count-substring-dedupe", Severity: lint.Warning}}},
		{Name: "broken-link", Severity: lint.Error},
		{Name: "unknown-page", Severity: lint.Info},
	},
	Extra: []lint.Rule{{Name: "unused-suppression", Severity: lint.Warning}},
}

func parse(t *testing.T, src string) (*Config, error) {
	t.Helper()
	return Parse(".mdlint.yaml", []byte(src), t.TempDir(), testSchema)
}

func TestParseFull(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "attack.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := `
rules:
  summary-count: off
  content-count: true
  count-substring-dedupe: info
  broken-link:
    enabled: true
    severity: warning
    options: {}
  unknown-page: {enabled: false}
ignore:
  - "DS/Legacy/**"
  - ./ParsersLegacy
exclude:
  - paths: ["DS/Acme/**"]
    rules: [broken-link, unused-suppression]
  - paths: README.md
    rules: unknown-page
attack-data: attack.json
fail-level: warning
quiet: true
color: never
`
	c, err := Parse("x.yaml", []byte(src), dir, testSchema)
	if err != nil {
		t.Fatal(err)
	}
	if c.On("summary-count") || !c.On("content-count") || c.On("unknown-page") || !c.On("broken-link") {
		t.Errorf("enabled wrong: %+v", c.Rules)
	}
	if s, ok := c.SeverityOf("count-substring-dedupe"); !ok || s != lint.Info {
		t.Errorf("dedupe severity = %v %v", s, ok)
	}
	if s, ok := c.SeverityOf("broken-link"); !ok || s != lint.Warning {
		t.Errorf("broken-link severity = %v %v", s, ok)
	}
	if _, ok := c.SeverityOf("summary-count"); ok {
		t.Error("summary-count has a severity override")
	}
	if strings.Join(c.Ignore, ",") != "DS/Legacy/**,ParsersLegacy" {
		t.Errorf("ignore = %q", c.Ignore)
	}
	if len(c.Exclude) != 2 || strings.Join(c.Exclude[0].Rules, ",") != "broken-link,unused-suppression" || c.Exclude[1].Paths[0] != "README.md" {
		t.Errorf("exclude = %+v", c.Exclude)
	}
	if c.AttackDataPath() != filepath.Join(dir, "attack.json") {
		t.Errorf("attack data = %q", c.AttackDataPath())
	}
	if c.FailLevel != lint.Warning || c.Quiet == nil || !*c.Quiet || c.Color != "never" {
		t.Errorf("output settings: %v %v %q", c.FailLevel, c.Quiet, c.Color)
	}
	m, err := c.Matcher(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		rule, file string
		ignored    bool
		excluded   bool
	}{
		{"broken-link", "DS/Legacy/x/ds_a.md", true, false},
		{"broken-link", "ParsersLegacy/p.md", true, false},
		{"broken-link", "ParsersLegacyX.md", false, false},
		{"broken-link", "DS/Acme/acme_edr/ds_acme.md", false, true},
		{"summary-count", "DS/Acme/acme_edr/ds_acme.md", false, false},
		{"unknown-page", "README.md", false, true},
		{"unknown-page", "DS/README.md", false, false},
	} {
		if got := m.Ignored(tc.file); got != tc.ignored {
			t.Errorf("Ignored(%s) = %v", tc.file, got)
		}
		if got := m.Excluded(tc.rule, tc.file); got != tc.excluded {
			t.Errorf("Excluded(%s, %s) = %v", tc.rule, tc.file, got)
		}
	}
}

func TestEmptyAndOptions(t *testing.T) {
	for _, src := range []string{"", "# nothing\n", "~\n", "rules: {}\n", "rules:\n  broken-link:\n    options: {}\n"} {
		if _, err := parse(t, src); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"rulez: {}\n", `.mdlint.yaml:1:1: unknown key "rulez"`},
		{"rules:\n  sumary-count: off\n", `.mdlint.yaml:2:3: rules: unknown rule "sumary-count"; did you mean summary-count?`},
		{"rules:\n  broken-link: loud\n", `.mdlint.yaml:2:16: rules.broken-link: want on, off, true, false, error, warning, info or a mapping, got "loud"`},
		{"rules:\n  broken-link:\n    severity: fatal\n", `.mdlint.yaml:3:15: rules.broken-link.severity: unknown severity "fatal"`},
		{"rules:\n  broken-link:\n    enabled: yes\n", `.mdlint.yaml:3:14: rules.broken-link.enabled: want true or false, got "yes"`},
		{"rules:\n  broken-link:\n    enable: true\n", `.mdlint.yaml:3:5: rules.broken-link: unknown key "enable"`},
		{"rules:\n  broken-link:\n    options: {depth: 2}\n", `.mdlint.yaml:3:15: rules.broken-link.options: rule broken-link takes no options, got "depth"`},
		{"rules:\n  broken-link:\n    options: [1]\n", `.mdlint.yaml:3:14: rules.broken-link.options: want a mapping, got a list`},
		{"rules:\n  broken-link: off\n  broken-link: on\n", `.mdlint.yaml:3:3: rules: duplicate key "broken-link"`},
		{"ignore: [\"DS/[a\"]\n", `.mdlint.yaml:1:10: ignore: invalid glob "DS/[a"`},
		{"ignore: [/abs/**]\n", `.mdlint.yaml:1:10: ignore: glob "/abs/**" must be relative`},
		{"exclude:\n  - paths: [a]\n", `.mdlint.yaml:2:5: exclude: an entry needs both paths and rules`},
		{"exclude:\n  - paths: [a]\n    rules: [nope]\n", `.mdlint.yaml:3:13: exclude.rules: unknown rule "nope"`},
		{"exclude:\n  - paths: [a]\n    rule: [broken-link]\n", `.mdlint.yaml:3:5: exclude: unknown key "rule"`},
		{"exclude: {paths: [a]}\n", `.mdlint.yaml:1:10: exclude: want a list`},
		{"attack-data: missing.json\n", `.mdlint.yaml:1:14: attack-data: `},
		{"fail-level: high\n", `.mdlint.yaml:1:13: fail-level: unknown severity "high"`},
		{"quiet: 1\n", `.mdlint.yaml:1:8: quiet: want true or false, got "1"`},
		{"color: blue\n", `.mdlint.yaml:1:8: color: want auto, always or never, got "blue"`},
		{"rules: [a\n", `.mdlint.yaml:1: invalid YAML: `},
		{"- a\n", `.mdlint.yaml:1:1: configuration: want a mapping, got a list`},
	} {
		_, err := parse(t, tc.src)
		if err == nil {
			t.Errorf("%q: no error, want %s", tc.src, tc.want)
			continue
		}
		var es Errors
		if !errors.As(err, &es) {
			t.Errorf("%q: error %T is not Errors", tc.src, err)
		}
		if !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q:\n got %s\nwant %s...", tc.src, err, tc.want)
		}
	}
}

func TestSeveralErrors(t *testing.T) {
	_, err := parse(t, "rules:\n  nope: off\n  broken-link: loud\nfoo: 1\n")
	if err == nil || strings.Count(err.Error(), "\n") != 2 {
		t.Fatalf("want three errors, got %v", err)
	}
}

func TestFind(t *testing.T) {
	top := t.TempDir()
	repo := filepath.Join(top, "repo")
	lib := filepath.Join(repo, "docs", "library")
	if err := os.MkdirAll(lib, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(p, s string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Above the repository root: never found.
	write(filepath.Join(top, ".mdlint.yaml"), "")
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if f, err := Find(lib); err != nil || f != "" {
		t.Errorf("Find = %q, %v; want none", f, err)
	}
	write(filepath.Join(repo, ".mdlint.yml"), "")
	if f, _ := Find(lib); f != filepath.Join(repo, ".mdlint.yml") {
		t.Errorf("Find = %q, want the repository's", f)
	}
	write(filepath.Join(repo, "docs", ".mdlint.yaml"), "")
	if f, _ := Find(lib); f != filepath.Join(repo, "docs", ".mdlint.yaml") {
		t.Errorf("Find = %q, want the nearest", f)
	}
}

func TestMatcherBase(t *testing.T) {
	repo := t.TempDir()
	c, err := Parse("c.yaml", []byte("ignore: [docs/DS/Legacy]\nexclude:\n  - paths: ['docs/*.md']\n    rules: [unknown-page]\n"), repo, testSchema)
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.Matcher(filepath.Join(repo, "docs"))
	if err != nil {
		t.Fatal(err)
	}
	if !m.Ignored("DS/Legacy/a/b.md") || m.Ignored("DS/New/a.md") {
		t.Error("ignore relative to the config folder")
	}
	if !m.Excluded("unknown-page", "README.md") || m.Excluded("unknown-page", "DS/README.md") {
		t.Error("exclude relative to the config folder")
	}
}

// Drops answers as Ignored and Excluded do, whatever the order of the
// files and rules it is asked about (it remembers the last file's).
func TestMatcherDrops(t *testing.T) {
	repo := t.TempDir()
	for _, yaml := range []string{
		"ignore: [docs/DS/Legacy]\nexclude:\n  - paths: ['docs/*.md', 'docs/RM/**']\n    rules: [unknown-page, broken-link]\n",
		"ignore: ['**/*.draft.md']\n",
		"exclude:\n  - paths: ['docs/RM/**']\n    rules: [broken-link]\n",
		"",
	} {
		c, err := Parse("c.yaml", []byte(yaml), repo, testSchema)
		if err != nil {
			t.Fatal(err)
		}
		m, err := c.Matcher(filepath.Join(repo, "docs"))
		if err != nil {
			t.Fatal(err)
		}
		files := []string{"README.md", "README.md", "DS/Legacy/a/b.md", "RM/r.md", "RM/r.md", "", "x.draft.md", "README.md", "DS/New/a.md", "RM/r.md",
			"DS/Legacy/a/c.md", "DS/Legacy/b.md", "DS/LegacyX/a.md", "RM/deep/er/r.draft.md", "RM/deep/er/s.md", "DS/Legacy/a/b.md"}
		for i, f := range files {
			for _, r := range []string{"unknown-page", "broken-link", "summary-count", "broken-link"} {
				want := m.Ignored(f) || m.Excluded(r, f)
				if got := m.Drops(r, f); got != want {
					t.Errorf("%q: Drops(%s, %q) = %v at %d, want %v", yaml, r, f, got, i, want)
				}
			}
		}
	}
}

func TestApply(t *testing.T) {
	on := func(c *Config) string {
		var out []string
		for _, r := range testSchema.Rules() {
			if c.On(r.Name) {
				out = append(out, r.Name)
			}
		}
		return strings.Join(out, ",")
	}
	for _, tc := range []struct {
		file             string
		enable, disable  string
		want, wantChecks string
	}{
		{"", "", "", "broken-link,content-count,count-substring-dedupe,summary-count,unknown-page,unused-suppression", "summary-count,content-count,broken-link,unknown-page"},
		{"", "summary-count", "", "count-substring-dedupe,summary-count", "summary-count,content-count"},
		{"", "count-substring-dedupe", "", "count-substring-dedupe", "summary-count,content-count"},
		{"", "", "count-substring-dedupe", "broken-link,content-count,summary-count,unknown-page,unused-suppression", "summary-count,content-count,broken-link,unknown-page"},
		{"", "", "summary-count,content-count", "broken-link,count-substring-dedupe,unknown-page,unused-suppression", "summary-count,content-count,broken-link,unknown-page"},
		{"rules: {count-substring-dedupe: off}", "summary-count", "", "summary-count", "summary-count"},
		{"rules: {count-substring-dedupe: off, broken-link: off}", "count-substring-dedupe,broken-link", "", "broken-link,count-substring-dedupe", "summary-count,content-count,broken-link"},
		{"rules: {broken-link: off, unknown-page: false}", "", "unused-suppression", "content-count,count-substring-dedupe,summary-count", "summary-count,content-count"},
		// glob patterns name every rule they match
		{"", "", "*-count", "broken-link,count-substring-dedupe,unknown-page,unused-suppression", "summary-count,content-count,broken-link,unknown-page"},
		{"", "summary-*,b*", "", "broken-link,count-substring-dedupe,summary-count", "summary-count,content-count,broken-link"},
	} {
		c, err := parse(t, tc.file)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Apply(testSchema, Overrides{Enable: SplitList(tc.enable), Disable: SplitList(tc.disable)}); err != nil {
			t.Fatal(err)
		}
		if got := on(c); got != tc.want {
			t.Errorf("%q --enable %q --disable %q:\n got %s\nwant %s", tc.file, tc.enable, tc.disable, got, tc.want)
		}
		var names []string
		for _, ch := range c.Checks(testSchema.Checks) {
			names = append(names, ch.Name)
		}
		if got := strings.Join(names, ","); got != tc.wantChecks {
			t.Errorf("%q --enable %q --disable %q: checks %s, want %s", tc.file, tc.enable, tc.disable, got, tc.wantChecks)
		}
	}
	c, _ := parse(t, "")
	var ue *UnknownRuleError
	if err := c.Apply(testSchema, Overrides{Disable: []string{"nope"}}); !errors.As(err, &ue) {
		t.Errorf("unknown --disable name: %v", err)
	}
	if err := c.Apply(testSchema, Overrides{Disable: []string{"attack-*"}}); err == nil || !strings.Contains(err.Error(), `no rule matches "attack-*"`) {
		t.Errorf("a pattern that matches nothing: %v", err)
	}
	if err := c.Apply(testSchema, Overrides{Enable: []string{"summary-["}}); err == nil || !strings.Contains(err.Error(), "bad pattern") {
		t.Errorf("a malformed pattern: %v", err)
	}
	if err := c.Apply(testSchema, Overrides{FailLevel: "fatal"}); err == nil {
		t.Error("bad --fail-level accepted")
	}
	if err := c.Apply(testSchema, Overrides{Color: "blue"}); err == nil {
		t.Error("bad --color accepted")
	}
}

func TestApplyPrecedence(t *testing.T) {
	c, err := parse(t, "fail-level: warning\ncolor: never\nquiet: true\n")
	if err != nil {
		t.Fatal(err)
	}
	f := false
	if err := c.Apply(testSchema, Overrides{FailLevel: "info", Color: "always", Quiet: &f}); err != nil {
		t.Fatal(err)
	}
	if c.FailLevel != lint.Info || c.Color != "always" || *c.Quiet {
		t.Errorf("flags do not override the file: %v %q %v", c.FailLevel, c.Color, *c.Quiet)
	}
	c, _ = parse(t, "fail-level: warning\n")
	if err := c.Apply(testSchema, Overrides{}); err != nil {
		t.Fatal(err)
	}
	if c.FailLevel != lint.Warning || c.Color != "auto" || *c.Quiet {
		t.Errorf("file settings lost: %v %q %v", c.FailLevel, c.Color, *c.Quiet)
	}
}

func TestPrintRoundTrip(t *testing.T) {
	dir := t.TempDir()
	src := "rules:\n  summary-count: off\n  broken-link: warning\nignore: [DS/Legacy/**]\nexclude:\n  - paths: [a/**]\n    rules: [unknown-page]\nfail-level: warning\n"
	c, err := Parse("c.yaml", []byte(src), dir, testSchema)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Apply(testSchema, Overrides{Disable: []string{"unused-suppression"}}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := c.Print(&buf, testSchema); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"  summary-count: {enabled: false, severity: error}\n",
		"  broken-link: {enabled: true, severity: warning}\n",
		"  unused-suppression: {enabled: false, severity: warning}\n",
		"  count-substring-dedupe: {enabled: true, severity: warning}\n",
		"ignore:\n  - DS/Legacy/**\n",
		"fail-level: warning\n",
		"attack-data: null",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("print lacks %q:\n%s", want, out)
		}
	}
	c2, err := Parse("printed.yaml", buf.Bytes(), dir, testSchema)
	if err != nil {
		t.Fatalf("printed config does not load: %v\n%s", err, out)
	}
	if err := c2.Apply(testSchema, Overrides{}); err != nil {
		t.Fatal(err)
	}
	var buf2 bytes.Buffer
	if err := c2.Print(&buf2, testSchema); err != nil {
		t.Fatal(err)
	}
	strip := func(s string) string { return s[strings.Index(s, "rules:"):] }
	if strip(buf2.String()) != strip(out) {
		t.Errorf("round trip differs:\n%s\n---\n%s", out, buf2.String())
	}
}
