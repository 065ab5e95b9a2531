package parser

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

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
}

// LoadLibrary reads every Markdown page below root in parallel and
// returns the model. Per-file problems (unreadable, binary, too large,
// dangling symlinks) become pages with Err set; only a root that cannot
// be read at all is an error.
func LoadLibrary(root string, opts Options) (*model.Library, error) {
	st, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("library root: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("library root %s is not a folder", root)
	}
	lib := &model.Library{Root: root}
	var mdFiles []string
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
			lib.Errors = append(lib.Errors, fmt.Sprintf("%s: %v", rel, unwrapPath(err)))
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
			lib.Dirs = append(lib.Dirs, rel)
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
					mdFiles = append(mdFiles, rel)
				} else {
					lib.Errors = append(lib.Errors, fmt.Sprintf("%s: dangling or looping symbolic link", rel))
				}
				return nil
			case t.IsDir():
				lib.Dirs = append(lib.Dirs, rel)
				return nil
			}
		} else if !d.Type().IsRegular() {
			return nil
		}
		if isMD(name) {
			mdFiles = append(mdFiles, rel)
		} else {
			lib.Files = append(lib.Files, rel)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("library root: %w", err)
	}
	sort.Strings(mdFiles)
	lib.Pages = make([]*model.Page, len(mdFiles))
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	var next int64
	var mu sync.Mutex
	take := func() int {
		mu.Lock()
		defer mu.Unlock()
		i := int(next)
		next++
		return i
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := newMD()
			for {
				i := take()
				if i >= len(mdFiles) {
					return
				}
				lib.Pages[i] = loadPage(m, root, mdFiles[i])
			}
		}()
	}
	wg.Wait()
	lib.Index()
	return lib, nil
}

func isMD(name string) bool { return strings.HasSuffix(strings.ToLower(name), ".md") }

func loadPage(m *md, root, rel string) *model.Page {
	full := filepath.Join(root, filepath.FromSlash(rel))
	kind, _ := Classify(rel)
	fail := func(msg string) *model.Page {
		return &model.Page{Path: rel, Kind: model.KindUnknown, Err: msg, Dialect: "candidate " + string(kind)}
	}
	st, err := os.Stat(full)
	if err != nil {
		return fail("cannot read: " + unwrapPath(err).Error())
	}
	if st.Size() > MaxPageSize {
		return fail(fmt.Sprintf("file too large to check (%d bytes, limit %d)", st.Size(), MaxPageSize))
	}
	src, err := os.ReadFile(full)
	if err != nil {
		return fail("cannot read: " + unwrapPath(err).Error())
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
