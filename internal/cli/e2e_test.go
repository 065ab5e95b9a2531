package cli

// End-to-end tests: they build the mdlint binary once and run it on
// copies of testdata/example (a clean library) with errors seeded, as a
// user, pre-commit or a CI job would.

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io/fs"
	"mdlint/internal/report"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"mdlint/internal/report/reporttest"
)

var mdlintBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "mdlint-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	mdlintBin = filepath.Join(dir, "mdlint")
	cmd := exec.Command("go", "build", "-o", mdlintBin, "./cmd/mdlint")
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building mdlint: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", r.code, r.stdout, r.stderr)
}

// mdlint runs the binary in dir with the environment of the test minus
// the variables that change its output, plus env ("K=V").
func mdlint(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(mdlintBin, args...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "GITHUB_STEP_SUMMARY", "NO_COLOR", "GITHUB_ACTIONS":
			continue
		}
		cmd.Env = append(cmd.Env, kv)
	}
	cmd.Env = append(cmd.Env, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running mdlint: %v", err)
	}
	return r
}

// want fails unless r exited with code.
func (r result) want(t *testing.T, code int) result {
	t.Helper()
	if r.code != code {
		t.Fatalf("want exit %d, got %s", code, r)
	}
	return r
}

func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// edit replaces old by new in file p, once.
func edit(t *testing.T, p, old, new string) {
	t.Helper()
	s := read(t, p)
	if strings.Count(s, old) != 1 {
		t.Fatalf("%s holds %q %d times, want once", p, old, strings.Count(s, old))
	}
	write(t, p, strings.Replace(s, old, new, 1))
}

// Pages of testdata/example used below, relative to the library root.
const (
	vpnPage    = "DS/Acme/acme_vpn/ds_acme_acme_vpn.md"
	idpPage    = "DS/Globex/globex_idp/ds_globex_globex_idp.md"
	vpnSummary = "|   6   |   3    |         4          |       3        |    3    |"
)

// repo makes a repository folder (with .git, so configuration search
// stops there) holding a copy of the example library in docs/. It
// returns the repository folder.
func repo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	copyDir(t, filepath.Join("..", "..", "testdata", "example"), filepath.Join(dir, "docs"))
	return dir
}

// seedSummary makes the Acme VPN summary claim 7 rules (the RM pages
// list 6): one summary-count error at docs/DS/Acme/acme_vpn/ds_acme_acme_vpn.md:7:5.
func seedSummary(t *testing.T, dir string) {
	t.Helper()
	edit(t, filepath.Join(dir, "docs", vpnPage), vpnSummary, strings.Replace(vpnSummary, "6", "7", 1))
}

// seedLink appends a paragraph with a broken link to a page.
func seedLink(t *testing.T, dir, page, target string) {
	t.Helper()
	p := filepath.Join(dir, "docs", page)
	write(t, p, read(t, p)+"\n\nSee the [notes]("+target+").\n")
}

// seedUnused adds a suppression that suppresses nothing (on a clean
// page): one unused-suppression warning at the end of the page.
func seedUnused(t *testing.T, dir, page string) {
	t.Helper()
	p := filepath.Join(dir, "docs", page)
	write(t, p, read(t, p)+"\n\n<!-- mdlint-disable-file broken-link -- the links were broken once -->\n")
}

func TestExitCodes(t *testing.T) {
	dir := repo(t)
	r := mdlint(t, dir, nil, "docs").want(t, ExitClean)
	if !strings.HasPrefix(r.stdout, "no problems in ") {
		t.Errorf("clean run printed %q", r.stdout)
	}
	mdlint(t, dir, nil, "--quiet", "docs").want(t, ExitClean)
	if r := mdlint(t, dir, nil, "--quiet", "docs"); r.stdout != "" {
		t.Errorf("--quiet on a clean library printed %q", r.stdout)
	}
	for _, args := range [][]string{
		{"--nope", "docs"},
		{"--format", "xml", "docs"},
		{"missing"},
		{"docs", "docs/DS"},
		{"docs", "docs/README.md"},
		{"--fail-level", "fatal", "docs"},
		{"--color", "blue", "docs"},
		{"--enable", "nope", "docs"},
		{"--disable", "summary-count,nope", "docs"},
		{"--root", "docs/DS", "docs"},
		{"--baseline", "missing.json", "docs"},
		{"--attack-data", "missing.json", "docs"},
	} {
		r := mdlint(t, dir, nil, args...)
		if r.code != ExitUsage {
			t.Errorf("mdlint %s: want exit 2, got %s", strings.Join(args, " "), r)
		}
		if r.stderr == "" {
			t.Errorf("mdlint %s: no error message", strings.Join(args, " "))
		}
	}

	seedSummary(t, dir)
	r = mdlint(t, dir, nil, "docs").want(t, ExitFindings)
	if !strings.Contains(r.stdout, "docs/"+vpnPage+":7:5: error summary-count: summary says 7 rules") {
		t.Errorf("finding not printed:\n%s", r)
	}
	if !strings.HasSuffix(r.stdout, "\n1 error, 0 warnings, 0 info in 33 files\n") {
		t.Errorf("summary line:\n%s", r.stdout)
	}
	r = mdlint(t, dir, nil, "docs", "--quiet").want(t, ExitFindings) // flags after the path work too
	if strings.Contains(r.stdout, "1 error") || !strings.Contains(r.stdout, "summary-count") {
		t.Errorf("--quiet:\n%s", r.stdout)
	}
	if r := mdlint(t, dir, nil, "--color", "always", "docs"); !strings.Contains(r.stdout, "\x1b[") {
		t.Errorf("--color always printed no colour:\n%s", r)
	}
	if r := mdlint(t, dir, nil, "docs"); strings.Contains(r.stdout, "\x1b[") {
		t.Error("colour when the output is no terminal")
	}

	// A warning alone: exit 0 at the default fail level, 1 at warning.
	dir = repo(t)
	seedUnused(t, dir, idpPage)
	r = mdlint(t, dir, nil, "docs").want(t, ExitClean)
	if !strings.Contains(r.stdout, "warning unused-suppression") {
		t.Errorf("warning not printed:\n%s", r)
	}
	mdlint(t, dir, nil, "--fail-level", "warning", "docs").want(t, ExitFindings)
	mdlint(t, dir, nil, "--fail-level", "info", "docs").want(t, ExitFindings)
	write(t, filepath.Join(dir, ".mdlint.yaml"), "fail-level: warning\n")
	mdlint(t, dir, nil, "docs").want(t, ExitFindings)
	mdlint(t, dir, nil, "--fail-level", "error", "docs").want(t, ExitClean)
}

func TestFormats(t *testing.T) {
	dir := repo(t)
	seedSummary(t, dir)
	seedUnused(t, dir, idpPage)

	r := mdlint(t, dir, nil, "--format", "json", "docs").want(t, ExitFindings)
	var js struct {
		Root        string
		Files       int
		Diagnostics []struct {
			File, Rule, Severity string
			Line, Column         int
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &js); err != nil {
		t.Fatalf("json: %v\n%s", err, r.stdout)
	}
	if js.Root != "docs" || len(js.Diagnostics) != 2 || js.Diagnostics[0].Rule != "summary-count" || js.Diagnostics[0].Line != 7 ||
		js.Diagnostics[1].Rule != "unused-suppression" || js.Diagnostics[1].Severity != "warning" {
		t.Errorf("json: %+v", js)
	}

	sch := reporttest.SARIFSchema(t, filepath.Join("..", "..", reporttest.SARIFSchemaFile))
	r = mdlint(t, dir, nil, "--format", "sarif", "docs").want(t, ExitFindings)
	reporttest.ValidateSARIF(t, sch, []byte(r.stdout))
	var sarif struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID      string
						HelpURI string `json:"helpUri"`
					}
				}
			}
			Results []struct {
				RuleID              string `json:"ruleId"`
				Level               string
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &sarif); err != nil {
		t.Fatal(err)
	}
	run := sarif.Runs[0]
	if len(run.Results) != 2 || run.Results[0].RuleID != "summary-count" || run.Results[1].Level != "warning" || run.Results[0].PartialFingerprints["mdlint/v1"] == "" {
		t.Errorf("sarif results: %+v", run.Results)
	}
	catalog := map[string]string{}
	for _, rule := range run.Tool.Driver.Rules {
		catalog[rule.ID] = rule.HelpURI
	}
	for _, name := range []string{"summary-count", "unused-suppression", "suppression-syntax", "count-substring-dedupe"} {
		if !strings.HasSuffix(catalog[name], "/docs/rules/"+name+".md") {
			t.Errorf("sarif rule catalog: %s has help %q", name, catalog[name])
		}
	}

	r = mdlint(t, dir, nil, "--format", "github", "docs").want(t, ExitFindings)
	for _, want := range []string{
		"::error file=docs/" + vpnPage + ",line=7,col=5,endLine=7,endColumn=6,title=summary-count::summary says 7 rules",
		"::warning file=docs/" + idpPage + ",line=",
		"title=unused-suppression::mdlint-disable-file broken-link suppresses nothing",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("github output lacks %q:\n%s", want, r.stdout)
		}
	}
	summary := filepath.Join(dir, "summary.md")
	write(t, summary, "previous step\n")
	mdlint(t, dir, []string{"GITHUB_STEP_SUMMARY=" + summary}, "--format", "github", "docs").want(t, ExitFindings)
	s := read(t, summary)
	for _, want := range []string{"previous step\n## mdlint\n", "| summary-count | error | 1 |", "| unused-suppression | warning | 1 |", "All findings are shown as annotations."} {
		if !strings.Contains(s, want) {
			t.Errorf("step summary lacks %q:\n%s", want, s)
		}
	}

	for _, f := range []string{"junit", "checkstyle"} {
		r = mdlint(t, dir, nil, "--format", f, "docs").want(t, ExitFindings)
		if err := xml.Unmarshal([]byte(r.stdout), new(struct{})); err != nil {
			t.Errorf("%s: not XML: %v\n%s", f, err, r.stdout)
		}
		if !strings.Contains(r.stdout, "summary says 7 rules") || !strings.Contains(r.stdout, "docs/"+vpnPage) {
			t.Errorf("%s output:\n%s", f, r.stdout)
		}
	}

	// Several at once, to files and stdout.
	r = mdlint(t, dir, []string{"GITHUB_STEP_SUMMARY=" + filepath.Join(dir, "s2.md")},
		"--format", "text", "--format", "sarif=out/x.sarif", "--format=json=out.json", "--format", "junit=junit.xml",
		"--format", "checkstyle=cs.xml", "--format", "github", "docs")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "out/x.sarif") {
		t.Errorf("a file in a missing folder: %s", r)
	}
	r = mdlint(t, dir, []string{"GITHUB_STEP_SUMMARY=" + filepath.Join(dir, "s2.md")},
		"--format", "text", "--format", "sarif=out.sarif", "--format=json=out.json", "--format", "junit=junit.xml",
		"--format", "checkstyle=cs.xml", "--format", "github", "docs").want(t, ExitFindings)
	if !strings.Contains(r.stdout, "error summary-count") || !strings.Contains(r.stdout, "::error file=") {
		t.Errorf("stdout lacks text or github output:\n%s", r.stdout)
	}
	reporttest.ValidateSARIF(t, sch, []byte(read(t, filepath.Join(dir, "out.sarif"))))
	if err := json.Unmarshal([]byte(read(t, filepath.Join(dir, "out.json"))), &js); err != nil || len(js.Diagnostics) != 2 {
		t.Errorf("out.json: %v", err)
	}
	for _, f := range []string{"junit.xml", "cs.xml"} {
		if err := xml.Unmarshal([]byte(read(t, filepath.Join(dir, f))), new(struct{})); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if !strings.Contains(read(t, filepath.Join(dir, "s2.md")), "## mdlint") {
		t.Error("no step summary with several formats")
	}
}

// TestSARIFOnFixture validates SARIF of a real fixture run: a library
// whose findings carry related positions and a secondary rule name.
func TestSARIFOnFixture(t *testing.T) {
	sch := reporttest.SARIFSchema(t, filepath.Join("..", "..", reporttest.SARIFSchemaFile))
	for _, fixture := range []string{"summary-count", "unused-suppression", "suppression-syntax"} {
		r := mdlint(t, filepath.Join("..", ".."), nil, "--format", "sarif", "testdata/rules/"+fixture).want(t, ExitFindings)
		reporttest.ValidateSARIF(t, sch, []byte(r.stdout))
		if !strings.Contains(r.stdout, `"relatedLocations"`) && fixture == "summary-count" {
			t.Errorf("%s: no related locations in SARIF", fixture)
		}
	}
}

func TestConfig(t *testing.T) {
	dir := repo(t)
	seedSummary(t, dir)
	cfg := filepath.Join(dir, ".mdlint.yaml")

	// Errors name file:line:column and exit 2.
	write(t, cfg, "rules:\n  sumary-count: off\n  broken-link: {severity: loud}\nfoo: 1\n")
	r := mdlint(t, dir, nil, "docs").want(t, ExitUsage)
	for _, want := range []string{
		".mdlint.yaml:2:3: rules: unknown rule \"sumary-count\"; did you mean summary-count? (see mdlint rules)\n",
		".mdlint.yaml:3:27: rules.broken-link.severity: unknown severity \"loud\"",
		".mdlint.yaml:4:1: unknown key \"foo\"",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	mdlint(t, dir, nil, "config", "print", "docs").want(t, ExitUsage)
	// From a subfolder the path is still right.
	if r := mdlint(t, filepath.Join(dir, "docs"), nil, "."); !strings.Contains(r.stderr, "../.mdlint.yaml:2:3:") && !strings.Contains(r.stderr, filepath.Join(dir, ".mdlint.yaml")+":2:3:") {
		t.Errorf("error from a subfolder does not name the file: %s", r)
	}

	// Found from the root upward; rules off, severities, flags override.
	write(t, cfg, "rules:\n  summary-count: off\n")
	mdlint(t, dir, nil, "docs").want(t, ExitClean)
	mdlint(t, dir, nil, "--enable", "summary-count", "docs").want(t, ExitFindings)
	write(t, cfg, "rules:\n  summary-count: warning\n")
	r = mdlint(t, dir, nil, "docs").want(t, ExitClean)
	if !strings.Contains(r.stdout, "warning summary-count") {
		t.Errorf("severity not applied:\n%s", r)
	}
	mdlint(t, dir, nil, "--fail-level", "warning", "docs").want(t, ExitFindings)
	mdlint(t, dir, nil, "--disable", "summary-count", "--fail-level", "warning", "docs").want(t, ExitClean)

	// ignore and exclude globs, relative to the configuration file.
	write(t, cfg, "ignore: [\"docs/DS/Acme/**\"]\n")
	mdlint(t, dir, nil, "docs").want(t, ExitClean)
	write(t, cfg, "exclude:\n  - paths: [docs/DS/*/acme_vpn/*.md]\n    rules: [summary-count]\n")
	mdlint(t, dir, nil, "docs").want(t, ExitClean)
	write(t, cfg, "exclude:\n  - paths: [docs/DS/*/acme_vpn/*.md]\n    rules: [broken-link]\n")
	mdlint(t, dir, nil, "docs").want(t, ExitFindings)

	// --config names a file anywhere; its globs are relative to it.
	other := filepath.Join(t.TempDir(), "mdlint.yml")
	write(t, other, "rules: {summary-count: off}\n")
	mdlint(t, dir, nil, "--config", other, "docs").want(t, ExitClean)
	mdlint(t, dir, nil, "--config", filepath.Join(dir, "nope.yaml"), "docs").want(t, ExitUsage)

	// The search stops at the repository root.
	outer := t.TempDir()
	write(t, filepath.Join(outer, ".mdlint.yaml"), "rules: {summary-count: off}\n")
	copyDir(t, dir, filepath.Join(outer, "repo"))
	os.Remove(filepath.Join(outer, "repo", ".mdlint.yaml"))
	mdlint(t, filepath.Join(outer, "repo"), nil, "docs").want(t, ExitFindings)
	os.RemoveAll(filepath.Join(outer, "repo", ".git"))
	mdlint(t, filepath.Join(outer, "repo"), nil, "docs").want(t, ExitClean)

	// attack-data, relative to the configuration file.
	bundle := filepath.Join("..", "..", "internal", "attack", "testdata", "tiny-bundle.json")
	write(t, filepath.Join(dir, "attack", "tiny.json"), read(t, bundle))
	write(t, cfg, "attack-data: attack/tiny.json\nrules: {summary-count: off}\n")
	r = mdlint(t, dir, nil, "docs").want(t, ExitFindings)
	if !strings.Contains(r.stdout, "attack-") {
		t.Errorf("the tiny ATT&CK bundle was not used:\n%s", r)
	}
	write(t, cfg, "attack-data: attack/missing.json\n")
	r = mdlint(t, dir, nil, "docs").want(t, ExitUsage)
	if !strings.Contains(r.stderr, ".mdlint.yaml:1:14: attack-data: ") {
		t.Errorf("missing attack data: %s", r)
	}

	// config print shows the effective configuration, flags applied.
	write(t, cfg, "rules:\n  summary-count: off\n  count-substring-dedupe: info\nignore: [docs/ParsersLegacy/**]\n")
	r = mdlint(t, dir, nil, "config", "print", "--disable", "broken-link", "docs").want(t, ExitClean)
	for _, want := range []string{
		"# read from .mdlint.yaml",
		"  summary-count: {enabled: false, severity: error}\n",
		"  broken-link: {enabled: false, severity: error}\n",
		"  count-substring-dedupe: {enabled: true, severity: info}\n",
		"  unused-suppression: {enabled: true, severity: warning}\n",
		"ignore:\n  - docs/ParsersLegacy/**\n",
		"fail-level: error\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("config print lacks %q:\n%s", want, r.stdout)
		}
	}
	// What it prints is a valid configuration.
	write(t, cfg, r.stdout)
	r = mdlint(t, dir, nil, "docs").want(t, ExitClean)
	os.Remove(cfg)
	if r := mdlint(t, dir, nil, "config", "print", "docs").want(t, ExitClean); !strings.Contains(r.stdout, "# no configuration file found") {
		t.Errorf("config print without a file:\n%s", r.stdout)
	}
}

// TestSecondaryRules: count-substring-dedupe is a second name of the
// counting checks; it can be enabled, disabled and given a severity on
// its own.
func TestSecondaryRules(t *testing.T) {
	dir := t.TempDir()
	// the summary-count fixture and the count-substring-dedupe one, in one library
	copyDir(t, filepath.Join("..", "..", "testdata", "rules", "summary-count"), filepath.Join(dir, "lib"))
	copyDir(t, filepath.Join("..", "..", "testdata", "rules", "count-substring-dedupe"), filepath.Join(dir, "lib"))
	rules := func(r result) map[string]int {
		var js struct {
			Diagnostics []struct{ Rule, Severity string }
		}
		if err := json.Unmarshal([]byte(r.stdout), &js); err != nil {
			t.Fatalf("%v\n%s", err, r)
		}
		n := map[string]int{}
		for _, d := range js.Diagnostics {
			n[d.Rule+"/"+d.Severity]++
		}
		return n
	}
	all := rules(mdlint(t, dir, nil, "--format", "json", "--enable", "summary-count,content-count", "lib"))
	dedupe := all["count-substring-dedupe/warning"]
	if dedupe == 0 || all["summary-count/error"] == 0 || all["content-count/error"] == 0 {
		t.Fatalf("fixture findings: %v", all)
	}
	got := rules(mdlint(t, dir, nil, "--format", "json", "--enable", "count-substring-dedupe", "lib"))
	if len(got) != 1 || got["count-substring-dedupe/warning"] != dedupe {
		t.Errorf("--enable count-substring-dedupe: %v", got)
	}
	got = rules(mdlint(t, dir, nil, "--format", "json", "--enable", "summary-count,content-count", "--disable", "count-substring-dedupe", "lib"))
	if got["count-substring-dedupe/warning"] != 0 || got["summary-count/error"] != all["summary-count/error"] {
		t.Errorf("--disable count-substring-dedupe: %v", got)
	}
	write(t, filepath.Join(dir, ".mdlint.yaml"), "rules:\n  count-substring-dedupe: {severity: info}\n  summary-count: off\n")
	got = rules(mdlint(t, dir, nil, "--format", "json", "--enable", "summary-count,content-count,count-substring-dedupe", "lib"))
	if got["count-substring-dedupe/info"] != dedupe || got["summary-count/error"] != all["summary-count/error"] {
		t.Errorf("severity of a secondary rule, --enable over the file: %v", got)
	}
}

func TestSuppressions(t *testing.T) {
	dir := repo(t)
	vpn := filepath.Join(dir, "docs", vpnPage)
	seedSummary(t, dir)
	seven := strings.Replace(vpnSummary, "6", "7", 1)
	edit(t, vpn, seven, seven+" <!-- mdlint-disable-line summary-count -- the 7th rule ships next week -->")
	r := mdlint(t, dir, nil, "docs").want(t, ExitClean)
	if !strings.HasPrefix(r.stdout, "no problems") {
		t.Errorf("suppressed finding reported:\n%s", r)
	}
	// Without a reason: still suppressed, but reported.
	edit(t, vpn, " -- the 7th rule ships next week", "")
	r = mdlint(t, dir, nil, "docs").want(t, ExitClean)
	if !strings.Contains(r.stdout, "docs/"+vpnPage+":7:") || !strings.Contains(r.stdout, "warning suppression-syntax: mdlint-disable-line summary-count has no reason") {
		t.Errorf("missing reason not reported:\n%s", r)
	}
	// An unknown rule name suppresses nothing.
	edit(t, vpn, "mdlint-disable-line summary-count", "mdlint-disable-line summary-cuont -- typo")
	r = mdlint(t, dir, nil, "docs").want(t, ExitFindings)
	if !strings.Contains(r.stdout, "error summary-count") || !strings.Contains(r.stdout, `names unknown rule "summary-cuont"`) {
		t.Errorf("unknown rule:\n%s", r)
	}
	// disable-file and disable-next-line.
	edit(t, vpn, " <!-- mdlint-disable-line summary-cuont -- typo -->", "")
	write(t, vpn, read(t, vpn)+"\n<!-- mdlint-disable-file summary-count -- generator bug GEN-12 -->\n")
	mdlint(t, dir, nil, "docs").want(t, ExitClean)
	seedLink(t, dir, idpPage, "missing.md")
	mdlint(t, dir, nil, "docs").want(t, ExitFindings)
	idp := filepath.Join(dir, "docs", idpPage)
	edit(t, idp, "\n\nSee the [notes](missing.md).", "\n\n<!-- mdlint-disable-next-line broken-link -- published next week -->\nSee the [notes](missing.md).")
	mdlint(t, dir, nil, "docs").want(t, ExitClean)

	// Unused suppressions: reported for rules that ran, as a warning.
	seedUnused(t, dir, "DS/Acme/acme_edr/ds_acme_acme_edr.md")
	r = mdlint(t, dir, nil, "docs").want(t, ExitClean)
	if !strings.Contains(r.stdout, "warning unused-suppression: mdlint-disable-file broken-link suppresses nothing") {
		t.Errorf("unused suppression:\n%s", r)
	}
	if r := mdlint(t, dir, nil, "--disable", "broken-link", "docs"); strings.Contains(r.stdout, "unused-suppression") {
		t.Errorf("unused reported for a rule that did not run:\n%s", r)
	}
	if r := mdlint(t, dir, nil, "--disable", "unused-suppression", "docs"); strings.Contains(r.stdout, "unused-suppression") {
		t.Errorf("--disable unused-suppression:\n%s", r)
	}
	write(t, filepath.Join(dir, ".mdlint.yaml"), "rules: {unused-suppression: off}\n")
	if r := mdlint(t, dir, nil, "docs"); strings.Contains(r.stdout, "unused-suppression") {
		t.Errorf("unused-suppression: off:\n%s", r)
	}
}

func TestBaseline(t *testing.T) {
	dir := repo(t)
	seedSummary(t, dir)
	seedLink(t, dir, idpPage, "missing.md")
	seedLink(t, dir, idpPage, "missing.md") // the same finding twice
	before := mdlint(t, dir, nil, "--format", "json", "docs").want(t, ExitFindings)

	r := mdlint(t, dir, nil, "--write-baseline", ".mdlint-baseline.json", "docs").want(t, ExitClean)
	if !strings.Contains(r.stderr, "wrote .mdlint-baseline.json with 3 findings (3 keys)") {
		t.Errorf("write-baseline: %s", r)
	}
	b := read(t, filepath.Join(dir, ".mdlint-baseline.json"))
	if regexp.MustCompile(`"line"|:\d+:`).MatchString(b) || !strings.Contains(b, `"key": "summary-count|DS/Acme/acme_vpn/ds_acme_acme_vpn.md|rules"`) {
		t.Errorf("baseline file:\n%s", b)
	}
	mdlint(t, dir, nil, "--write-baseline", "again.json", "docs").want(t, ExitClean)
	if read(t, filepath.Join(dir, "again.json")) != b {
		t.Error("baseline not deterministic")
	}

	r = mdlint(t, dir, nil, "--baseline", ".mdlint-baseline.json", "docs").want(t, ExitClean)
	if !strings.HasPrefix(r.stdout, "no problems") || !strings.Contains(r.stderr, "3 known findings not reported, 0 baselined findings gone") {
		t.Errorf("baseline run: %s", r)
	}

	// Regenerate: every page moves down by a few lines. Still nothing new.
	err := filepath.WalkDir(filepath.Join(dir, "docs"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			write(t, p, "\n\n\n"+read(t, p))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	after := mdlint(t, dir, nil, "--format", "json", "docs").want(t, ExitFindings)
	if after.stdout == before.stdout {
		t.Fatal("shifting lines changed nothing")
	}
	r = mdlint(t, dir, nil, "--baseline", ".mdlint-baseline.json", "docs").want(t, ExitClean)
	if !strings.HasPrefix(r.stdout, "no problems") {
		t.Errorf("lines moved: %s", r)
	}

	// A new finding, and a third copy of a baselined one: two new.
	seedLink(t, dir, vpnPage, "other.md")
	seedLink(t, dir, idpPage, "missing.md")
	r = mdlint(t, dir, nil, "--format", "json", "--baseline", ".mdlint-baseline.json", "docs").want(t, ExitFindings)
	var js struct {
		Diagnostics []struct{ File, Rule, Message string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &js); err != nil {
		t.Fatal(err)
	}
	if len(js.Diagnostics) != 2 || !strings.Contains(js.Diagnostics[0].Message, "other.md") || !strings.Contains(js.Diagnostics[1].Message, "missing.md") {
		t.Errorf("new findings: %+v", js.Diagnostics)
	}

	// Fixed: the baselined summary finding is gone.
	edit(t, filepath.Join(dir, "docs", vpnPage), strings.Replace(vpnSummary, "6", "7", 1), vpnSummary)
	r = mdlint(t, dir, nil, "--baseline", ".mdlint-baseline.json", "docs").want(t, ExitFindings)
	if !strings.Contains(r.stderr, "1 baselined finding gone since it was written") {
		t.Errorf("gone: %s", r)
	}

	write(t, filepath.Join(dir, "junk.json"), "{")
	mdlint(t, dir, nil, "--baseline", "junk.json", "docs").want(t, ExitUsage)
}

func TestChangedFiles(t *testing.T) {
	dir := repo(t)
	seedSummary(t, dir)
	// A content count that disagrees: content-count on the data source
	// page, usecase-page on the use-case page with a related position
	// on the data source page.
	edit(t, filepath.Join(dir, "docs", idpPage), "<li>2 Rules</li>", "<li>3 Rules</li>")
	all := mdlint(t, dir, nil, "docs").want(t, ExitFindings)

	// Another page only: nothing, but the whole library was read.
	r := mdlint(t, dir, nil, "docs/DS/Acme/acme_edr/ds_acme_acme_edr.md").want(t, ExitClean)
	if r.stdout != "no problems in 33 files\n" {
		t.Errorf("other page:\n%s", r)
	}
	// The seeded page, as pre-commit passes it (with another file).
	r = mdlint(t, dir, nil, "docs/"+vpnPage, "docs/README.md").want(t, ExitFindings)
	if !strings.Contains(r.stdout, "docs/"+vpnPage+":7:5: error summary-count") || strings.Contains(r.stdout, idpPage) {
		t.Errorf("seeded page:\n%s", r)
	}
	// Findings elsewhere whose related positions name the file count too.
	r = mdlint(t, dir, nil, "--format", "json", "docs/"+idpPage).want(t, ExitFindings)
	var js struct{ Diagnostics []struct{ File, Rule string } }
	if err := json.Unmarshal([]byte(r.stdout), &js); err != nil {
		t.Fatal(err)
	}
	files := map[string]bool{}
	for _, d := range js.Diagnostics {
		files[d.File] = true
		if d.File == vpnPage {
			t.Errorf("finding of another page reported: %+v", d)
		}
	}
	if !files[idpPage] || len(files) < 2 {
		t.Errorf("want findings in %s and in a page relating to it, got %v\n%s", idpPage, files, all)
	}
	// --root, from another working directory; files outside the root.
	r = mdlint(t, filepath.Join(dir, "docs", "DS"), nil, "--root", "..", "Acme/acme_vpn/ds_acme_acme_vpn.md", "../../outside.md")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "outside.md") {
		t.Errorf("missing file: %s", r)
	}
	write(t, filepath.Join(dir, "outside.md"), "# not in the library\n")
	r = mdlint(t, filepath.Join(dir, "docs", "DS"), nil, "--root", "..", "Acme/acme_vpn/ds_acme_acme_vpn.md", "../../outside.md").want(t, ExitFindings)
	if !strings.Contains(r.stdout, "../DS/Acme/acme_vpn/ds_acme_acme_vpn.md:7:5:") || !strings.Contains(r.stderr, "outside the library root") {
		t.Errorf("--root: %s", r)
	}
	// The root found from a deeper working directory.
	r = mdlint(t, filepath.Join(dir, "docs", "DS", "Acme"), nil, "acme_vpn/ds_acme_acme_vpn.md").want(t, ExitFindings)
	if !strings.Contains(r.stdout, "../../DS/Acme/acme_vpn/ds_acme_acme_vpn.md:7:5:") {
		t.Errorf("root found upward: %s", r)
	}
	// No index pages up to the repository root: the working directory.
	os.Remove(filepath.Join(dir, "docs", "Exabeam Data Sources.md"))
	os.Remove(filepath.Join(dir, "docs", "MitreMap.md"))
	r = mdlint(t, filepath.Join(dir, "docs"), nil, vpnPage).want(t, ExitFindings)
	if !strings.Contains(r.stdout, vpnPage+":7:5: error summary-count") {
		t.Errorf("no index pages: %s", r)
	}
	// A baseline with file arguments counts gone findings of those files only.
	mdlint(t, dir, nil, "--write-baseline", "b.json", "docs").want(t, ExitClean)
	r = mdlint(t, dir, nil, "--baseline", "b.json", "docs/DS/Acme/acme_edr/ds_acme_acme_edr.md").want(t, ExitClean)
	if !strings.Contains(r.stderr, "0 known findings not reported, 0 baselined findings gone") {
		t.Errorf("baseline with files: %s", r)
	}
}

// overlay mirrors the folders of src below dst and links every file, so
// that a page can be changed (replaced by a file of its own) without
// copying a library of 100 MB.
func overlay(t *testing.T, src, dst string) {
	t.Helper()
	src, err := filepath.Abs(src)
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		return os.Symlink(p, filepath.Join(dst, rel))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestCorpusBaseline adopts mdlint on the real 2026 library: a baseline
// written today leaves nothing to report, and changing one summary
// number in one data source page reports exactly that one finding.
func TestCorpusBaseline(t *testing.T) {
	src := filepath.Join("..", "..", "..", "shared", "corpus", "CIM2")
	if _, err := os.Stat(src); err != nil {
		t.Skipf("real library %s not present (%v); skipping", src, err)
	}
	if testing.Short() {
		t.Skip("slow: copies and lints a real library")
	}
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	overlay(t, src, filepath.Join(dir, "CIM2"))
	r := mdlint(t, dir, nil, "--write-baseline", "baseline.json", "CIM2").want(t, ExitClean)
	t.Log(strings.TrimSpace(r.stderr))
	r = mdlint(t, dir, nil, "--baseline", "baseline.json", "CIM2").want(t, ExitClean)
	if !strings.HasPrefix(r.stdout, "no problems in ") || !strings.Contains(r.stderr, " 0 baselined findings gone") {
		t.Fatalf("baseline run on the same library: %s", r)
	}

	// The first data source page without a summary-count finding.
	var b struct{ Findings []struct{ Rule, File string } }
	if err := json.Unmarshal([]byte(read(t, filepath.Join(dir, "baseline.json"))), &b); err != nil {
		t.Fatal(err)
	}
	counted := map[string]bool{}
	for _, f := range b.Findings {
		if f.Rule == "summary-count" || f.Rule == "count-substring-dedupe" {
			counted[f.File] = true
		}
	}
	dsPage := regexp.MustCompile(`(^|/)ds_[^/]*\.md$`)
	numbers := regexp.MustCompile(`^\|\s*(\d+)(\s*\|.*)$`)
	var page, want string
	err := filepath.WalkDir(filepath.Join(dir, "CIM2", "DS"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || page != "" || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(filepath.Join(dir, "CIM2"), p)
		rel = filepath.ToSlash(rel)
		if !dsPage.MatchString(rel) || counted[rel] {
			return nil
		}
		lines := strings.Split(read(t, p), "\n")
		for i := 0; i+2 < len(lines); i++ {
			m := numbers.FindStringSubmatch(lines[i+2])
			if strings.HasPrefix(lines[i], "| Rules |") && strings.HasPrefix(lines[i+1], "|:") && m != nil {
				n := 0
				fmt.Sscan(m[1], &n)
				lines[i+2] = fmt.Sprintf("| %d%s", n+1, m[2])
				if err := os.Remove(p); err != nil { // the link to the real page
					return err
				}
				write(t, p, strings.Join(lines, "\n"))
				page, want = rel, fmt.Sprintf("summary says %d rules", n+1)
				return nil
			}
		}
		return nil
	})
	if err != nil || page == "" {
		t.Fatalf("no data source page to change (%v)", err)
	}
	r = mdlint(t, dir, nil, "--format", "json", "--baseline", "baseline.json", "CIM2").want(t, ExitFindings)
	var js struct {
		Diagnostics []struct{ File, Rule, Message string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &js); err != nil {
		t.Fatal(err)
	}
	if len(js.Diagnostics) != 1 || js.Diagnostics[0].File != page || js.Diagnostics[0].Rule != "summary-count" || !strings.Contains(js.Diagnostics[0].Message, want) {
		t.Fatalf("changed %s (%s): want exactly that finding, got %+v", page, want, js.Diagnostics)
	}
	t.Logf("changed %s: %s", page, js.Diagnostics[0].Message)
}

// TestRulesHaveDocs: every rule a run can report has the page its SARIF
// help URI and "mdlint explain" point at.
func TestRulesHaveDocs(t *testing.T) {
	r := mdlint(t, ".", nil, "rules").want(t, ExitClean)
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		name := strings.Fields(line)[0]
		n++
		if e := mdlint(t, ".", nil, "explain", name); e.code != ExitClean || !strings.HasPrefix(e.stdout, "# "+name+"\n") {
			t.Errorf("mdlint explain %s: %s", name, e)
		}
	}
	for _, name := range []string{"unused-suppression", "suppression-syntax"} {
		if !strings.Contains(r.stdout, name+" ") {
			t.Errorf("mdlint rules does not list %s", name)
		}
	}
	if n < 3 {
		t.Errorf("mdlint rules listed %d rules", n)
	}
}

// TestLeftOutParts holds every output to what it is when every part of
// every finding is built (MDLINT_ALL_PARTS=1): a run leaves out the
// keys and edits its outputs do not read (lint.Parts), which must
// change nothing. Each format runs alone, since the formats of one run
// share its parts; a baseline run needs the keys the baseline was
// written with.
func TestLeftOutParts(t *testing.T) {
	libs := []string{filepath.Join("..", "..", "testdata", "example")}
	for _, r := range []string{"attack-name-mismatch", "attack-revoked", "attack-url", "matrix-coverage", "matrix-link-text", "count-substring-dedupe"} {
		libs = append(libs, filepath.Join("..", "..", "testdata", "rules", r))
	}
	if cim2 := filepath.Join("..", "..", "..", "shared", "corpus", "CIM2"); !testing.Short() {
		if _, err := os.Stat(cim2); err == nil {
			libs = append(libs, cim2)
		} else {
			t.Logf("real library %s not present (%v); fixtures only", cim2, err)
		}
	}
	for _, lib := range libs {
		abs, err := filepath.Abs(lib)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(lib), func(t *testing.T) {
			dir := t.TempDir()
			mdlint(t, dir, nil, "--write-baseline", "baseline.json", abs)
			runs := [][]string{{"--baseline", "baseline.json", "--format", "json"}, {"--baseline", "baseline.json"}}
			for _, f := range report.Formats() {
				runs = append(runs, []string{"--format", f})
			}
			// the cache keeps the parts a run built: a JSON run's entry
			// (no keys) must not answer a SARIF run, whose entry then
			// answers the next JSON run; each mode has its own cache
			lean, full := "MDLINT_CACHE_DIR="+t.TempDir(), "MDLINT_CACHE_DIR="+t.TempDir()
			for _, f := range []string{"json", "sarif", "json", "sarif"} {
				runs = append(runs, []string{"--cache", "--format", f})
			}
			for _, args := range runs {
				args = append(args, abs)
				got := mdlint(t, dir, []string{lean}, args...)
				want := mdlint(t, dir, []string{"MDLINT_ALL_PARTS=1", full}, args...)
				if got.String() != want.String() {
					t.Errorf("mdlint %s differs from the run that builds every part:\n%s\nwant:\n%s", strings.Join(args, " "), clip(got.String()), clip(want.String()))
				}
			}
		})
	}
}

// clip shortens a long output for a test message.
func clip(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "…"
	}
	return s
}
