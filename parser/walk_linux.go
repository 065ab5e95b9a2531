//go:build linux

package parser

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io/fs"
	"slices"
	"sync/atomic"
	"syscall"

	"golang.org/x/sys/unix"
)

// The Linux walk lists folders with getdents64 and hands their pages to
// the parsers with the folder's descriptor, so a page is opened by its
// name in that folder rather than by a path the kernel walks again from
// the root. filepath.WalkDir does more for the same listing: per
// folder a poller registration, a sort of entry objects, a path join
// and a relative-path computation per entry. Measured on CIM2 (2,105
// folders, 13,726 pages), the walk took 55 ms of CPU and the opens
// 75 ms (docs/performance.md).

// dirHandle is an open folder shared by the batches of its pages; the
// last holder closes it.
type dirHandle struct {
	fd   int
	refs atomic.Int32
}

// release drops one holder.
func (d *dirHandle) release() {
	if d != nil && d.refs.Add(-1) == 0 {
		syscall.Close(d.fd)
	}
}

func (d *dirHandle) fdOf() int { return d.fd }

// readPageIn reads the page called name in folder d (see readPage).
func readPageIn(d *dirHandle, name string, buf []byte) ([]byte, error) {
	fd, err := openAt(d.fd, name, 0)
	return readOpened(fd, err, buf)
}

// walkLibrary lists the library below root, handing its pages to emit
// (when not nil) in batches of one folder as the walk meets them. The
// rules are those of every platform (skipDir, skipFile): the walk
// order, the folders and files skipped, symbolic links followed to
// files but not to folders.
func walkLibrary(root string, opts Options, emit func(batch)) (*walked, error) {
	if err := checkRoot(root); err != nil {
		return nil, err
	}
	fd, err := openDir(unix.AT_FDCWD, root, 0)
	if err != nil {
		return nil, fmt.Errorf("library root: %w", &fs.PathError{Op: "open", Path: root, Err: err})
	}
	lw := &linuxWalk{w: &walked{}, opts: opts, emit: emit, buf: make([]byte, 32<<10)}
	lw.w.dirs = append(lw.w.dirs, "")
	if err := lw.dir(fd, "", 0); err != nil {
		return nil, fmt.Errorf("library root: %w", &fs.PathError{Op: "readdirent", Path: root, Err: err})
	}
	lw.w.sortPages()
	return lw.w, nil
}

// openDir opens the folder name in dirfd; flags adds O_NOFOLLOW for
// entries the listing says are folders.
func openDir(dirfd int, name string, flags int) (int, error) {
	return openAt(dirfd, name, unix.O_DIRECTORY|flags)
}

type linuxWalk struct {
	w      *walked
	opts   Options
	emit   func(batch)
	buf    []byte   // getdents64 records
	levels []*level // the listing of each folder on the current path
}

// level is a folder's entries, sorted by name.
type level struct {
	names []byte
	ents  []dirent
}

type dirent struct {
	off, n int32
	typ    uint8
}

// dir walks the folder open as fd, called rel, and closes fd (through
// the pages' handle when it hands out pages).
func (lw *linuxWalk) dir(fd int, rel string, depth int) error {
	if depth == len(lw.levels) {
		lw.levels = append(lw.levels, &level{})
	}
	lv := lw.levels[depth]
	if err := lw.list(fd, lv); err != nil {
		syscall.Close(fd)
		return err
	}
	var h *dirHandle // made for the first page
	var cur []foundPage
	flush := func() {
		if len(cur) > 0 {
			h.refs.Add(1)
			lw.emit(batch{dir: h, pages: cur})
			cur = nil
		}
	}
	for _, e := range lv.ents {
		name := lv.names[e.off : e.off+e.n]
		var crel string // one allocation: the conversion in the sum is not one
		if rel == "" {
			crel = string(name)
		} else {
			crel = rel + "/" + string(name)
		}
		base := crel[len(crel)-len(name):]
		typ := e.typ
		if typ == unix.DT_UNKNOWN {
			typ = lw.typeOf(fd, base)
		}
		switch typ {
		case unix.DT_DIR:
			if skipDir(base, crel, lw.opts) {
				continue
			}
			lw.w.dirs = append(lw.w.dirs, crel)
			sub, err := openDir(fd, base, unix.O_NOFOLLOW)
			if err != nil {
				lw.w.errors = append(lw.w.errors, fmt.Sprintf("%s: %v", crel, err))
				continue
			}
			flush() // the batches keep the walk's order
			if err := lw.dir(sub, crel, depth+1); err != nil {
				lw.w.errors = append(lw.w.errors, fmt.Sprintf("%s: %v", crel, err))
			}
			continue
		case unix.DT_REG, unix.DT_LNK:
		default:
			continue // devices, pipes, sockets
		}
		if skipFile(base, crel, lw.opts) {
			continue
		}
		if typ == unix.DT_LNK {
			var st unix.Stat_t
			err := unix.Fstatat(fd, base, &st, 0)
			if !lw.w.followLink(crel, base, err, st.Mode&unix.S_IFMT == unix.S_IFDIR, st.Mode&unix.S_IFMT == unix.S_IFREG) {
				continue
			}
		}
		if !isMD(base) {
			lw.w.files = append(lw.w.files, crel)
			continue
		}
		i := lw.w.addPage(crel)
		if lw.emit == nil {
			continue
		}
		if h == nil {
			h = &dirHandle{fd: fd}
			h.refs.Store(1) // the walk's, until the listing ends
		}
		if parseFirst(crel) {
			h.refs.Add(1)
			lw.emit(batch{dir: h, pages: []foundPage{{int32(i), crel}}, first: true})
			continue
		}
		cur = append(cur, foundPage{int32(i), crel})
		if len(cur) == batchSize {
			flush()
		}
	}
	flush()
	if h != nil {
		h.release()
	} else {
		syscall.Close(fd)
	}
	return nil
}

// list reads the folder's entries into lv, sorted by name as
// filepath.WalkDir sorts them.
func (lw *linuxWalk) list(fd int, lv *level) error {
	lv.names, lv.ents = lv.names[:0], lv.ents[:0]
	for {
		n, err := unix.Getdents(fd, lw.buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		if n <= 0 {
			break
		}
		for b := lw.buf[:n]; len(b) >= 19; {
			// struct linux_dirent64: ino u64, off s64, reclen u16,
			// type u8, name (NUL-terminated)
			reclen := int(binary.NativeEndian.Uint16(b[16:18]))
			if reclen < 19 || reclen > len(b) {
				return fmt.Errorf("malformed folder listing")
			}
			name := b[19:reclen]
			if i := bytes.IndexByte(name, 0); i >= 0 {
				name = name[:i]
			}
			ino := binary.NativeEndian.Uint64(b[0:8])
			if ino != 0 && len(name) > 0 && !(name[0] == '.' && (len(name) == 1 || len(name) == 2 && name[1] == '.')) {
				lv.ents = append(lv.ents, dirent{off: int32(len(lv.names)), n: int32(len(name)), typ: b[18]})
				lv.names = append(lv.names, name...)
			}
			b = b[reclen:]
		}
	}
	slices.SortFunc(lv.ents, func(a, b dirent) int {
		return bytes.Compare(lv.names[a.off:a.off+a.n], lv.names[b.off:b.off+b.n])
	})
	return nil
}

// typeOf is the type of an entry the listing did not give one for.
func (lw *linuxWalk) typeOf(fd int, name string) uint8 {
	var st unix.Stat_t
	if unix.Fstatat(fd, name, &st, unix.AT_SYMLINK_NOFOLLOW) != nil {
		return unix.DT_LNK // gone or unreadable: reported as a broken link
	}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFDIR:
		return unix.DT_DIR
	case unix.S_IFREG:
		return unix.DT_REG
	case unix.S_IFLNK:
		return unix.DT_LNK
	}
	return unix.DT_FIFO
}
