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
	"sync/atomic"

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
	// Fingerprint(root, opts) returns for the bytes it read, and
	// Library.PageSums.
	Fingerprint bool
}

// LoadLibrary reads every Markdown page below root in parallel and
// returns the model. Per-file problems (unreadable, binary, too large,
// dangling symlinks) become pages with Err set; only a root that cannot
// be read at all is an error.
func LoadLibrary(root string, opts Options) (*model.Library, error) {
	w, ws, err := runWorkers(root, opts, opts.Fingerprint, false, nil)
	if err != nil {
		return nil, err
	}
	// the order of w.pages, which is sorted: each page goes to its rank,
	// which the walk worked out while the pages were parsed
	lib := &model.Library{Root: root, Dirs: w.dirs, Files: w.files, Errors: w.errors}
	lib.Pages = make([]*model.Page, len(w.pages))
	for _, lw := range ws {
		for _, l := range lw.got {
			lib.Pages[w.rank[l.i]] = l.page
		}
	}
	if opts.Fingerprint {
		lib.PageSums = w.ranked(ws)
		lib.Fingerprint = combine(w, lib.PageSums)
	}
	readData(root, lib)
	lib.Index()
	return lib, nil
}

// runWorkers walks the library below root and hands its pages to
// GOMAXPROCS workers (or opts.Workers), which parse them, or, with
// hashOnly, only take their content sums; sums keeps the sums. When
// changed (with sums) reports a page's sum as changed, the pages not yet
// read are left unread and the error is ErrChanged.
func runWorkers(root string, opts Options, sums, hashOnly bool, changed func(rel string, sum []byte) bool) (*walked, []*loadWorker, error) {
	// Pages are parsed while the walk still lists folders: the walk is
	// one goroutine making system calls, and the cores would otherwise
	// wait for it (50 ms on CIM2). The channels bound the folders held
	// open for the batches in them. The pages that gather a library
	// (use cases, indexes) are its largest, up to a hundred times the
	// others: they go first and one by one, so that no parser is left
	// with them at the end while the other waits (CIM2's 21 use-case
	// pages are 5 MB, a tenth of the library, and came last).
	first, rest := make(chan batch, 64), make(chan batch, 64)
	var w *walked
	var werr error
	go func() {
		defer close(first)
		defer close(rest)
		w, werr = walkLibrary(root, opts, func(b batch) {
			if b.first {
				first <- b
			} else {
				rest <- b
			}
		})
	}()
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ws := make([]*loadWorker, workers)
	var wg sync.WaitGroup
	var stop atomic.Bool
	for k := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &loadWorker{r: newRing(), root: root, fingerprint: sums, hashOnly: hashOnly, changed: changed, stop: &stop}
			if hashOnly {
				w.m = &md{}
			} else {
				w.m = newMD()
			}
			defer w.r.close()
			for b := range nextBatch(first, rest) {
				if stop.Load() {
					b.dir.release() // the walk goes on; its batches are left unread
					continue
				}
				w.batch(b)
			}
			ws[k] = w
		}()
	}
	wg.Wait()
	if werr == nil && stop.Load() {
		werr = ErrChanged
	}
	return w, ws, werr
}

// ErrChanged is what FingerprintUnless returns when a page changed.
var ErrChanged = errors.New("a page changed")

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

// ringOff turns off the io_uring reads (uring_linux.go).
var ringOff = os.Getenv("MDLINT_IOURING") == "0"

// loadWorker is one of LoadLibrary's parsers.
type loadWorker struct {
	m           *md
	r           *ring // nil: pages are read one by one
	root        string
	fingerprint bool
	got         []loaded
	sums        [][]byte // with fingerprint: the content sum of each of got
	names       []string
	later       []foundPage
	inRoom      bool // m.buf is the ring's room
	hashOnly    bool // content sums only (Fingerprint): no parsing
	// with fingerprint, whether a page's sum tells that it changed (nil:
	// never), and the workers' common flag that one did
	changed func(rel string, sum []byte) bool
	stop    *atomic.Bool
}

// loaded is a parsed page and its place in the walk's order.
type loaded struct {
	i    int32
	page *model.Page
}

// batch reads and parses a batch: with the ring when it has one (a
// folder's pages in one submission, uring_linux.go), the others one by
// one. The pages the ring did not read are read after the batch's
// others, into the ring's room, which is free by then: a worker needs
// no buffer of its own for the largest pages (growing one by doubling
// left 2 MB of outgrown buffers a run on CIM2).
func (w *loadWorker) batch(b batch) {
	batched := false
	if w.r != nil && b.dir != nil && !b.first {
		w.names = w.names[:0]
		for _, f := range b.pages {
			w.names = append(w.names, baseName(f.rel))
		}
		batched = w.r.read(b.dir.fdOf(), w.names)
	}
	w.later = w.later[:0]
	for j, f := range b.pages {
		if !batched {
			w.read(b.dir, f)
			continue
		}
		src, again := w.r.page(j)
		if again {
			w.later = append(w.later, f)
			continue
		}
		w.finish(f, src, nil)
	}
	for _, f := range w.later {
		w.read(b.dir, f)
	}
	b.dir.release()
}

// read reads and parses one page by itself.
func (w *loadWorker) read(dir *dirHandle, f foundPage) {
	if w.r != nil {
		// the ring's room, or, once the ring failed, a buffer of the
		// worker's own
		if room := w.r.room(); room != nil {
			w.m.buf, w.inRoom = room, true
		} else if w.inRoom {
			w.m.buf, w.inRoom = nil, false
		}
	}
	src, err := readLoaded(w.m, w.root, dir, f.rel)
	w.finish(f, src, err)
}

// finish takes the content sum of the page f read as src (or failed to
// read) when sums are kept, and parses it unless hashOnly. A page that
// cannot be read has the sum of why, the same in the loader and in
// Fingerprint, so that a library with such a page can still be answered
// from the cache (it never was, until the seventh round).
func (w *loadWorker) finish(f foundPage, src []byte, err error) {
	if w.fingerprint {
		var sum []byte
		if err == nil {
			sum = PageSum(src)
		} else {
			sum = PageSum([]byte("error " + err.Error()))
		}
		w.sums = append(w.sums, sum)
		if w.changed != nil && w.changed(f.rel, sum) {
			w.stop.Store(true)
		}
	}
	l := loaded{i: f.i}
	if !w.hashOnly {
		l.page = parseLoaded(w.m, f.rel, src, err)
	}
	w.got = append(w.got, l)
}

// PageSum is the content sum of a page's bytes, as the content
// fingerprint and Library.PageSums take it.
func PageSum(src []byte) []byte {
	s := sha256.Sum256(src)
	return s[:]
}

// ranked returns the sums the workers kept, in the order of w.pages.
func (w *walked) ranked(ws []*loadWorker) [][]byte {
	sums := make([][]byte, len(w.pages))
	for _, lw := range ws {
		for j, l := range lw.got {
			sums[w.rank[l.i]] = lw.sums[j]
		}
	}
	return sums
}

// batchSize is how many pages of a folder go to a parser at once: few
// enough that the parsers finish together, enough to pass the channel
// rarely.
const batchSize = 32

// batch is pages of one folder for a parser, with the folder open when
// dir is not nil (on Linux); the parser releases dir when done. A
// batch marked first is one page that gathers others (parseFirst).
type batch struct {
	dir   *dirHandle
	pages []foundPage
	first bool
}

// parseFirst reports whether the page at rel is parsed before the
// others, alone: the pages that gather a library's other pages, use
// cases and indexes at the root, which are its largest.
func parseFirst(rel string) bool {
	if !strings.Contains(rel, "/") {
		return true
	}
	k, _ := Classify(rel)
	return k == model.KindUseCase || k == model.KindLegacyUseCase
}

// nextBatch yields the batches of first while it has any, else those
// of rest, until both are closed and empty.
func nextBatch(first, rest <-chan batch) func(func(batch) bool) {
	return func(yield func(batch) bool) {
		for first != nil || rest != nil {
			var b batch
			var ok bool
			select {
			case b, ok = <-first:
				if !ok {
					first = nil
					continue
				}
			default:
				select {
				case b, ok = <-first:
					if !ok {
						first = nil
						continue
					}
				case b, ok = <-rest:
					if !ok {
						rest = nil
						continue
					}
				}
			}
			if !yield(b) {
				return
			}
		}
	}
}

// checkRoot says why root cannot be a library's root, if it cannot.
func checkRoot(root string) error {
	st, err := os.Stat(root)
	if err != nil {
		return fmt.Errorf("library root: %w", err)
	}
	if !st.IsDir() {
		return fmt.Errorf("library root %s is not a folder", root)
	}
	return nil
}

// walk lists the library below root.
func walk(root string, opts Options) (*walked, error) { return walkLibrary(root, opts, nil) }

// skipDir reports whether the walk leaves out the folder called name
// at rel: hidden folders, node_modules and what the options skip.
func skipDir(name, rel string, opts Options) bool {
	return strings.HasPrefix(name, ".") || name == "node_modules" || opts.Skip != nil && opts.Skip(rel, true)
}

// skipFile reports whether the walk leaves out the file called name at
// rel: hidden files and what the options skip.
func skipFile(name, rel string, opts Options) bool {
	return strings.HasPrefix(name, ".") || opts.Skip != nil && opts.Skip(rel, false)
}

// followLink decides, for both walks, what becomes of the symbolic link
// called name at rel, whose target's stat gave err, isDir and isRegular:
// it reports whether the walk goes on with it as a file. A link to a
// folder is listed but not walked, so link loops cannot trap the walk;
// one that leads nowhere is an error, unless it names a page, whose read
// then says why; links to anything but regular files are left out.
func (w *walked) followLink(rel, name string, err error, isDir, isRegular bool) bool {
	switch {
	case err != nil && !isMD(name):
		w.errors = append(w.errors, fmt.Sprintf("%s: dangling or looping symbolic link", rel))
		return false
	case err != nil:
		return true
	case isDir:
		w.dirs = append(w.dirs, rel)
		return false
	}
	return isRegular
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

// addPage adds the page at rel and returns its place in the walk.
func (w *walked) addPage(rel string) int {
	w.pages = append(w.pages, rel)
	return len(w.pages) - 1
}

// Fingerprint identifies the state of the library below root: it hashes
// every page's bytes (a read per file, in parallel, as the loader reads:
// batches, the ring), which no edit can keep unchanged, and the names of
// its folders and other files.
func Fingerprint(root string, opts Options) (string, error) {
	return FingerprintUnless(root, opts, nil)
}

// FingerprintUnless is Fingerprint, stopping with ErrChanged as soon as
// changed reports a page's content sum (PageSum, or a description of
// why the page could not be read) as not what it was: a library that
// changed is found without reading all of it. changed is called from
// several goroutines at once.
func FingerprintUnless(root string, opts Options, changed func(rel string, sum []byte) bool) (string, error) {
	w, ws, err := runWorkers(root, opts, true, true, changed)
	if err != nil {
		return "", err
	}
	return combine(w, w.ranked(ws)), nil
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

// baseName is the last element of slash path rel.
func baseName(rel string) string { return rel[strings.LastIndexByte(rel, '/')+1:] }

// readLoaded reads the page at rel, in folder dir when not nil, into the
// worker's buffer.
func readLoaded(m *md, root string, dir *dirHandle, rel string) ([]byte, error) {
	var src []byte
	var err error
	if dir != nil {
		src, err = readPageIn(dir, baseName(rel), m.buf)
	} else {
		src, err = readPage(filepath.Join(root, filepath.FromSlash(rel)), m.buf)
	}
	if err == nil {
		m.buf = src
	}
	return src, err
}

// parseLoaded parses the page at rel read as src, or makes the page of
// its read error.
func parseLoaded(m *md, rel string, src []byte, err error) *model.Page {
	if err != nil {
		kind, _ := Classify(rel)
		return &model.Page{Path: rel, Kind: model.KindUnknown, Err: err.Error(), Dialect: "candidate " + string(kind)}
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
