package cli

// The commands beyond linting: navigator, attack diff, summary and
// report. Main dispatches to them; see docs/beyond-linting.md.

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"mdlint/internal/attack"
	"mdlint/internal/attackdiff"
	"mdlint/internal/checks"
	"mdlint/internal/htmlreport"
	"mdlint/internal/navigator"
	"mdlint/internal/summary"
	"mdlint/lint"
	"mdlint/model"
	"mdlint/parser"
)

// parseExtra parses a subcommand's flags (before or after the path) and
// returns the one library root, "." by default.
func parseExtra(fs *flag.FlagSet, args []string, stderr io.Writer) (string, int, bool) {
	if err := fs.Parse(interleaved(fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return "", ExitClean, false
		}
		return "", ExitUsage, false
	}
	switch fs.NArg() {
	case 0:
		return ".", 0, true
	case 1:
		return fs.Arg(0), 0, true
	}
	fmt.Fprintf(stderr, "mdlint %s: one library root expected, got %s\n", fs.Name(), strings.Join(fs.Args(), " "))
	return "", ExitUsage, false
}

func fail(stderr io.Writer, err error) int {
	fmt.Fprintln(stderr, "mdlint:", err)
	return ExitUsage
}

// writeOut writes b to file, or to stdout when file is "" or "-".
func writeOut(file string, stdout io.Writer, b []byte) error {
	if file == "" || file == "-" {
		_, err := stdout.Write(b)
		return err
	}
	return os.WriteFile(file, b, 0o644)
}

// rootName names a library root for titles: its folder name.
func rootName(root string) string {
	abs, err := filepath.Abs(root)
	if err != nil {
		return root
	}
	return filepath.Base(abs)
}

func runNavigator(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("navigator", stderr)
	out := fs.String("o", "", "write the layer to this file instead of standard output")
	product := fs.String("by-product", "", "only the RM pages of this product (display name, product name, vendor/product or folder)")
	name := fs.String("name", "", "layer name (default: the library folder's name and \"rule coverage\")")
	data := fs.String("attack-data", "", "ATT&CK STIX bundle the layer is for instead of the embedded release")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: mdlint navigator [-o layer.json] [--by-product NAME] [--name NAME] PATH")
		fs.PrintDefaults()
	}
	root, code, ok := parseExtra(fs, args, stderr)
	if !ok {
		return code
	}
	cat, err := loadCatalog(*data)
	if err != nil {
		return fail(stderr, err)
	}
	lib, err := parser.LoadLibrary(root, parser.Options{})
	if err != nil {
		return fail(stderr, err)
	}
	var keep func(*model.Page) bool
	title := rootName(root) + " rule coverage"
	desc := navigator.DefaultDescription(cat.Version)
	if *product != "" {
		k, names, err := navigator.ProductFilter(lib, *product)
		if err != nil {
			return fail(stderr, fmt.Errorf("--by-product: %w", err))
		}
		keep = k
		title = rootName(root) + " rule coverage: " + strings.Join(names, ", ")
		desc += " Products: " + strings.Join(names, ", ") + "."
	}
	if *name != "" {
		title = *name
	}
	cov := navigator.Collect(lib, keep)
	layer := navigator.Build(cov, navigator.Options{Name: title, Description: desc, Catalog: cat})
	b, err := layer.JSON()
	if err != nil {
		return fail(stderr, err)
	}
	if err := writeOut(*out, stdout, b); err != nil {
		return fail(stderr, err)
	}
	if *out != "" && *out != "-" {
		fmt.Fprintf(stderr, "wrote %s: %d techniques (ATT&CK v%s, layer format %s)\n", *out, len(layer.Techniques), cat.Version, navigator.LayerVersion)
	}
	return ExitClean
}

func runAttackDiff(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("attack diff", stderr)
	to := fs.String("to", "", "STIX bundle of the newer ATT&CK release (required)")
	from := fs.String("from", "", "STIX bundle of the release the library follows (default: the embedded one)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	all := fs.Bool("all", false, "list every place in the text report (default: 5 per change)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: mdlint attack diff --to FILE [--from FILE] [--json] [--all] PATH")
		fs.PrintDefaults()
	}
	root, code, ok := parseExtra(fs, args, stderr)
	if !ok {
		return code
	}
	if *to == "" {
		fmt.Fprintln(stderr, "mdlint attack diff: --to FILE is required")
		return ExitUsage
	}
	var fromCat, toCat *attack.Catalog
	var lib *model.Library
	var errs [3]error
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); fromCat, errs[0] = loadCatalog(*from) }()
	go func() { defer wg.Done(); toCat, errs[1] = attack.LoadFile(*to) }()
	go func() { defer wg.Done(); lib, errs[2] = parser.LoadLibrary(root, parser.Options{}) }()
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return fail(stderr, err)
	}
	r := attackdiff.Diff(lib, fromCat, toCat)
	r.From.Source, r.To.Source = "embedded", filepath.Base(*to)
	if *from != "" {
		r.From.Source = filepath.Base(*from)
	}
	var err error
	if *asJSON {
		err = r.WriteJSON(stdout)
	} else {
		max := 5
		if *all {
			max = 0
		}
		err = r.WriteText(stdout, max)
	}
	if err != nil {
		return fail(stderr, err)
	}
	return ExitClean
}

func runSummary(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("summary", stderr)
	rev := fs.String("base", "", "git revision to compare with (PATH as of that revision)")
	dir := fs.String("base-dir", "", "folder of the base version to compare with")
	asJSON := fs.Bool("json", false, "print the difference as JSON instead of Markdown")
	out := fs.String("o", "", "write to this file instead of standard output")
	limit := fs.Int("limit", 0, "list at most N products per Markdown list (0: all; GitHub comments hold 65536 characters)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: mdlint summary (--base REV | --base-dir DIR) [--json] [--limit N] [-o FILE] PATH")
		fs.PrintDefaults()
	}
	root, code, ok := parseExtra(fs, args, stderr)
	if !ok {
		return code
	}
	if (*rev == "") == (*dir == "") {
		fmt.Fprintln(stderr, "mdlint summary: give one of --base REV or --base-dir DIR")
		return ExitUsage
	}
	baseDir, baseLabel := *dir, *dir
	if *rev != "" {
		d, cleanup, err := summary.Materialize(root, *rev)
		if err != nil {
			return fail(stderr, err)
		}
		defer cleanup()
		baseDir, baseLabel = d, *rev
	}
	var base, head *summary.Snapshot
	var errs [2]error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); base, errs[0] = summary.Load(baseDir) }()
	go func() { defer wg.Done(); head, errs[1] = summary.Load(root) }()
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return fail(stderr, err)
	}
	base.Root, head.Root = baseLabel, root
	d := summary.Compare(base, head)
	var b strings.Builder
	var err error
	if *asJSON {
		err = d.WriteJSON(&b)
	} else {
		err = d.WriteMarkdown(&b, *limit)
	}
	if err == nil {
		err = writeOut(*out, stdout, []byte(b.String()))
	}
	if err != nil {
		return fail(stderr, err)
	}
	return ExitClean
}

func runReport(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("report", stderr)
	outDir := fs.String("html", "", "folder to write the HTML report into (required)")
	title := fs.String("title", "", "report title (default: the library folder's name)")
	data := fs.String("attack-data", "", "ATT&CK STIX bundle to check and draw the matrix against instead of the embedded release")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: mdlint report --html OUTDIR [--title TITLE] PATH")
		fs.PrintDefaults()
	}
	root, code, ok := parseExtra(fs, args, stderr)
	if !ok {
		return code
	}
	if *outDir == "" {
		fmt.Fprintln(stderr, "mdlint report: --html OUTDIR is required")
		return ExitUsage
	}
	cat, err := loadCatalog(*data)
	if err != nil {
		return fail(stderr, err)
	}
	lib, err := parser.LoadLibrary(root, parser.Options{})
	if err != nil {
		return fail(stderr, err)
	}
	opts := checks.Options{Attack: cat}
	diags := lint.Run(lib, checks.All(opts))
	t := *title
	if t == "" {
		t = rootName(root)
	}
	ro := htmlreport.Options{Title: t, Catalog: cat, Rules: checks.Rules(opts)}
	absOut, err1 := filepath.Abs(*outDir)
	absRoot, err2 := filepath.Abs(root)
	if err1 == nil && err2 == nil {
		if rel, err := filepath.Rel(absOut, absRoot); err == nil {
			ro.LinkBase = filepath.ToSlash(rel) + "/"
		}
	}
	if err := htmlreport.Write(*outDir, lib, diags, ro); err != nil {
		return fail(stderr, err)
	}
	fmt.Fprintf(stderr, "wrote %s (%d findings)\n", filepath.Join(*outDir, "index.html"), len(diags))
	return ExitClean
}
