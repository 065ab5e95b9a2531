package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// actionYAML is the part of action.yml the test runs.
type actionYAML struct {
	Inputs map[string]struct {
		Default string
	}
	Runs struct {
		Using string
		Steps []struct {
			Name             string
			Shell            string
			WorkingDirectory string `yaml:"working-directory"`
			Env              map[string]string
			Run              string
		}
	}
}

var expr = regexp.MustCompile(`\$\{\{\s*([\w.-]+)\s*\}\}`)

// runAction runs the composite action's steps with bash as GitHub would:
// inputs (defaults from action.yml) and the pull request's base SHA
// substituted, in the workspace ws. It returns the last step's result.
func runAction(t *testing.T, ws string, inputs map[string]string, baseSHA string) result {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	var a actionYAML
	if err := yaml.Unmarshal([]byte(read(t, filepath.Join(root, "action.yml"))), &a); err != nil {
		t.Fatal(err)
	}
	if a.Runs.Using != "composite" || len(a.Runs.Steps) == 0 {
		t.Fatalf("action.yml: %+v", a.Runs)
	}
	for k := range inputs {
		if _, ok := a.Inputs[k]; !ok {
			t.Fatalf("action.yml has no input %q", k)
		}
	}
	sub := func(s string) string {
		return expr.ReplaceAllStringFunc(s, func(m string) string {
			name := expr.FindStringSubmatch(m)[1]
			switch {
			case name == "github.action_path":
				return root
			case name == "github.event.pull_request.base.sha":
				return baseSHA
			case strings.HasPrefix(name, "inputs."):
				in := strings.TrimPrefix(name, "inputs.")
				if v, ok := inputs[in]; ok {
					return v
				}
				return a.Inputs[in].Default
			}
			t.Fatalf("action.yml uses ${{ %s }}, which this test does not know", name)
			return ""
		})
	}
	runnerTemp := t.TempDir()
	var r result
	for _, s := range a.Runs.Steps {
		if s.Shell != "bash" {
			t.Fatalf("step %q: shell %q", s.Name, s.Shell)
		}
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", sub(s.Run))
		cmd.Dir = ws
		if s.WorkingDirectory != "" {
			cmd.Dir = sub(s.WorkingDirectory)
		}
		cmd.Env = append(os.Environ(), "RUNNER_TEMP="+runnerTemp, "GITHUB_STEP_SUMMARY="+filepath.Join(runnerTemp, "summary.md"))
		for k, v := range s.Env {
			cmd.Env = append(cmd.Env, k+"="+sub(v))
		}
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		r = result{stdout: out.String(), stderr: errb.String()}
		if ee, ok := err.(*exec.ExitError); ok {
			r.code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if r.code != 0 {
			break // later steps do not run, as on GitHub
		}
	}
	if b, err := os.ReadFile(filepath.Join(runnerTemp, "summary.md")); err == nil {
		r.stdout += "--- step summary\n" + string(b)
	}
	return r
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=mdlint test", "-c", "user.email=test@localhost", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// TestAction runs action.yml's scripts on a git repository holding a
// library: a full run with SARIF, and pull requests with only-changed.
func TestAction(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	if testing.Short() {
		t.Skip("builds mdlint through the action")
	}
	ws := t.TempDir()
	copyDir(t, filepath.Join("..", "..", "testdata", "example"), filepath.Join(ws, "docs"))
	git(t, ws, "init", "-q")
	// An error that predates the pull request.
	seedLink(t, ws, idpPage, "missing.md")
	git(t, ws, "add", "-A")
	git(t, ws, "commit", "-q", "-m", "base")
	base := git(t, ws, "rev-parse", "HEAD")

	// Full run (a push): the old error, annotations, summary, SARIF.
	r := runAction(t, ws, map[string]string{"path": "docs", "sarif-file": "mdlint.sarif"}, "")
	if r.code != ExitFindings || !strings.Contains(r.stdout, "::error file=docs/"+idpPage) || !strings.Contains(r.stdout, "## mdlint") {
		t.Errorf("full run: %s", r)
	}
	if _, err := os.Stat(filepath.Join(ws, "mdlint.sarif")); err != nil {
		t.Errorf("no SARIF file: %v", err)
	}
	r = runAction(t, ws, map[string]string{"path": "docs", "only-changed": "true"}, "")
	if r.code != ExitFindings || !strings.Contains(r.stdout, "only-changed applies to pull requests") {
		t.Errorf("only-changed outside a pull request: %s", r)
	}

	// A pull request that changes one page and seeds an error there.
	seedSummary(t, ws)
	write(t, filepath.Join(ws, "notes.txt"), "not Markdown\n")
	git(t, ws, "add", "-A")
	git(t, ws, "commit", "-q", "-m", "change")
	r = runAction(t, ws, map[string]string{"path": "docs", "only-changed": "true", "sarif-file": "pr.sarif"}, base)
	if r.code != ExitFindings || !strings.Contains(r.stdout, "::error file=docs/"+vpnPage+",line=7") || strings.Contains(r.stdout, idpPage) ||
		!strings.Contains(r.stdout, "mdlint: 1 changed Markdown files below docs") {
		t.Errorf("pull request: %s", r)
	}
	if _, err := os.Stat(filepath.Join(ws, "pr.sarif")); err != nil {
		t.Errorf("no SARIF file: %v", err)
	}
	// args and fail-level reach mdlint.
	r = runAction(t, ws, map[string]string{"path": "docs", "only-changed": "true", "args": "--disable summary-count --quiet"}, base)
	if r.code != ExitClean || strings.Contains(r.stdout, "::error") {
		t.Errorf("args: %s", r)
	}
	r = runAction(t, ws, map[string]string{"path": "docs", "only-changed": "true", "args": "--config cfg.yaml"}, base)
	if r.code != ExitUsage || !strings.Contains(r.stderr, "cfg.yaml") {
		t.Errorf("args --config with a missing file: %s", r)
	}
	write(t, filepath.Join(ws, "cfg.yaml"), "rules: {summary-count: warning}\n")
	r = runAction(t, ws, map[string]string{"path": "docs", "only-changed": "true", "args": "--config cfg.yaml"}, base)
	if r.code != ExitClean || !strings.Contains(r.stdout, "::warning file=docs/"+vpnPage) {
		t.Errorf("args --config: %s", r)
	}
	r = runAction(t, ws, map[string]string{"path": "docs", "only-changed": "true", "args": "--config cfg.yaml", "fail-level": "warning"}, base)
	if r.code != ExitFindings {
		t.Errorf("fail-level: %s", r)
	}

	// A pull request without Markdown changes: a clean run that still
	// writes SARIF for upload-sarif.
	head := git(t, ws, "rev-parse", "HEAD")
	write(t, filepath.Join(ws, "notes.txt"), "still not Markdown\n")
	git(t, ws, "add", "-A")
	git(t, ws, "commit", "-q", "-m", "text only")
	r = runAction(t, ws, map[string]string{"path": "docs", "only-changed": "true", "sarif-file": "none.sarif"}, head)
	if r.code != ExitClean || !strings.Contains(r.stdout, "mdlint: 0 changed Markdown files") || !strings.Contains(r.stdout, "no problems in 33 files") {
		t.Errorf("no Markdown change: %s", r)
	}
	if s := read(t, filepath.Join(ws, "none.sarif")); !strings.Contains(s, `"results": []`) {
		t.Errorf("SARIF of an empty run:\n%s", s)
	}
}
