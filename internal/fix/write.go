package fix

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
)

// WriteResult says which pages Write replaced.
type WriteResult struct {
	Written []string
	// Skipped are pages left as they are because they changed since the
	// run read them, or are not regular files.
	Skipped []Problem
	// Unwritten are pages not written because a write failed.
	Unwritten []string
}

// Hooks for tests: they simulate a write that fails half-way, a failing
// rename, or another program changing a page just before the rename.
var (
	writeData    = func(f *os.File, b []byte) (int, error) { return f.Write(b) }
	renameFile   = os.Rename
	beforeRename = func(path string) {}
)

// Write writes the changed pages below the outcome's root, each
// atomically, in two phases. First every new page goes to a temp file
// in its folder, which is synced and given the page's mode (in
// parallel); if any of these fails, every temp file is removed and no
// page is touched. Then each temp file is renamed over its page. A page
// whose bytes on disk are no longer the ones the run read, or that is a
// symbolic link or not a regular file, is left alone and listed in
// Skipped. A failing rename stops the second phase: the pages after it
// are listed in Unwritten. A crash at any point leaves every page either
// as it was or fully fixed; at worst hidden temp files ".NAME.mdlint-*"
// remain beside them.
func (o *Outcome) Write() (*WriteResult, error) {
	res := &WriteResult{}
	type job struct {
		f    *File
		full string
		tmp  string
		err  error
	}
	jobs := make([]job, len(o.Files))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < min(8, len(jobs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				j := &jobs[i]
				j.tmp, j.err = prepare(j.full, j.f)
			}
		}()
	}
	for i, f := range o.Files {
		jobs[i] = job{f: f, full: filepath.Join(o.Root, filepath.FromSlash(f.Path))}
		next <- i
	}
	close(next)
	wg.Wait()
	removeAll := func(js []job) {
		for _, j := range js {
			if j.tmp != "" {
				os.Remove(j.tmp)
			}
		}
	}
	for _, j := range jobs {
		var skip *skipError
		if j.err != nil && !errors.As(j.err, &skip) {
			removeAll(jobs)
			for _, j := range jobs {
				res.Unwritten = append(res.Unwritten, j.f.Path)
			}
			return res, fmt.Errorf("write %s: %w; no page was changed", j.f.Path, j.err)
		}
	}
	dirs := map[string]bool{}
	defer syncDirs(dirs)
	for i, j := range jobs {
		if j.err != nil {
			res.Skipped = append(res.Skipped, Problem{j.f.Path, j.err})
			continue
		}
		beforeRename(j.full)
		// last look: another program may have written the page meanwhile
		if err := unchanged(j.full, j.f); err != nil {
			os.Remove(j.tmp)
			res.Skipped = append(res.Skipped, Problem{j.f.Path, err})
			continue
		}
		if err := renameFile(j.tmp, j.full); err != nil {
			removeAll(jobs[i:])
			for _, j := range jobs[i+1:] {
				if j.err == nil {
					res.Unwritten = append(res.Unwritten, j.f.Path)
				}
			}
			return res, fmt.Errorf("write %s: %w", j.f.Path, unwrapPath(err))
		}
		dirs[filepath.Dir(j.full)] = true
		res.Written = append(res.Written, j.f.Path)
	}
	return res, nil
}

type skipError struct {
	file, reason string
}

func (e *skipError) Error() string { return e.file + " " + e.reason + "; not touched" }

// prepare writes f's new bytes to a synced temp file beside full, with
// full's mode, and returns its name. It fails with a *skipError when the
// page is not to be touched.
func prepare(full string, f *File) (name string, err error) {
	st, err := os.Lstat(full)
	if err != nil {
		return "", &skipError{f.Path, "cannot be read: " + unwrapPath(err).Error()}
	}
	if st.Mode()&fs.ModeSymlink != 0 {
		return "", &skipError{f.Path, "is a symbolic link"}
	}
	if !st.Mode().IsRegular() {
		return "", &skipError{f.Path, "is not a regular file"}
	}
	if err := unchanged(full, f); err != nil {
		return "", err
	}
	dir, base := filepath.Split(full)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".mdlint-*")
	if err != nil {
		return "", unwrapPath(err)
	}
	name = tmp.Name()
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(name)
			name = ""
		}
	}()
	n, err := writeData(tmp, f.New)
	if err == nil && n != len(f.New) {
		err = fmt.Errorf("short write: %d of %d bytes", n, len(f.New))
	}
	if err != nil {
		return name, err
	}
	if err = tmp.Sync(); err != nil {
		return name, err
	}
	chown(tmp, st) // before the mode: a chown clears set-id bits
	if err = tmp.Chmod(st.Mode().Perm() | st.Mode()&(fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky)); err != nil {
		return name, err
	}
	return name, tmp.Close()
}

// unchanged fails with a skipError when the page on disk differs from
// the bytes the run read.
func unchanged(full string, f *File) error {
	cur, err := os.ReadFile(full)
	if err != nil {
		return &skipError{f.Path, "cannot be read: " + unwrapPath(err).Error()}
	}
	if !bytes.Equal(cur, f.Orig) {
		return &skipError{f.Path, "changed since it was read"}
	}
	return nil
}

// syncDirs makes the renames durable (best effort: not every system can
// sync a folder).
func syncDirs(dirs map[string]bool) {
	var ds []string
	for d := range dirs {
		ds = append(ds, d)
	}
	sort.Strings(ds)
	for _, d := range ds {
		if fh, err := os.Open(d); err == nil {
			fh.Sync()
			fh.Close()
		}
	}
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
