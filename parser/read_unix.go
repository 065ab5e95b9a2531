//go:build unix

package parser

import (
	"errors"
	"fmt"
	"syscall"

	"golang.org/x/sys/unix"
)

// readBufSize is the room a worker's read buffer starts with: above
// nine pages in ten of the real libraries (CIM2 averages 7 KB a page).
const readBufSize = 64 << 10

// readPage reads a page with one open, read and close. os.Open would
// also register each file with the runtime's poller (fcntl and
// epoll_ctl calls that fail for regular files), and os.ReadFile adds an
// fstat and a read to confirm the end: on this VM each system call
// costs 2–3 µs, and a 14k-page library makes 55k of them.
//
// The page is read into buf when it has room (the loader reuses one
// buffer per worker: the model keeps no reference to page bytes). A
// read that fills less than the room it was given is taken as the end
// of the file: a regular file reads short only at its end (the loader
// opens nothing else: the walk passes regular files only). A folder
// fails its read with EISDIR; a file over MaxPageSize is stated only
// then, to name its size.
func readPage(full string, buf []byte) ([]byte, error) {
	fd, err := openAt(unix.AT_FDCWD, full, 0)
	return readOpened(fd, err, buf)
}

// openAt opens name in folder dirfd (unix.AT_FDCWD: a path) read-only,
// close-on-exec and with flags, again when a signal interrupts it.
func openAt(dirfd int, name string, flags int) (int, error) {
	for {
		fd, err := unix.Openat(dirfd, name, unix.O_RDONLY|unix.O_CLOEXEC|flags, 0)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// readOpened reads the page its open gave fd for, or says why the open
// failed, and closes fd.
func readOpened(fd int, err error, buf []byte) ([]byte, error) {
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	defer syscall.Close(fd)
	return readFD(fd, buf)
}

// readFD reads the open page fd into buf (see readPage).
func readFD(fd int, buf []byte) ([]byte, error) {
	if cap(buf) < readBufSize {
		buf = make([]byte, 0, readBufSize)
	}
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			// one byte over the limit is enough to know it is over
			buf = append(make([]byte, 0, min(2*cap(buf), MaxPageSize+1)), buf...)
		}
		n, err := syscall.Read(fd, buf[len(buf):cap(buf)])
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.EISDIR:
			return nil, errors.New("cannot read: is a directory")
		case err != nil:
			return nil, fmt.Errorf("cannot read: %w", err)
		case n == 0:
			return buf, nil
		}
		short := len(buf)+n < cap(buf)
		buf = buf[:len(buf)+n]
		if len(buf) > MaxPageSize {
			return nil, tooLarge(fd)
		}
		if short {
			return buf, nil
		}
	}
}

// tooLarge is the error for a page over MaxPageSize, with its size when
// fstat gives it.
func tooLarge(fd int) error {
	var st syscall.Stat_t
	if syscall.Fstat(fd, &st) == nil && st.Size > MaxPageSize {
		return fmt.Errorf("file too large to check (%d bytes, limit %d)", st.Size, MaxPageSize)
	}
	return fmt.Errorf("file too large to check (more than %d bytes)", MaxPageSize)
}
