//go:build !linux

package parser

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// dirHandle is an open folder on Linux; elsewhere pages are opened by
// path and batches carry none.
type dirHandle struct{}

func (*dirHandle) release() {}

// ring batches reads on Linux; elsewhere there is none.
type ring struct{}

func newRing() *ring                  { return nil }
func (*ring) close()                  {}
func (*ring) read(int, []string) bool { return false }
func (*ring) page(int) ([]byte, bool) { return nil, true }
func (*ring) room() []byte            { return nil }

func (d *dirHandle) fdOf() int { return -1 }

func readPageIn(*dirHandle, string, []byte) ([]byte, error) {
	panic("parser: no folder handles on this platform")
}

// walkLibrary lists the library below root with filepath.WalkDir,
// handing each page to emit (when not nil) as the walk meets it. The
// rules are those of the Linux walk.
func walkLibrary(root string, opts Options, emit func(batch)) (*walked, error) {
	if err := checkRoot(root); err != nil {
		return nil, err
	}
	// a root that is a link to a folder is walked: WalkDir would stop
	// at the link
	if real, err := filepath.EvalSymlinks(root); err == nil {
		root = real
	}
	w := &walked{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
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
			if rel != "" && skipDir(name, rel, opts) {
				return fs.SkipDir
			}
			w.dirs = append(w.dirs, rel)
			return nil
		}
		if skipFile(name, rel, opts) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			t, serr := os.Stat(p)
			if !w.followLink(rel, name, serr, serr == nil && t.IsDir(), serr == nil && t.Mode().IsRegular()) {
				return nil
			}
		} else if !d.Type().IsRegular() {
			return nil
		}
		if !isMD(name) {
			w.files = append(w.files, rel)
			return nil
		}
		i := w.addPage(rel)
		if emit != nil {
			emit(batch{pages: []foundPage{{int32(i), rel}}, first: parseFirst(rel)})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("library root: %w", err)
	}
	w.sortPages()
	return w, nil
}
