// Package cli is mdlint's command line: flags, loading, checking,
// reporting and the exit code. Only this package chooses exit codes:
// 0 clean, 1 findings at or above the fail level, 2 usage or
// configuration errors or an unreadable root.
package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/mattn/go-isatty"

	"mdlint/internal/attack"
	"mdlint/internal/baseline"
	"mdlint/internal/cache"
	"mdlint/internal/checks"
	"mdlint/internal/report"
	"mdlint/lint"
	"mdlint/model"
	"mdlint/parser"
)

// Version is mdlint's version, set at build time with -ldflags.
var Version = "0.1.0-dev"

// Exit codes.
const (
	ExitClean    = 0
	ExitFindings = 1
	ExitUsage    = 2
)

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// Main runs mdlint with args (without the program name) and returns the
// exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "model":
			return runModel(args[1:], stdout, stderr)
		case "rules":
			return runRules(args[1:], stdout, stderr)
		case "explain":
			return runExplain(args[1:], stdout, stderr)
		case "attack":
			return runAttack(args[1:], stdout, stderr)
		case "config":
			return runConfig(args[1:], stdout, stderr)
		case "navigator":
			return runNavigator(args[1:], stdout, stderr)
		case "summary":
			return runSummary(args[1:], stdout, stderr)
		case "report":
			return runReport(args[1:], stdout, stderr)
		case "version", "--version":
			fmt.Fprintln(stdout, "mdlint", Version)
			return ExitClean
		case "help", "-h", "--help":
			usage(stdout)
			return ExitClean
		}
	}
	return runLint(args, stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage: mdlint [flags] [PATH]
       mdlint [flags] FILE...          report only the findings of these pages
       mdlint model [--json] PATH      print the model mdlint reads
       mdlint rules                    list every rule
       mdlint explain RULE             print a rule's documentation
       mdlint attack info              print the ATT&CK release in use
       mdlint config print [PATH]      print the effective configuration
       mdlint attack diff --to FILE PATH   what a newer ATT&CK release would change
       mdlint navigator [-o FILE] PATH     the rule coverage as an ATT&CK Navigator layer
       mdlint summary --base REV PATH      what changed since a revision (--base-dir DIR)
       mdlint report --html DIR PATH       a static HTML report

Checks the content library at PATH (default ".") and reports every
place where its pages contradict each other. Given files (as pre-commit
passes them), it still reads the whole library from the root (--root, or
the nearest folder above the first file holding "Exabeam Data
Sources.md" or "MitreMap.md") and reports the findings in those files.
Settings come from .mdlint.yaml (looked for from the root upward to the
repository root) or --config; flags override them.

Exit codes: 0 no finding at or above --fail-level, 1 findings, 2 usage
or configuration error.

Flags:
`)
}

type lintFlags struct {
	formats    multiFlag
	color      string
	failLevel  string
	quiet      bool
	enable     string
	disable    string
	attackData string
	cache      bool // --cache (cache.go)
	fixFlags        // --fix, --diff (fix.go)

	config        string          // --config FILE
	root          string          // --root DIR, for file arguments
	baseline      string          // --baseline FILE
	writeBaseline string          // --write-baseline FILE
	filesFrom     string          // --files-from FILE
	given         map[string]bool // flags given on the command line
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func runLint(args []string, stdout, stderr io.Writer) int {
	var f lintFlags
	fs := newFlagSet("mdlint", stderr)
	fs.Usage = func() { usage(stderr); fs.PrintDefaults() }
	fs.Var(&f.formats, "format", "output format: text, json, sarif, github, junit, checkstyle; FORMAT=FILE writes to a file (repeatable)")
	f.register(fs)
	f.fixFlags.register(fs)
	fs.StringVar(&f.baseline, "baseline", "", "report only findings that the baseline FILE does not hold")
	fs.StringVar(&f.writeBaseline, "write-baseline", "", "write today's findings to the baseline FILE and exit 0")
	fs.StringVar(&f.filesFrom, "files-from", "", "report only the findings of the files listed in FILE, one a line (- for stdin; missing files are skipped)")
	if err := fs.Parse(interleaved(fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitClean
		}
		return ExitUsage
	}
	f.given = map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { f.given[fl.Name] = true })
	code, err := lintMain(&f, fs.Args(), stdout, stderr)
	if err != nil {
		printError(stderr, err)
		return ExitUsage
	}
	return code
}

// register defines the flags that lint runs and "config print" share.
func (f *lintFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.config, "config", "", "configuration FILE (default: .mdlint.yaml in the root or a folder above it, up to the repository root)")
	fs.StringVar(&f.root, "root", "", "library root when FILE arguments are given (default: the nearest folder above the first file holding the index pages)")
	fs.StringVar(&f.color, "color", "", "colour text output: auto, always or never (default auto; NO_COLOR is honoured)")
	fs.StringVar(&f.failLevel, "fail-level", "", "lowest severity that makes the exit code 1: error, warning or info (default error)")
	fs.BoolVar(&f.quiet, "quiet", false, "print findings only: no summary line, no notes")
	fs.StringVar(&f.enable, "enable", "", "comma-separated rules (or patterns such as attack-*) to run, and only these (default: all)")
	fs.StringVar(&f.disable, "disable", "", "comma-separated rules (or patterns such as attack-*) not to run")
	fs.StringVar(&f.attackData, "attack-data", "", "ATT&CK STIX bundle to check against instead of the embedded release")
	fs.BoolVar(&f.cache, "cache", false, "answer from the result cache when the library, configuration and arguments are unchanged (confirmed by every page's bytes)")
}

// interleaved moves flags written after positional arguments to the
// front, so "mdlint ./docs --format json" works.
func interleaved(fs *flag.FlagSet, args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if strings.Contains(name, "=") {
				continue
			}
			if fl := fs.Lookup(name); fl != nil {
				if bf, ok := fl.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
					continue
				}
				if i+1 < len(args) {
					flags = append(flags, args[i+1])
					i++
				}
			}
			continue
		}
		pos = append(pos, a)
	}
	return append(flags, append([]string{"--"}, pos...)...)
}

func loadCatalog(file string) (*attack.Catalog, error) {
	if file == "" {
		return attack.Default(), nil
	}
	c, err := attack.LoadFile(file)
	if err != nil {
		return nil, fmt.Errorf("--attack-data: %w", err)
	}
	return c, nil
}

func lintMain(f *lintFlags, args []string, stdout, stderr io.Writer) (int, error) {
	ph := newPhases(stderr)
	defer ph.print()
	t, err := f.targets(args, stderr)
	if err != nil {
		return 0, err
	}
	root := t.root
	cfg, schema, err := f.settings(root)
	if err != nil {
		return 0, err
	}
	color, err := useColor(cfg.Color, stdout)
	if err != nil {
		return 0, err
	}
	cat, err := loadCatalog(f.attackDataFile(cfg))
	if err != nil {
		return 0, err
	}
	opts := checks.Options{Attack: cat}
	outs, err := parseFormats(f.formats)
	if err != nil {
		return 0, err
	}
	adviseHugePages(hugeHeap) // before the cache lookup too: it reads every page
	var base *baseline.File
	if f.baseline != "" {
		// after the huge-page advice and with the collector set for the
		// run: a baseline of tens of thousands of findings is megabytes
		tuneMemory()
		if base, err = baseline.Read(f.baseline); err != nil {
			return 0, fmt.Errorf("--baseline: %w", err)
		}
	}
	rc := f.openCache(root, args, cfg, schema, f.attackDataFile(cfg))
	ph.mark("setup")
	var lib *model.Library
	var diags []lint.Diagnostic
	var sel []*lint.Check
	pages := 0
	parts := f.parts(outs)
	if e, ok := rc.lookupOrNil(root, parts, t.files); ok {
		diags, pages = e.Diags, e.Files
	} else {
		tuneMemory()
		lib, err = parser.LoadLibrary(root, parser.Options{Fingerprint: rc != nil})
		if err != nil {
			return 0, err
		}
		tuneForLibrary(lib)
		ph.mark("load")
		if len(lib.Pages) == 0 {
			return 0, fmt.Errorf("no Markdown pages under %s: is this the library's folder?", root)
		}
		post, err := newPostprocess(cfg, schema, root)
		if err != nil {
			return 0, err
		}
		// One check that runs the selected checks and post-processes
		// their findings (suppressions, configuration, the files
		// named), so that every lint of the library, including the
		// re-lints of --fix, reports the same way.
		sel = []*lint.Check{post.check(cfg.Checks(checks.All(opts)), t)}
		diags = lint.RunParts(lib, sel, parts)
		ph.mark("check")
		pages = len(lib.Pages)
		if rc != nil {
			rc.store(root, lib, &cache.Entry{Files: pages, Diags: diags, Omitted: lint.AllParts &^ parts})
		}
	}
	if f.fixing() {
		code := 0
		if lib, diags, code, err = f.runFix(root, lib, diags, sel, stdout, stderr); err != nil || code >= 0 {
			return code, err
		}
	}
	if f.writeBaseline != "" {
		return ExitClean, writeBaseline(f.writeBaseline, diags, stderr)
	}
	if base != nil {
		diags = applyBaseline(base, f.baseline, diags, t, f.quiet, stderr)
	}
	res := &report.Result{Root: root, Files: pages, Diagnostics: diags, ToolVersion: Version}
	for _, r := range allRules(opts) {
		res.Rules = append(res.Rules, report.RuleInfo{Name: r.Name, Doc: r.Doc, Severity: r.Severity, HelpURI: helpURI(r.Name)})
	}
	for _, o := range outs {
		if err := o.write(res, stdout, color, f.quiet); err != nil {
			return 0, err
		}
	}
	ph.mark("output")
	for _, d := range diags {
		if d.Severity >= cfg.FailLevel {
			return ExitFindings, nil
		}
	}
	return ExitClean, nil
}

// allParts makes every run build every part of every finding
// (MDLINT_ALL_PARTS=1): what a run that leaves parts out must print the
// same as (TestLeftOutParts).
var allParts = os.Getenv("MDLINT_ALL_PARTS") == "1"

// parts returns the parts of the findings that the run reads besides
// where they are and what they say: keys for baselines and the formats
// that print them (SARIF's fingerprints), everything for --fix. The
// cache keeps what the run built, and answers a later run only with
// findings that have the parts it needs.
func (f *lintFlags) parts(outs []output) lint.Parts {
	if f.fixing() || f.writeBaseline != "" || allParts {
		return lint.AllParts
	}
	var p lint.Parts
	if f.baseline != "" {
		p |= lint.PartKey
	}
	for _, o := range outs {
		p |= report.Reads(o.format)
	}
	return p
}

func dropRules(ds []lint.Diagnostic, list string) []lint.Diagnostic {
	off := map[string]bool{}
	for _, n := range strings.Split(list, ",") {
		off[strings.TrimSpace(n)] = true
	}
	out := ds[:0]
	for _, d := range ds {
		if !off[d.Rule] {
			out = append(out, d)
		}
	}
	return out
}

// HelpBase is where rule documentation pages live.
const HelpBase = "https://github.com/mdlint/mdlint/blob/main/docs/rules/"

func helpURI(rule string) string { return HelpBase + rule + ".md" }

type output struct {
	format string
	file   string
}

func parseFormats(fs []string) ([]output, error) {
	if len(fs) == 0 {
		return []output{{format: "text"}}, nil
	}
	known := map[string]bool{}
	for _, f := range report.Formats() {
		known[f] = true
	}
	var out []output
	for _, f := range fs {
		name, file, _ := strings.Cut(f, "=")
		if !known[name] {
			return nil, usageError{fmt.Sprintf("unknown format %q (want one of %s)", name, strings.Join(report.Formats(), ", "))}
		}
		out = append(out, output{name, file})
	}
	return out, nil
}

func (o output) write(res *report.Result, stdout io.Writer, color, quiet bool) error {
	w := stdout
	if o.file != "" {
		fh, err := os.Create(o.file)
		if err != nil {
			return fmt.Errorf("--format %s: %w", o.format, err)
		}
		defer fh.Close()
		w = fh
		color = false
	}
	opts := report.Options{Color: color}
	if o.format == "github" {
		if p := os.Getenv("GITHUB_STEP_SUMMARY"); p != "" {
			fh, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
			if err == nil {
				defer fh.Close()
				opts.Summary = fh
			}
		}
	}
	if o.format == "text" && quiet {
		var buf bytes.Buffer
		if err := report.Write(o.format, &buf, res, opts); err != nil {
			return err
		}
		_, err := w.Write(dropSummary(buf.Bytes()))
		return err
	}
	return report.Write(o.format, w, res, opts)
}

func useColor(mode string, w io.Writer) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto", "":
		if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
			return false, nil
		}
		fh, ok := w.(*os.File)
		if !ok {
			return false, nil
		}
		// a terminal, not any character device: /dev/null is one too
		return isatty.IsTerminal(fh.Fd()) || isatty.IsCygwinTerminal(fh.Fd()), nil
	}
	return false, usageError{fmt.Sprintf("--color: want auto, always or never, got %q", mode)}
}

func runModel(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("mdlint model", stderr)
	asJSON := fs.Bool("json", false, "print the model as JSON (schema: docs/model.md)")
	if err := fs.Parse(interleaved(fs, args)); err != nil {
		return ExitUsage
	}
	root := "."
	if fs.NArg() > 0 {
		root = fs.Arg(0)
	}
	lib, err := parser.LoadLibrary(root, parser.Options{})
	if err != nil {
		fmt.Fprintln(stderr, "mdlint:", err)
		return ExitUsage
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(modelJSON{Version: 1, Library: lib}); err != nil {
			fmt.Fprintln(stderr, "mdlint:", err)
			return ExitUsage
		}
		return ExitClean
	}
	printModelSummary(stdout, lib)
	return ExitClean
}

type modelJSON struct {
	Version int `json:"version"`
	*model.Library
}

func printModelSummary(w io.Writer, lib *model.Library) {
	kinds := map[model.Kind]int{}
	dialects := map[string]int{}
	errs := 0
	for _, p := range lib.Pages {
		kinds[p.Kind]++
		dialects[string(p.Kind)+" "+p.Dialect]++
		if p.Err != "" {
			errs++
		}
	}
	fmt.Fprintf(w, "library %s: %d pages, %d other files, %d folders\n", lib.Root, len(lib.Pages), len(lib.Files), len(lib.Dirs))
	fmt.Fprintln(w, "pages by kind and dialect:")
	var keys []string
	for k := range dialects {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "  %-40s %6d\n", k, dialects[k])
	}
	prs := lib.Products()
	fmt.Fprintf(w, "products: %d\n", len(prs))
	for _, pr := range prs {
		first := pr.First()
		if first == nil {
			fmt.Fprintf(w, "  %s/%s: no first page\n", pr.Dir, pr.Base)
			continue
		}
		ds := first.DataSource
		rows := 0
		for _, p := range pr.Pages {
			rows += len(p.DataSource.Rows)
		}
		sum := ""
		if s := ds.Summary; s != nil {
			sum = fmt.Sprintf(" summary %s/%s/%s/%s/%s", cnt(s.Rules), cnt(s.Models), cnt(s.TTPs), cnt(s.EventTypes), cnt(s.Parsers))
		}
		fmt.Fprintf(w, "  %s | %s (%s): %d pages, %d use-case rows, %d RM pages%s\n", ds.Vendor.Value, ds.Product.Value, first.Path, len(pr.Pages), rows, len(pr.RMPages), sum)
	}
	if errs > 0 {
		fmt.Fprintf(w, "pages with errors: %d\n", errs)
		for _, p := range lib.Pages {
			if p.Err != "" {
				fmt.Fprintf(w, "  %s: %s\n", p.Path, p.Err)
			}
		}
	}
	for _, e := range lib.Errors {
		fmt.Fprintf(w, "  error: %s\n", e)
	}
}

func cnt(c *model.Count) string {
	if c == nil {
		return "-"
	}
	if !c.Valid {
		return "?" + c.Raw
	}
	return fmt.Sprint(c.Value)
}

func runRules(args []string, stdout, stderr io.Writer) int {
	for _, r := range allRules(checks.Options{}) {
		fmt.Fprintf(stdout, "%-28s %-8s %s\n", r.Name, r.Severity, r.Doc)
	}
	return ExitClean
}

func runExplain(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: mdlint explain RULE")
		return ExitUsage
	}
	doc, ok := RuleDoc(args[0])
	if !ok {
		fmt.Fprintf(stderr, "mdlint: unknown rule %q (see mdlint rules)\n", args[0])
		return ExitUsage
	}
	fmt.Fprint(stdout, doc)
	return ExitClean
}

func runAttack(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "diff" {
		return runAttackDiff(args[1:], stdout, stderr)
	}
	if len(args) == 0 || args[0] != "info" {
		fmt.Fprintln(stderr, "usage: mdlint attack info [--attack-data FILE]")
		return ExitUsage
	}
	fs := newFlagSet("mdlint attack info", stderr)
	data := fs.String("attack-data", "", "ATT&CK STIX bundle to describe instead of the embedded release")
	if err := fs.Parse(interleaved(fs, args[1:])); err != nil {
		return ExitUsage
	}
	c, err := loadCatalog(*data)
	if err != nil {
		fmt.Fprintln(stderr, "mdlint:", err)
		return ExitUsage
	}
	printAttackInfo(stdout, c, *data)
	return ExitClean
}
