package fix

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"

	"mdlint/lint"
	"mdlint/model"
	"mdlint/parser"
)

// DefaultRounds bounds the fixed-point iteration.
const DefaultRounds = 5

// Options configures Run.
type Options struct {
	// Unsafe applies unsafe fixes too.
	Unsafe bool
	// Rounds is the most rounds of fixing (0 means DefaultRounds).
	Rounds int
	// Lint lints a library; Run calls it after each round.
	Lint func(*model.Library) []lint.Diagnostic
	// Read reads a page (slash path) as it is now. The default reads it
	// below the library root.
	Read func(file string) ([]byte, error)
}

// File is a page the run changed.
type File struct {
	Path string
	// Orig is the page as read from disk; New the fixed page.
	Orig, New []byte
	// Changes are the changes applied, round after round. The offsets
	// of a round-N change refer to the text after round N-1.
	Changes []Change
}

// Problem is a file the run could not fix.
type Problem struct {
	File string
	Err  error
}

func (p Problem) String() string { return p.Err.Error() }

// Outcome is the result of Run. Nothing has been written yet.
type Outcome struct {
	Root string
	// Library is the fixed library (in memory) and Remaining its
	// findings.
	Library   *model.Library
	Remaining []lint.Diagnostic
	// Files are the changed pages, sorted by path.
	Files []*File
	// Fixed counts the findings fixed, by rule.
	Fixed map[string]int
	// Conflicts are the fixes refused in the last round because their
	// edits overlap; Stale the files left alone because they changed
	// since the lint run read them (or could not be read).
	Conflicts []Conflict
	Invalid   []Claim
	Stale     []Problem
	// UnsafeLeft counts the findings left with only unsafe fixes.
	UnsafeLeft int
	// Rounds is the number of rounds that changed something; Converged
	// is false when the last allowed round still left fixes to apply.
	Rounds    int
	Converged bool
}

// Changed reports whether the run changes any page.
func (o *Outcome) Changed() bool { return len(o.Files) > 0 }

// Edits returns the number of changes applied.
func (o *Outcome) Edits() int {
	n := 0
	for _, f := range o.Files {
		n += len(f.Changes)
	}
	return n
}

// Run fixes the findings diags of lib in memory and iterates to a fixed
// point: after each round the changed pages are parsed again and the
// library linted again, so fixes that depend on each other (a corrected
// count that another page repeats) converge. It stops when a round
// finds nothing to apply, or after Options.Rounds rounds (Converged is
// then false if there was still something to apply). Pages are read
// from disk when first edited; a page whose size differs from what the
// lint run parsed, or whose edit ranges do not hold the expected text,
// is left alone and reported in Stale. Run writes nothing: see Write
// and Diff.
func Run(lib *model.Library, diags []lint.Diagnostic, opts Options) (*Outcome, error) {
	if opts.Lint == nil {
		return nil, errors.New("fix: Options.Lint is required")
	}
	rounds := opts.Rounds
	if rounds <= 0 {
		rounds = DefaultRounds
	}
	read := opts.Read
	if read == nil {
		root := lib.Root
		read = func(file string) ([]byte, error) { return os.ReadFile(filepath.Join(root, filepath.FromSlash(file))) }
	}
	o := &Outcome{Root: lib.Root, Fixed: map[string]int{}}
	files := map[string]*File{}
	frozen := map[string]bool{}
	orig := lib
	for round := 1; ; round++ {
		plan := NewPlan(diags, opts.Unsafe)
		for f := range frozen {
			plan.refuseFile(f)
		}
		// read the pages edited for the first time; refuse stale ones
		// (their fixes are refused whole, in every file they touch)
		for {
			again := false
			for _, f := range plan.Files() {
				if files[f] != nil || frozen[f] {
					continue
				}
				src, err := readPage(orig, read, f)
				if err == nil {
					_, _, err = ApplyEdits(f, src, plan.Edits(f))
				}
				if err != nil {
					frozen[f] = true
					o.Stale = append(o.Stale, Problem{f, err})
					plan.refuseFile(f)
					again = true
					break
				}
				files[f] = &File{Path: f, Orig: src, New: src}
			}
			if !again {
				break
			}
		}
		type result struct {
			f       *File
			out     []byte
			applied []Change
		}
		var results []result
		for _, f := range plan.Files() {
			file := files[f]
			out, applied, err := ApplyEdits(f, file.New, plan.Edits(f))
			if err != nil {
				return nil, err // the bytes are ours: cannot be stale
			}
			if len(applied) > 0 {
				results = append(results, result{file, out, applied})
			}
		}
		o.Conflicts, o.Invalid, o.UnsafeLeft = plan.Conflicts, plan.Invalid, plan.UnsafeLeft
		if len(results) == 0 {
			o.Converged = true
			break
		}
		if round > rounds {
			break
		}
		o.Rounds = round
		for _, d := range plan.Fixed() {
			o.Fixed[d.Rule]++
		}
		changed := map[string][]byte{}
		for _, r := range results {
			for i := range r.applied {
				r.applied[i].Round = round
			}
			r.f.New = r.out
			r.f.Changes = append(r.f.Changes, r.applied...)
			changed[r.f.Path] = r.out
		}
		lib = reparse(lib, changed)
		diags = opts.Lint(lib)
	}
	o.Library, o.Remaining = lib, diags
	for _, f := range files {
		if !bytes.Equal(f.Orig, f.New) {
			o.Files = append(o.Files, f)
		}
	}
	sort.Slice(o.Files, func(i, j int) bool { return o.Files[i].Path < o.Files[j].Path })
	sort.Slice(o.Stale, func(i, j int) bool { return o.Stale[i].File < o.Stale[j].File })
	return o, nil
}

// readPage reads a page and checks that it still has the size the lint
// run parsed.
func readPage(lib *model.Library, read func(string) ([]byte, error), file string) ([]byte, error) {
	p := lib.Page(file)
	if p == nil || p.Err != "" {
		return nil, &StaleError{file, "not a page mdlint parsed"}
	}
	src, err := read(file)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read: %w", file, unwrapPath(err))
	}
	if len(src) != p.Size {
		return nil, &StaleError{file, fmt.Sprintf("%d bytes now, %d when linted", len(src), p.Size)}
	}
	return src, nil
}

// reparse returns a copy of lib in which the pages in changed are
// parsed again from their new bytes.
func reparse(lib *model.Library, changed map[string][]byte) *model.Library {
	nl := &model.Library{Root: lib.Root, Dirs: lib.Dirs, Files: lib.Files, Errors: lib.Errors, Data: lib.Data}
	nl.Pages = append([]*model.Page(nil), lib.Pages...)
	var idx []int
	for i, p := range nl.Pages {
		if _, ok := changed[p.Path]; ok {
			idx = append(idx, i)
		}
	}
	var wg sync.WaitGroup
	work := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				nl.Pages[i] = parser.ParsePage(nl.Pages[i].Path, changed[nl.Pages[i].Path])
			}
		}()
	}
	for _, i := range idx {
		work <- i
	}
	close(work)
	wg.Wait()
	nl.Index()
	return nl
}
