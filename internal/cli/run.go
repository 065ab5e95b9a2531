package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"mdlint/internal/baseline"
	"mdlint/internal/checks"
	"mdlint/internal/config"
	"mdlint/internal/suppress"
	"mdlint/lint"
	"mdlint/model"
)

// IndexPages are the pages that mark a library root when mdlint is
// given files: the nearest folder above the first file holding one of
// them is the root.
var IndexPages = []string{"Exabeam Data Sources.md", "MitreMap.md"}

// targets are what a run lints: a library root, and when mdlint was
// given files, the files whose findings it reports.
type targets struct {
	root  string          // as given or found, relative to the working directory when possible
	files map[string]bool // slash paths relative to root; nil: the whole library
}

// resolveTargets reads the positional arguments: none (the root is
// --root or "."), one folder (the root), or files (the root is --root or
// found from the first file).
func resolveTargets(args []string, rootFlag string, stderr io.Writer) (*targets, error) {
	if len(args) == 0 {
		if rootFlag == "" {
			rootFlag = "."
		}
		return &targets{root: rootFlag}, nil
	}
	var dirs, files []string
	for _, a := range args {
		st, err := os.Stat(a)
		switch {
		case err != nil:
			return nil, usageError{fmt.Sprintf("%s: %v", a, unwrapPathError(err))}
		case st.IsDir():
			dirs = append(dirs, a)
		default:
			files = append(files, a)
		}
	}
	switch {
	case len(dirs) > 0 && len(files) > 0:
		return nil, usageError{"give either one library folder or files, not both: " + strings.Join(args, " ")}
	case len(dirs) > 1:
		return nil, usageError{"one library root expected, got " + strings.Join(args, " ")}
	case len(dirs) == 1:
		if rootFlag != "" && !sameDir(rootFlag, dirs[0]) {
			return nil, usageError{fmt.Sprintf("--root %s and the folder %s disagree; give one of them", rootFlag, dirs[0])}
		}
		return &targets{root: dirs[0]}, nil
	}
	root := rootFlag
	if root == "" {
		root = findLibraryRoot(files[0])
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	t := &targets{root: root, files: map[string]bool{}}
	for _, f := range files {
		abs, err := filepath.Abs(f)
		if err != nil {
			return nil, err
		}
		rel, err := filepath.Rel(absRoot, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			fmt.Fprintf(stderr, "mdlint: %s is outside the library root %s; not checked\n", f, root)
			continue
		}
		t.files[filepath.ToSlash(rel)] = true
	}
	return t, nil
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func sameDir(a, b string) bool {
	x, err1 := filepath.Abs(a)
	y, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && x == y
}

// findLibraryRoot returns the nearest folder at or above file's folder
// that holds one of IndexPages, looking no further up than the
// repository root (a folder holding .git); "." when there is none. The
// result is relative to the working directory when possible.
func findLibraryRoot(file string) string {
	abs, err := filepath.Abs(file)
	if err != nil {
		return "."
	}
	dir := filepath.Dir(abs)
	for {
		for _, n := range IndexPages {
			if st, err := os.Stat(filepath.Join(dir, n)); err == nil && !st.IsDir() {
				return relToWD(dir)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return "."
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "."
		}
		dir = up
	}
}

func relToWD(dir string) string {
	wd, err := os.Getwd()
	if err != nil {
		return dir
	}
	rel, err := filepath.Rel(wd, dir)
	if err != nil {
		return dir
	}
	return rel
}

// scope keeps the findings in the named files, or whose related
// positions name them, and those about the whole run.
func (t *targets) scope(ds []lint.Diagnostic) []lint.Diagnostic {
	if t.files == nil {
		return ds
	}
	out := ds[:0:0]
	for _, d := range ds {
		keep := d.File == "" || t.files[d.File]
		for _, r := range d.Related {
			keep = keep || t.files[r.File]
		}
		if keep {
			out = append(out, d)
		}
	}
	return out
}

// inScope is nil for the whole library, else whether a file is named.
func (t *targets) inScope() func(string) bool {
	if t.files == nil {
		return nil
	}
	return func(f string) bool { return t.files[f] }
}

// ruleSchema describes every rule name for configuration: the checks
// (whose names do not depend on the ATT&CK data) and the rules of
// suppressions.
func ruleSchema() config.Schema {
	return config.Schema{Checks: checks.All(checks.Options{}), Extra: suppress.Rules}
}

// allRules lists every rule a run can report, sorted by name.
func allRules(opts checks.Options) []lint.Rule {
	rs := append(checks.Rules(opts), suppress.Rules...)
	sort.Slice(rs, func(i, j int) bool { return rs[i].Name < rs[j].Name })
	return rs
}

// loadConfig reads --config FILE, or the .mdlint.yaml found from root
// upward, or returns the defaults.
func loadConfig(file, root string, s config.Schema) (*config.Config, error) {
	if file == "" {
		found, err := config.Find(root)
		if err != nil {
			return nil, err
		}
		if found == "" {
			return config.Default(root), nil
		}
		file = found
	}
	c, err := config.Load(file, s)
	if err != nil {
		var ce config.Errors
		if errors.As(err, &ce) {
			return nil, err
		}
		return nil, fmt.Errorf("--config: %w", err)
	}
	return c, nil
}

// overrides turns the flags given on the command line into config
// overrides; flags not given leave the file's settings alone.
func (f *lintFlags) overrides() config.Overrides {
	o := config.Overrides{
		Enable:    config.SplitList(f.enable),
		Disable:   config.SplitList(f.disable),
		FailLevel: f.failLevel,
		Color:     f.color,
	}
	if f.given["quiet"] {
		q := f.quiet
		o.Quiet = &q
	}
	return o
}

// settings loads the configuration for root and applies the flags.
func (f *lintFlags) settings(root string) (*config.Config, config.Schema, error) {
	s := ruleSchema()
	cfg, err := loadConfig(f.config, root, s)
	if err != nil {
		return nil, s, err
	}
	if err := cfg.Apply(s, f.overrides()); err != nil {
		return nil, s, usageError{err.Error()}
	}
	f.quiet = *cfg.Quiet
	return cfg, s, nil
}

// attackDataFile is --attack-data, else the configuration's.
func (f *lintFlags) attackDataFile(cfg *config.Config) string {
	if f.attackData != "" {
		return f.attackData
	}
	return cfg.AttackDataPath()
}

// postprocess is what happens to the findings of the checks before they
// are reported: findings of rules turned off are dropped, inline
// suppressions applied, severities set from the configuration, and
// findings in ignored or excluded pages dropped.
type postprocess struct {
	cfg   *config.Config
	match *config.Matcher
	known map[string]bool
}

func newPostprocess(cfg *config.Config, s config.Schema, root string) (*postprocess, error) {
	m, err := cfg.Matcher(root)
	if err != nil {
		return nil, err
	}
	p := &postprocess{cfg: cfg, match: m, known: map[string]bool{}}
	for _, r := range s.Rules() {
		p.known[r.Name] = true
	}
	return p, nil
}

func (p *postprocess) keepRule(rule string) bool {
	return !p.known[rule] || p.cfg.On(rule) // unknown names (internal-error) always stay
}

// apply filters ds in place (lint.Run's result belongs to the caller).
// What the configuration says of a rule is looked up once per rule, and
// a finding is moved only when one before it was dropped: a run on a
// large library has tens of thousands of findings of a few rules.
func (p *postprocess) apply(lib *model.Library, ds []lint.Diagnostic) []lint.Diagnostic {
	type ruleConf struct {
		keep   bool
		sev    lint.Severity
		setSev bool
	}
	confs := map[string]ruleConf{}
	conf := func(rule string) ruleConf {
		c, ok := confs[rule]
		if !ok {
			c.keep = p.keepRule(rule)
			c.sev, c.setSev = p.cfg.SeverityOf(rule)
			confs[rule] = c
		}
		return c
	}
	// the findings of rules turned off are dropped below, after the
	// suppressions: those rules' suppressions are never reported unused
	// (Ran), so what the findings of such rules match does not matter
	out := suppress.Apply(lib, ds, suppress.Options{
		Known: func(r string) bool { return p.known[r] },
		Ran:   func(r string) bool { return p.known[r] && p.cfg.On(r) },
	})
	kept := out[:0]
	for i := range out {
		d := &out[i]
		c := conf(d.Rule)
		if !c.keep || p.match.Drops(d.Rule, d.File) {
			continue
		}
		if c.setSev {
			d.Severity = c.sev
		}
		if len(kept) < i {
			kept = append(kept, *d)
		} else {
			kept = kept[:i+1]
		}
	}
	return kept
}

// writeBaseline writes the findings as a baseline file.
func writeBaseline(file string, ds []lint.Diagnostic, stderr io.Writer) error {
	b := baseline.New(ds)
	if err := b.WriteFile(file); err != nil {
		return fmt.Errorf("--write-baseline: %w", err)
	}
	fmt.Fprintf(stderr, "mdlint: wrote %s with %s (%d keys)\n", file, plural(b.Total(), "finding", "findings"), len(b.Findings))
	return nil
}

// applyBaseline drops the findings the baseline holds and says how
// many it held and how many of those are gone.
func applyBaseline(b *baseline.File, file string, ds []lint.Diagnostic, t *targets, quiet bool, stderr io.Writer) []lint.Diagnostic {
	r := b.Filter(ds, t.inScope())
	if !quiet {
		fmt.Fprintf(stderr, "mdlint: baseline %s: %s not reported, %s gone since it was written",
			file, plural(r.Matched, "known finding", "known findings"), plural(r.Gone, "baselined finding", "baselined findings"))
		if r.Gone > 0 {
			fmt.Fprint(stderr, " (run with --write-baseline to drop them)")
		}
		fmt.Fprintln(stderr)
	}
	return r.New
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// dropSummary removes the summary line (and the blank line before it)
// from the text format's output: --quiet prints findings only.
func dropSummary(text []byte) []byte {
	t := bytes.TrimSuffix(text, []byte("\n"))
	i := bytes.LastIndexByte(t, '\n')
	if i < 0 {
		return nil
	}
	return append(bytes.TrimRight(t[:i], "\n"), '\n')
}

// check wraps the selected checks into one: it runs them, applies the
// post-processing and keeps the findings of the targets.
func (p *postprocess) check(sel []*lint.Check, t *targets) *lint.Check {
	return &lint.Check{
		Name:     "mdlint",
		Doc:      "the selected checks, with suppressions and configuration applied",
		Severity: lint.Error,
		Run: func(pass *lint.Pass) {
			pass.ReportAll(t.scope(p.apply(pass.Library, lint.RunParts(pass.Library, sel, pass.Parts()))))
		},
	}
}

// printError prints an error that ends the run: configuration errors
// one a line as file:line:col: message, others prefixed by "mdlint:".
func printError(w io.Writer, err error) {
	var ce config.Errors
	if errors.As(err, &ce) {
		for _, e := range ce {
			fmt.Fprintln(w, e)
		}
		return
	}
	fmt.Fprintln(w, "mdlint:", err)
}

// runConfig is "mdlint config print [flags] [PATH]".
func runConfig(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "print" {
		fmt.Fprintln(stderr, "usage: mdlint config print [--config FILE] [flags] [PATH]")
		return ExitUsage
	}
	var f lintFlags
	fs := newFlagSet("mdlint config print", stderr)
	f.register(fs)
	if err := fs.Parse(interleaved(fs, args[1:])); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitClean
		}
		return ExitUsage
	}
	f.given = map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { f.given[fl.Name] = true })
	t, err := resolveTargets(fs.Args(), f.root, stderr)
	if err != nil {
		printError(stderr, err)
		return ExitUsage
	}
	cfg, s, err := f.settings(t.root)
	if err != nil {
		printError(stderr, err)
		return ExitUsage
	}
	if f.attackData != "" {
		abs, err := filepath.Abs(f.attackData)
		if err == nil {
			cfg.AttackData = abs
		}
	}
	if err := cfg.Print(stdout, s); err != nil {
		printError(stderr, err)
		return ExitUsage
	}
	return ExitClean
}

// targets resolves the positional arguments and --files-from.
func (f *lintFlags) targets(args []string, stderr io.Writer) (*targets, error) {
	if f.filesFrom == "" {
		return resolveTargets(args, f.root, stderr)
	}
	var data []byte
	var err error
	if f.filesFrom == "-" {
		data, err = io.ReadAll(os.Stdin)
	} else {
		data, err = os.ReadFile(f.filesFrom)
	}
	if err != nil {
		return nil, fmt.Errorf("--files-from: %w", err)
	}
	files := args
	for _, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if _, err := os.Stat(l); err != nil {
			if !f.quiet {
				fmt.Fprintf(stderr, "mdlint: %s (--files-from): %v; skipped\n", l, unwrapPathError(err))
			}
			continue
		}
		files = append(files, l)
	}
	if len(files) == 0 {
		// Nothing to report on, but a run all the same (outputs are
		// written, with no findings).
		root := f.root
		if root == "" {
			root = "."
		}
		return &targets{root: root, files: map[string]bool{}}, nil
	}
	for _, a := range files {
		if st, err := os.Stat(a); err == nil && st.IsDir() {
			return nil, usageError{"--files-from lists files, not folders: " + a}
		}
	}
	return resolveTargets(files, f.root, stderr)
}
