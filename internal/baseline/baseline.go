// Package baseline records the findings of a run so that later runs
// report only new ones: the way to adopt mdlint on a library that
// already has hundreds of findings.
//
// A baseline file counts findings by what they are about — the rule and
// lint.Diagnostic.Key ("rule|page|entity"), never line numbers, since a
// regenerated page shifts every line:
//
//	{
//	  "version": 1,
//	  "tool": "mdlint",
//	  "findings": [
//	    {"rule": "summary-count", "file": "DS/Acme/acme_edr/ds_acme_acme_edr.md", "key": "summary-count|DS/Acme/acme_edr/ds_acme_acme_edr.md|rules", "count": 1}
//	  ]
//	}
//
// Entries are sorted by rule, key and file, so the same findings always
// give the same bytes. Comparison is by multiset: a key recorded twice
// and found three times yields one new finding; one recorded twice and
// found once counts one baselined finding as gone.
package baseline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"

	fastjson "github.com/segmentio/encoding/json"

	"mdlint/lint"
)

// Version is the version of the file format.
const Version = 1

// Entry counts the findings of one rule and key.
type Entry struct {
	Rule  string `json:"rule"`
	File  string `json:"file"`
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// File is a baseline.
type File struct {
	Version  int     `json:"version"`
	Tool     string  `json:"tool"`
	Findings []Entry `json:"findings"`
}

type id struct{ rule, key string }

func keyOf(d *lint.Diagnostic) string {
	if d.Key != "" {
		return d.Key
	}
	return d.Rule + "|" + d.File + "|" + d.Message
}

// New records diags.
func New(diags []lint.Diagnostic) *File {
	idx := map[id]int{}
	f := &File{Version: Version, Tool: "mdlint", Findings: []Entry{}}
	for i := range diags {
		d := &diags[i]
		k := id{d.Rule, keyOf(d)}
		if j, ok := idx[k]; ok {
			f.Findings[j].Count++
			continue
		}
		idx[k] = len(f.Findings)
		f.Findings = append(f.Findings, Entry{Rule: d.Rule, File: d.File, Key: k.key, Count: 1})
	}
	sort.Slice(f.Findings, func(i, j int) bool {
		a, b := f.Findings[i], f.Findings[j]
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if a.Key != b.Key {
			return a.Key < b.Key
		}
		return a.File < b.File
	})
	return f
}

// Total is the number of findings recorded.
func (f *File) Total() int {
	n := 0
	for _, e := range f.Findings {
		n += e.Count
	}
	return n
}

// Write writes f as indented JSON with a final newline.
func (f *File) Write(w io.Writer) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// WriteFile writes f to the named file.
func (f *File) WriteFile(name string) error {
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	return os.WriteFile(name, buf.Bytes(), 0o644)
}

// Read reads a baseline file.
func Read(name string) (*File, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	// a library's baseline holds tens of thousands of findings (CIM2:
	// 8.8 MB), which encoding/json read in 65-130 ms on every run; this
	// decoder, a drop-in for it, in ~11 ms
	var f File
	unmarshal := fastjson.Unmarshal
	if tooDeep(data, 64) {
		// that decoder recurses without bound (a file nested a million
		// deep overflows the stack); encoding/json stops at 10,000
		unmarshal = json.Unmarshal
	}
	if err := unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: not a baseline file: %w", name, err)
	}
	if f.Version != Version {
		return nil, fmt.Errorf("%s: baseline version %d, want %d (rewrite it with --write-baseline)", name, f.Version, Version)
	}
	for i, e := range f.Findings {
		if e.Rule == "" || e.Key == "" || e.Count < 1 {
			return nil, fmt.Errorf("%s: finding %d needs a rule, a key and a count of at least 1", name, i+1)
		}
	}
	return &f, nil
}

// tooDeep reports whether data nests arrays and objects more than max
// deep, outside strings. A baseline nests three deep. Strings, most of
// a baseline's bytes, are skipped to their closing quote at once.
func tooDeep(data []byte, max int) bool {
	depth := 0
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '"':
			for {
				j := bytes.IndexByte(data[i+1:], '"')
				if j < 0 {
					return false
				}
				i += 1 + j
				// the quote closes the string unless an odd number of
				// backslashes comes before it
				n := 0
				for k := i - 1; data[k] == '\\'; k-- {
					n++
				}
				if n%2 == 0 {
					break
				}
			}
		case '[', '{':
			if depth++; depth > max {
				return true
			}
		case ']', '}':
			depth--
		}
	}
	return false
}

// Result is the comparison of a run with a baseline.
type Result struct {
	New     []lint.Diagnostic // findings not in the baseline, in input order
	Matched int               // findings the baseline accounts for
	Gone    int               // baselined findings no longer found
}

// Filter compares diags (sorted) with f. inScope tells which files this
// run reported on (nil: all): baselined findings of other files are
// not counted as gone. Of several findings with one key, the last ones
// in diags are the new ones.
func (f *File) Filter(diags []lint.Diagnostic, inScope func(file string) bool) Result {
	// left counts, per key, the baselined findings not yet matched: one
	// map for tens of thousands of keys, looked up once per finding
	left := make(map[id]int, len(f.Findings))
	for _, e := range f.Findings {
		left[id{e.Rule, e.Key}] += e.Count
	}
	var r Result
	// Per key, the first min(found, baselined) findings are matched.
	for i := range diags {
		d := &diags[i]
		k := id{d.Rule, keyOf(d)}
		if n := left[k]; n > 0 {
			left[k] = n - 1
			r.Matched++
			continue
		}
		r.New = append(r.New, *d)
	}
	// what is left was not found: gone, unless in a file not reported on
	for _, e := range f.Findings {
		if inScope != nil && !inScope(e.File) {
			continue
		}
		k := id{e.Rule, e.Key}
		if n := min(left[k], e.Count); n > 0 {
			r.Gone += n
			left[k] -= n
		}
	}
	return r
}
