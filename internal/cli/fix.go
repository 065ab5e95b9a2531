package cli

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"mdlint/internal/fix"
	"mdlint/lint"
	"mdlint/model"
	"mdlint/parser"
)

// fixFlag is --fix (safe fixes) or --fix=unsafe (unsafe ones too): a
// flag that may stand alone like a bool flag or take a value.
type fixFlag struct{ mode string }

func (f *fixFlag) String() string   { return f.mode }
func (f *fixFlag) IsBoolFlag() bool { return true }
func (f *fixFlag) Set(s string) error {
	switch s {
	case "true", "safe":
		f.mode = "safe"
	case "unsafe":
		f.mode = "unsafe"
	case "false":
		f.mode = ""
	default:
		return fmt.Errorf("want --fix or --fix=unsafe, got --fix=%s", s)
	}
	return nil
}

// fixFlags are the flags of fixing (see docs/fix.md).
type fixFlags struct {
	fix  fixFlag
	diff bool
}

func (f *fixFlags) register(fs *flag.FlagSet) {
	fs.Var(&f.fix, "fix", "apply the safe fixes of the findings in place, then report the findings that remain; --fix=unsafe applies unsafe fixes too (see docs/fix.md)")
	fs.BoolVar(&f.diff, "diff", false, "print the changes --fix would make as a unified diff and write nothing; exit 1 when there are some")
}

func (f *fixFlags) fixing() bool { return f.fix.mode != "" || f.diff }

// runFix fixes the library to a fixed point. With --diff it prints the
// diff and returns the exit code (>= 0). With --fix it writes the pages,
// prints what changed to stderr and returns the library and findings
// that remain, with code -1: the caller reports them as usual.
func (f *lintFlags) runFix(root string, lib *model.Library, diags []lint.Diagnostic, sel []*lint.Check, stdout, stderr io.Writer) (*model.Library, []lint.Diagnostic, int, error) {
	// sel reports exactly what a lint run reports (configuration,
	// suppressions, the files named): the same for every re-lint
	lintLib := func(l *model.Library) []lint.Diagnostic { return lint.Run(l, sel) }
	out, err := fix.Run(lib, diags, fix.Options{Unsafe: f.fix.mode == "unsafe", Lint: lintLib})
	if err != nil {
		return nil, nil, 0, err
	}
	if f.diff {
		io.WriteString(stdout, out.Diff())
		printFixNotes(stderr, out, f.quiet, "would fix")
		if out.Changed() {
			return nil, nil, ExitFindings, nil
		}
		return nil, nil, ExitClean, nil
	}
	wr, werr := out.Write()
	if !f.quiet {
		printChanges(stderr, out, wr)
	}
	printFixNotes(stderr, out, f.quiet, "fixed")
	for _, p := range wr.Skipped {
		fmt.Fprintln(stderr, "mdlint:", p)
	}
	if werr != nil {
		if len(wr.Unwritten) > 0 {
			fmt.Fprintf(stderr, "mdlint: %s not written\n", counted(len(wr.Unwritten), "page"))
		}
		return nil, nil, 0, werr
	}
	if len(wr.Skipped) > 0 {
		// what is on disk is no longer what the run fixed: lint it again
		if lib, err = parser.LoadLibrary(root, parser.Options{}); err != nil {
			return nil, nil, 0, err
		}
		return lib, lintLib(lib), -1, nil
	}
	return out.Library, out.Remaining, -1, nil
}

// printChanges prints, per page written, how many edits each rule made.
func printChanges(w io.Writer, out *fix.Outcome, wr *fix.WriteResult) {
	written := map[string]bool{}
	for _, p := range wr.Written {
		written[p] = true
	}
	for _, f := range out.Files {
		if !written[f.Path] {
			continue
		}
		n := map[string]int{}
		var rules []string
		for _, c := range f.Changes {
			if n[c.Rule] == 0 {
				rules = append(rules, c.Rule)
			}
			n[c.Rule]++
		}
		sort.Strings(rules)
		parts := make([]string, len(rules))
		for i, r := range rules {
			parts[i] = fmt.Sprintf("%s %d", r, n[r])
		}
		fmt.Fprintf(w, "fixed %s: %s\n", f.Path, strings.Join(parts, ", "))
	}
}

// printFixNotes prints the totals, refused fixes and non-convergence.
func printFixNotes(w io.Writer, out *fix.Outcome, quiet bool, verb string) {
	fixed := 0
	for _, n := range out.Fixed {
		fixed += n
	}
	if !quiet || out.Changed() {
		fmt.Fprintf(w, "mdlint: %s %s with %s in %s (%s)\n", verb, counted(fixed, "finding"), counted(out.Edits(), "edit"), counted(len(out.Files), "page"), counted(out.Rounds, "round"))
	}
	for _, c := range out.Conflicts {
		fmt.Fprintln(w, "mdlint: fix refused:", c)
	}
	for _, c := range out.Invalid {
		fmt.Fprintln(w, "mdlint: fix refused:", c, "has an invalid edit range")
	}
	for _, p := range out.Stale {
		fmt.Fprintln(w, "mdlint:", p)
	}
	if out.UnsafeLeft > 0 {
		fmt.Fprintf(w, "mdlint: %s only unsafe fixes; --fix=unsafe applies them\n", counted(out.UnsafeLeft, "finding has", "findings have"))
	}
	if !out.Converged {
		fmt.Fprintf(w, "mdlint: fixes did not converge after %s; the findings that remain still carry fixes\n", counted(out.Rounds, "round"))
	}
}

// counted formats "1 page", "2 pages"; forms gives the singular and
// plural phrases when adding "s" is not enough.
func counted(n int, forms ...string) string {
	one, many := forms[0], forms[0]+"s"
	if len(forms) > 1 {
		many = forms[1]
	}
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
