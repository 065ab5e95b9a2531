package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// snippets returns the code blocks of the README's "Three ways to run
// it" section, by the name of the "<!-- snippet: NAME" comment before
// them, or by their language when they have none.
func snippets(t *testing.T) map[string]string {
	t.Helper()
	readme := read(t, filepath.Join("..", "..", "README.md"))
	i := strings.Index(readme, "\n## Three ways to run it\n")
	if i < 0 {
		t.Fatal("README has no \"Three ways to run it\" section")
	}
	sec := readme[i+1:]
	if j := strings.Index(sec[3:], "\n## "); j >= 0 {
		sec = sec[:j+3]
	}
	out := map[string]string{}
	name := ""
	lines := strings.Split(sec, "\n")
	for k := 0; k < len(lines); k++ {
		l := lines[k]
		if m := regexp.MustCompile(`^<!-- snippet: ([\w-]+)`).FindStringSubmatch(l); m != nil {
			name = m[1]
			continue
		}
		if lang, ok := strings.CutPrefix(l, "```"); ok && lang != "" {
			var body []string
			for k++; k < len(lines) && lines[k] != "```"; k++ {
				body = append(body, lines[k])
			}
			if name == "" {
				name = lang
			}
			out[name] = strings.Join(body, "\n") + "\n"
			name = ""
		}
	}
	return out
}

// TestREADMESnippets runs the README's command lines on a copy of the
// example library with the README's .mdlint.yaml, and checks that its
// suppressions, pre-commit and workflow snippets fit the code.
func TestREADMESnippets(t *testing.T) {
	sn := snippets(t)
	for _, n := range []string{"cli", "mdlint-yaml", "markdown", "pre-commit-config", "workflow"} {
		if sn[n] == "" {
			t.Fatalf("README snippet %q not found (have %v)", n, keys(sn))
		}
	}
	dir := repo(t)
	write(t, filepath.Join(dir, ".mdlint.yaml"), sn["mdlint-yaml"])
	ran := 0
	for _, line := range strings.Split(sn["cli"], "\n") {
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		args := strings.Fields(line)
		if len(args) == 0 {
			continue
		}
		if args[0] != "mdlint" {
			t.Errorf("README command %q does not start with mdlint", line)
			continue
		}
		r := mdlint(t, dir, nil, args[1:]...)
		if r.code != ExitClean {
			t.Errorf("README command %q on the clean example library: %s", line, r)
		}
		if args[1] == "config" && !strings.Contains(r.stdout, "unknown-page: {enabled: false, severity: info}") {
			t.Errorf("config print does not show the README's .mdlint.yaml:\n%s", r.stdout)
		}
		ran++
	}
	if ran < 5 {
		t.Errorf("only %d README commands ran", ran)
	}
	for _, f := range []string{"mdlint.sarif", ".mdlint-baseline.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("README commands did not write %s: %v", f, err)
		}
	}

	// The suppression examples are valid: in a page where they suppress
	// nothing, each is reported as unused and none as malformed.
	// (a table row needs its table around it)
	var page strings.Builder
	page.WriteString("# Notes\n\n")
	for _, l := range strings.Split(sn["markdown"], "\n") {
		if strings.HasPrefix(l, "|") {
			cells := strings.Count(strings.Split(l, "<!--")[0], "|") - 1
			page.WriteString(strings.Repeat("| x ", cells) + "|\n" + strings.Repeat("| --- ", cells) + "|\n" + l + "\n\n")
			continue
		}
		page.WriteString(l + "\n")
	}
	write(t, filepath.Join(dir, "docs", "notes.md"), page.String())
	r := mdlint(t, dir, nil, "--format", "json", "docs")
	var js struct {
		Diagnostics []struct{ File, Rule, Message string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &js); err != nil {
		t.Fatalf("%v\n%s", err, r)
	}
	unused := 0
	for _, d := range js.Diagnostics {
		switch {
		case d.Rule == "unused-suppression" && d.File == "notes.md":
			unused++
		default:
			t.Errorf("README suppression example: %+v", d)
		}
	}
	if unused != 3 {
		t.Errorf("want 3 unused suppressions from the README example, got %d", unused)
	}

	// The pre-commit snippet names hooks that .pre-commit-hooks.yaml has.
	var hooks []struct {
		ID, Entry, Language, Files string
		PassFilenames              bool `yaml:"pass_filenames"`
	}
	if err := yaml.Unmarshal([]byte(read(t, filepath.Join("..", "..", ".pre-commit-hooks.yaml"))), &hooks); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, h := range hooks {
		ids[h.ID] = true
		if h.Language != "golang" || h.Files != `\.md$` || !h.PassFilenames || !strings.HasPrefix(h.Entry, "mdlint") {
			t.Errorf(".pre-commit-hooks.yaml: %+v", h)
		}
	}
	if !ids["mdlint"] || !ids["mdlint-fix"] {
		t.Errorf(".pre-commit-hooks.yaml hooks: %v", ids)
	}
	var pc struct {
		Repos []struct {
			Repo, Rev string
			Hooks     []struct{ ID string }
		}
	}
	if err := yaml.Unmarshal([]byte(sn["pre-commit-config"]), &pc); err != nil {
		t.Fatal(err)
	}
	if len(pc.Repos) != 1 || len(pc.Repos[0].Hooks) == 0 {
		t.Fatalf("pre-commit snippet: %+v", pc)
	}
	for _, h := range pc.Repos[0].Hooks {
		if !ids[h.ID] {
			t.Errorf("pre-commit snippet names hook %q that .pre-commit-hooks.yaml lacks", h.ID)
		}
	}

	// The workflow snippets use only inputs that action.yml declares.
	var action struct{ Inputs map[string]any }
	if err := yaml.Unmarshal([]byte(read(t, filepath.Join("..", "..", "action.yml"))), &action); err != nil {
		t.Fatal(err)
	}
	for _, wf := range []string{sn["workflow"], docWorkflow(t)} {
		var w struct {
			Jobs map[string]struct {
				Steps []struct {
					Uses string
					With map[string]any
				}
			}
		}
		if err := yaml.Unmarshal([]byte(wf), &w); err != nil {
			t.Fatal(err)
		}
		used := false
		for _, j := range w.Jobs {
			for _, s := range j.Steps {
				if !strings.HasPrefix(s.Uses, "mdlint/mdlint@") {
					continue
				}
				used = true
				for k := range s.With {
					if _, ok := action.Inputs[k]; !ok {
						t.Errorf("workflow example passes input %q that action.yml does not declare", k)
					}
				}
			}
		}
		if !used {
			t.Errorf("workflow example does not use the action:\n%s", wf)
		}
	}
}

// docWorkflow is the example workflow of docs/github-action.md.
func docWorkflow(t *testing.T) string {
	t.Helper()
	doc := read(t, filepath.Join("..", "..", "docs", "github-action.md"))
	i := strings.Index(doc, "```yaml\n")
	j := strings.Index(doc[i+8:], "\n```")
	if i < 0 || j < 0 {
		t.Fatal("docs/github-action.md has no yaml example")
	}
	return doc[i+8 : i+8+j+1]
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestConfigurationDoc loads the example .mdlint.yaml of
// docs/configuration.md with the real rule names, and runs its
// suppression examples.
func TestConfigurationDoc(t *testing.T) {
	doc := read(t, filepath.Join("..", "..", "docs", "configuration.md"))
	block := func(lang string) string {
		i := strings.Index(doc, "```"+lang+"\n")
		if i < 0 {
			t.Fatalf("docs/configuration.md has no %s example", lang)
		}
		rest := doc[i+len(lang)+4:]
		return rest[:strings.Index(rest, "```")]
	}
	dir := repo(t)
	write(t, filepath.Join(dir, "attack", "enterprise-attack-v18.1.json"), read(t, filepath.Join("..", "..", "internal", "attack", "testdata", "tiny-bundle.json")))
	write(t, filepath.Join(dir, ".mdlint.yaml"), block("yaml"))
	r := mdlint(t, dir, nil, "config", "print", "docs").want(t, ExitClean)
	if !strings.Contains(r.stdout, "summary-count: {enabled: false, severity: error}") {
		t.Errorf("config print:\n%s", r.stdout)
	}
	write(t, filepath.Join(dir, ".mdlint.yaml"), "rules: {unknown-page: off}\n")
	var page strings.Builder
	for _, l := range strings.Split(block("markdown"), "\n") {
		if strings.HasPrefix(l, "|") {
			page.WriteString("| a | b | c | d | e |\n|---|---|---|---|---|\n" + l + "\n\n")
			continue
		}
		page.WriteString(l + "\n")
	}
	write(t, filepath.Join(dir, "docs", "notes.md"), page.String())
	r = mdlint(t, dir, nil, "docs")
	if strings.Contains(r.stdout, "suppression-syntax") || strings.Count(r.stdout, "unused-suppression") != 4 {
		t.Errorf("suppression examples: %s", r)
	}
}
