package parser

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"mdlint/internal/par"
	"mdlint/model"
)

// MaxPageSize is the largest page LoadLibrary parses; larger files
// become pages with an error.
const MaxPageSize = 32 << 20

// Options tune LoadLibrary.
type Options struct {
	// Workers is the number of parsing goroutines; 0 means GOMAXPROCS.
	Workers int
	// Skip, when set, reports whether a slash path (file or folder,
	// relative to the root) is left out.
	Skip func(rel string, dir bool) bool
	// Fingerprint makes LoadLibrary set Library.Fingerprint to what
	// Fingerprint(root, opts, true) returns for the bytes it read.
	Fingerprint bool
}

// LoadLibrary reads every Markdown page below root in parallel and
// returns the model. Per-file problems (unreadable, binary, too large,
// dangling symlinks) become pages with Err set; only a root that cannot
// be read at all is an error.
func LoadLibrary(root string, opts Options) (*model.Library, error) {
	// Pages are parsed while the walk still lists folders: the walk is
	// one goroutine making system calls, and the cores would otherwise
	// wait for it (50 ms on CIM2). The buffer holds a large library's
	// pages, so the walk never waits for the parsers.
	found := make(chan foundPage, 1<<14)
	var w *walked
	var werr error
	go func() {
		defer close(found)
		w, werr = walk(root, opts, func(i int, rel string) { found <- foundPage{int32(i), rel} })
	}()
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type loaded struct {
		i    int32 // in the order the walk found the pages
		page *model.Page
		sum  []byte
	}
	got := make([][]loaded, workers)
	var wg sync.WaitGroup
	for k := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := newMD()
			for f := range found {
				l := loaded{i: f.i}
				var sum *[]byte
				if opts.Fingerprint {
					sum = &l.sum
				}
				l.page = loadPage(m, root, f.rel, sum)
				got[k] = append(got[k], l)
			}
		}()
	}
	wg.Wait()
	if werr != nil {
		return nil, werr
	}
	// the order of w.pages, which is sorted: each page goes to its rank,
	// which the walk worked out while the pages were parsed
	lib := &model.Library{Root: root, Dirs: w.dirs, Files: w.files, Errors: w.errors}
	lib.Pages = make([]*model.Page, len(w.pages))
	var sums [][]byte
	if opts.Fingerprint {
		sums = make([][]byte, len(w.pages))
	}
	for _, g := range got {
		for _, l := range g {
			r := w.rank[l.i]
			lib.Pages[r] = l.page
			if sums != nil {
				sums[r] = l.sum
			}
		}
	}
	if sums != nil {
		lib.Fingerprint = combine(w, sums)
	}
	readData(root, lib)
	lib.Index()
	return lib, nil
}

// walked is what a walk of the library finds.
type walked struct {
	pages  []string // .md files, sorted
	rank   []int32  // the place in pages of the i-th page the walk found
	files  []string // other files
	dirs   []string
	errors []string
}

// foundPage is the i-th page the walk found, at slash path rel.
type foundPage struct {
	i   int32
	rel string
}

// walk lists the library below root, calling found (when not nil) with
// each page as the walk meets it.
func walk(root string, opts Options, found func(i int, rel string)) (*walked, error) {
	st, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("library root: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("library root %s is not a folder", root)
	}
	w := &walked{}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		rel, rerr := filepath.Rel(root, p)
		if rerr != nil {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if rel == "." {
			rel = ""
		}
		if err != nil {
			if rel == "" {
				return err
			}
			w.errors = append(w.errors, fmt.Sprintf("%s: %v", rel, unwrapPath(err)))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if rel != "" && (strings.HasPrefix(name, ".") || name == "node_modules") {
				return fs.SkipDir
			}
			if opts.Skip != nil && rel != "" && opts.Skip(rel, true) {
				return fs.SkipDir
			}
			w.dirs = append(w.dirs, rel)
			return nil
		}
		if strings.HasPrefix(name, ".") {
			return nil
		}
		if opts.Skip != nil && opts.Skip(rel, false) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// follow links to files; links to folders are not walked,
			// so link loops cannot trap the walk
			t, serr := os.Stat(p)
			switch {
			case serr != nil:
				if isMD(name) {
					w.addPage(rel, found)
				} else {
					w.errors = append(w.errors, fmt.Sprintf("%s: dangling or looping symbolic link", rel))
				}
				return nil
			case t.IsDir():
				w.dirs = append(w.dirs, rel)
				return nil
			}
		} else if !d.Type().IsRegular() {
			return nil
		}
		if isMD(name) {
			w.addPage(rel, found)
		} else {
			w.files = append(w.files, rel)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("library root: %w", err)
	}
	w.sortPages()
	return w, nil
}

// sortPages sorts pages, which hold the pages in the order found, and
// sets rank.
func (w *walked) sortPages() {
	order := make([]int32, len(w.pages))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(w.pages[a], w.pages[b]) })
	w.rank = make([]int32, len(order))
	sorted := make([]string, len(order))
	for k, i := range order {
		w.rank[i] = int32(k)
		sorted[k] = w.pages[i]
	}
	w.pages = sorted
}

func (w *walked) addPage(rel string, found func(int, string)) {
	w.pages = append(w.pages, rel)
	if found != nil {
		found(len(w.pages)-1, rel)
	}
}

// Fingerprint identifies the state of the library below root. With
// content false it hashes names, sizes and modification times (a stat
// per file); with content true it hashes every page's bytes (a read per
// file, in parallel), which no edit can keep unchanged.
func Fingerprint(root string, opts Options, content bool) (string, error) {
	w, err := walk(root, opts, nil)
	if err != nil {
		return "", err
	}
	sums := make([][]byte, len(w.pages))
	par.Each(len(w.pages), opts.Workers, func() func(i int) {
		var buf []byte // the loader's reader and one buffer per worker
		return func(i int) {
			full := filepath.Join(root, filepath.FromSlash(w.pages[i]))
			if content {
				b, err := readPage(full, buf)
				if err != nil {
					sums[i] = []byte("error " + err.Error())
					return
				}
				buf = b
				s := sha256.Sum256(b)
				sums[i] = s[:]
				return
			}
			st, err := os.Stat(full)
			if err != nil {
				sums[i] = []byte("error " + unwrapPath(err).Error())
				return
			}
			sums[i] = fmt.Appendf(nil, "%d %d %o", st.Size(), st.ModTime().UnixNano(), st.Mode())
		}
	})
	return combine(w, sums), nil
}

func combine(w *walked, sums [][]byte) string {
	h := sha256.New()
	for _, d := range w.dirs {
		fmt.Fprintf(h, "d %s\n", d)
	}
	for _, f := range w.files {
		fmt.Fprintf(h, "f %s\n", f)
	}
	for i, p := range w.pages {
		fmt.Fprintf(h, "p %s %x\n", p, sums[i])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// MaxDataSize is the largest JSON file LoadLibrary keeps in
// Library.Data.
const MaxDataSize = 4 << 20

// readData keeps the library's small JSON files for the checks.
func readData(root string, lib *model.Library) {
	for _, f := range lib.Files {
		if !strings.HasSuffix(strings.ToLower(f), ".json") {
			continue
		}
		full := filepath.Join(root, filepath.FromSlash(f))
		st, err := os.Stat(full)
		if err != nil || st.Size() > MaxDataSize {
			continue
		}
		b, err := os.ReadFile(full)
		if err != nil {
			lib.Errors = append(lib.Errors, fmt.Sprintf("%s: %v", f, unwrapPath(err)))
			continue
		}
		if lib.Data == nil {
			lib.Data = map[string][]byte{}
		}
		lib.Data[f] = b
	}
}

func isMD(name string) bool { return len(name) >= 3 && strings.EqualFold(name[len(name)-3:], ".md") }

func loadPage(m *md, root, rel string, sum *[]byte) *model.Page {
	full := filepath.Join(root, filepath.FromSlash(rel))
	kind, _ := Classify(rel)
	fail := func(msg string) *model.Page {
		return &model.Page{Path: rel, Kind: model.KindUnknown, Err: msg, Dialect: "candidate " + string(kind)}
	}
	src, err := readPage(full, m.buf)
	if err != nil {
		return fail(err.Error())
	}
	m.buf = src
	if sum != nil {
		s := sha256.Sum256(src)
		*sum = s[:]
	}
	return m.parsePage(rel, src)
}

// unwrapPath drops the absolute path an *fs.PathError carries, so
// messages never show it.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
