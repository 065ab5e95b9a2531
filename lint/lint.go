package lint

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"mdlint/model"
)

// Severity is how serious a finding is.
type Severity int

// Severities, from least to most serious. The zero value means "the
// check's default" in a reported Diagnostic.
const (
	Info Severity = iota + 1
	Warning
	Error
)

// String returns "info", "warning" or "error".
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	default:
		return "info"
	}
}

// ParseSeverity parses "error", "warning" or "info".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(s) {
	case "error":
		return Error, nil
	case "warning", "warn":
		return Warning, nil
	case "info":
		return Info, nil
	}
	return Info, fmt.Errorf("unknown severity %q (want error, warning or info)", s)
}

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Edit replaces the bytes [Start, End) of File with New. Old, when
// set, is the text the range must still hold: a fix refuses a file
// whose range holds anything else (the file changed since the check
// read it). Leave it empty when the check does not know the bytes.
type Edit struct {
	File  string `json:"file"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	New   string `json:"new"`
	Old   string `json:"old,omitempty"`
}

// Fix is a set of edits that together repair one finding.
type Fix struct {
	Message string `json:"message"`
	Edits   []Edit `json:"edits"`
	// Unsafe fixes change meaning (e.g. replacing a revoked technique)
	// and are applied only on request.
	Unsafe bool `json:"unsafe,omitempty"`
}

// Related is another place that explains a finding (where the other
// number came from).
type Related struct {
	File    string     `json:"file"`
	Span    model.Span `json:"span"`
	Message string     `json:"message"`
}

// Diagnostic is one finding.
type Diagnostic struct {
	File     string     `json:"file"` // slash path relative to the root
	Span     model.Span `json:"span"`
	Rule     string     `json:"rule"`
	Severity Severity   `json:"severity"`
	Message  string     `json:"message"`
	Related  []Related  `json:"related,omitempty"`
	Fixes    []Fix      `json:"fixes,omitempty"`
	// Key identifies what the finding is about independently of line
	// numbers (rule + page + entity); baselines and SARIF fingerprints
	// use it. Set by the check; Run fills a default when empty.
	Key string `json:"key"`
}

// Check is one rule.
type Check struct {
	Name     string   // stable kebab-case name, never renamed
	Doc      string   // one line
	Severity Severity // default severity
	// Also names further rules this check reports under (a refined
	// classification of its own findings), with their docs.
	Also []Rule
	Run  func(*Pass)
	// Cost is how long the check takes on a large library, in
	// milliseconds of CPU on CIM2 (0: a few). Run starts the costlier
	// checks first, so that a long one does not end up running alone
	// on one core at the end. A hint for speed only.
	Cost int
}

// Rule describes a rule name a check reports under besides its own.
type Rule struct {
	Name     string
	Doc      string
	Severity Severity
}

// Rules returns the check's own rule followed by its Also rules.
func (c *Check) Rules() []Rule {
	return append([]Rule{{c.Name, c.Doc, c.Severity}}, c.Also...)
}

// Parts names the parts of a finding that only some consumers read: a
// run may leave out those its caller does not read, whose building is
// much of the cost of tens of thousands of findings. Where, rule,
// severity, message and related places are always there.
type Parts uint8

const (
	// PartKey is Diagnostic.Key (baselines, SARIF fingerprints,
	// --fix).
	PartKey Parts = 1 << iota
	// PartEdits is the edits of Diagnostic.Fixes (--fix). Without it a
	// fixable finding may carry OmittedFixes instead.
	PartEdits

	// AllParts is every part: what Run builds.
	AllParts = PartKey | PartEdits
)

// omittedFixes is what OmittedFixes returns.
var omittedFixes = []Fix{{Message: "fixable (the run left out the edits)"}}

// OmittedFixes stands for the fixes of a fixable finding in a run that
// does not build edits (Pass.Wants(PartEdits) is false): one fix
// without edits, shared by every such finding and never to be changed,
// so that len(d.Fixes) > 0 still says the finding can be fixed.
func OmittedFixes() []Fix { return omittedFixes[:1:1] }

// Pass is what a check sees: the library and a way to report.
type Pass struct {
	Check   *Check
	Library *model.Library

	skip   Parts // the parts the run leaves out
	mu     sync.Mutex
	diags  []Diagnostic
	shared [][]Diagnostic // ReportShared's, still the caller's
}

// Report records a diagnostic. Rule and Severity default to the check's.
func (p *Pass) Report(d Diagnostic) {
	p.defaults(&d)
	p.mu.Lock()
	p.diags = append(p.diags, d)
	p.mu.Unlock()
}

// ReportAll records diagnostics in one append, with the defaults of
// Report; the first call keeps ds itself, so the caller must not use ds
// afterwards (Run sorts it in place).
func (p *Pass) ReportAll(ds []Diagnostic) {
	for i := range ds {
		p.defaults(&ds[i])
	}
	p.mu.Lock()
	if p.diags == nil {
		p.diags = ds[:len(ds):len(ds)]
	} else {
		p.diags = append(p.diags, ds...)
	}
	p.mu.Unlock()
}

// ReportShared records diagnostics that stay the caller's (findings a
// library memo keeps for several checks): Run copies them into its
// result, with Report's defaults applied to the copies, and never
// changes ds.
func (p *Pass) ReportShared(ds []Diagnostic) {
	if len(ds) == 0 {
		return
	}
	p.mu.Lock()
	p.shared = append(p.shared, ds)
	p.mu.Unlock()
}

// Wants reports whether the run builds all of parts: a check may leave
// out the parts it does not want (set no Key, report OmittedFixes).
// The zero Pass wants every part.
func (p *Pass) Wants(parts Parts) bool { return p.skip&parts == 0 }

// Parts returns the parts the run builds, for a check that runs other
// checks itself (RunParts).
func (p *Pass) Parts() Parts { return AllParts &^ p.skip }

// defaults sets an unset Rule and Severity to the check's.
func (p *Pass) defaults(d *Diagnostic) {
	if d.Rule == "" {
		d.Rule = p.Check.Name
	}
	if d.Severity == 0 {
		d.Severity = p.Check.Severity
	}
}

// Reportf reports a diagnostic at span of file with a formatted message.
func (p *Pass) Reportf(file string, span model.Span, key, format string, args ...any) {
	p.Report(Diagnostic{File: file, Span: span, Key: key, Message: fmt.Sprintf(format, args...)})
}

// Run runs checks over lib in parallel and returns the sorted findings.
// A check that panics is reported as an error diagnostic of rule
// "internal-error" naming the check; the others still run.
func Run(lib *model.Library, checks []*Check) []Diagnostic {
	return RunParts(lib, checks, AllParts)
}

// RunParts is Run for a caller that reads only some parts of the
// findings: the others may be left out (no Key, OmittedFixes for
// fixes), the rest is Run's.
func RunParts(lib *model.Library, checks []*Check, parts Parts) []Diagnostic {
	var wg sync.WaitGroup
	// costliest first; the results keep the order of checks
	order := make([]int, len(checks))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return checks[order[a]].Cost > checks[order[b]].Cost })
	streams := make([]stream, 2*len(checks)) // check i: own 2i, shared 2i+1
	for _, i := range order {
		c := checks[i]
		wg.Add(1)
		go func(i int, c *Check) {
			defer wg.Done()
			pass := &Pass{Check: c, Library: lib, skip: AllParts &^ parts}
			defer func() {
				if r := recover(); r != nil {
					pass.diags = append(pass.diags, Diagnostic{
						Rule:     "internal-error",
						Severity: Error,
						Message:  fmt.Sprintf("check %s panicked: %v", c.Name, r),
						Key:      "internal-error/" + c.Name,
					})
				}
				// each check orders its own findings, in parallel: Run
				// then only merges
				streams[2*i] = ownStream(pass)
				streams[2*i+1] = sharedStream(pass)
			}()
			c.Run(pass)
		}(i, c)
	}
	wg.Wait()
	return merge(streams)
}

// lineRef matches the line references a message may quote ("line 12",
// "lines 20-25", "page.md:12:5"), which must not reach a default key.
var lineRef = regexp.MustCompile(`(?i)\b(lines?) \d+(?:\s*[-–]\s*\d+)?|:\d+(?::\d+)?\b`)

// DefaultKey is the key Run gives a diagnostic whose check set none:
// rule|file|message, with the line references of the message replaced
// by "#" so that the key does not change when lines move.
func DefaultKey(d *Diagnostic) string {
	msg := lineRef.ReplaceAllStringFunc(d.Message, func(m string) string {
		if m[0] == ':' {
			return ":#"
		}
		word, _, _ := strings.Cut(m, " ")
		return word + " #"
	})
	return d.Rule + "|" + d.File + "|" + msg
}

// Sort orders diagnostics by file, line, column, rule and message,
// keeping the order of equal ones. It sorts indexes and moves each
// diagnostic once: runs on a real library report tens of thousands.
func Sort(ds []Diagnostic) {
	order := func(a, b *Diagnostic) int { return compareDiag(a, a.Rule, b, b.Rule) }
	sorted := true
	for i := 1; i < len(ds); i++ {
		if order(&ds[i], &ds[i-1]) < 0 {
			sorted = false
			break
		}
	}
	if sorted {
		return
	}
	idx := make([]int32, len(ds))
	for i := range idx {
		idx[i] = int32(i)
	}
	// stable: equal diagnostics keep their order by their index (pdqsort
	// with the index as last key moves far less than a stable sort)
	slices.SortFunc(idx, func(i, j int32) int {
		if c := order(&ds[i], &ds[j]); c != 0 {
			return c
		}
		return cmp.Compare(i, j)
	})
	// apply the permutation in place (ds[i] = old ds[idx[i]]), cycle by
	// cycle, marking done places with -1
	for i := range ds {
		if idx[i] < 0 {
			continue
		}
		tmp := ds[i]
		j := i
		for {
			k := int(idx[j])
			idx[j] = -1
			if k == i {
				ds[j] = tmp
				break
			}
			ds[j] = ds[k]
			j = k
		}
	}
}

// Replace returns the edit that writes new over span s of file.
func Replace(file string, s model.Span, new string) Edit {
	return Edit{File: file, Start: int(s.Start.Offset), End: int(s.End.Offset), New: new}
}
