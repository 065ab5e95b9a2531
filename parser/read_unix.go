//go:build unix

package parser

import (
	"errors"
	"fmt"
	"syscall"
)

// readPage reads a page with one open, fstat, read and close. os.Open
// would also register each file with the runtime's poller (fcntl and
// epoll_ctl calls that fail for regular files): on a 14k-page library
// those were a third of the loader's system calls. The page is read
// into buf when it has room (the loader reuses one buffer per worker:
// the model keeps no reference to page bytes), and a read that returns
// exactly the size fstat gave, short of the room asked for, is taken as
// the end of the file without a further read.
func readPage(full string, buf []byte) ([]byte, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(full, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	if st.Mode&syscall.S_IFMT == syscall.S_IFDIR {
		return nil, errors.New("cannot read: is a directory")
	}
	if st.Size > MaxPageSize {
		return nil, fmt.Errorf("file too large to check (%d bytes, limit %d)", st.Size, MaxPageSize)
	}
	if int64(cap(buf)) < st.Size+1 {
		buf = make([]byte, 0, st.Size+1+st.Size/8)
	}
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			if len(buf) > MaxPageSize {
				return nil, fmt.Errorf("file too large to check (more than %d bytes)", MaxPageSize)
			}
			buf = append(buf, 0)[:len(buf)] // the file grew: make room
		}
		n, err := syscall.Read(fd, buf[len(buf):cap(buf)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("cannot read: %w", err)
		}
		if n == 0 {
			return buf, nil
		}
		short := len(buf)+n < cap(buf)
		buf = buf[:len(buf)+n]
		if short && int64(len(buf)) == st.Size {
			return buf, nil
		}
	}
}
