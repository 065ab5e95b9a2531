//go:build linux

package parser

import (
	"sync/atomic"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The loader reads a batch of pages (up to batchSize of one folder)
// with one io_uring submission: for each page an open in the folder, a
// read into a slot of the worker's buffer and a close, linked so that
// they run in that order. Three system calls a page become one a batch.
// On the 2-core VM of docs/performance.md a system call costs 1–2 µs
// before any work is done, and reading CIM2 made 41,000 of them: the
// reads took ~150 ms of CPU, and ~60 ms with the ring.
//
// A page larger than its slot or that the ring could not read, and
// every page when the kernel refuses a ring (io_uring disabled by sysctl
// or a container's seccomp profile, direct descriptors unsupported
// before Linux 5.15) or MDLINT_IOURING=0, is read with readPageIn as
// before. The pages and their errors are the same either way
// (TestRingReadsLikeReadPage, TestLoadWithoutRing).

// ring constants of <linux/io_uring.h>
const (
	ioringOpOpenat   = 18
	ioringOpClose    = 19
	ioringOpRead     = 22
	iosqeFixedFile   = 1 << 0
	iosqeIOLink      = 1 << 2
	iosqeIOHardlink  = 1 << 3
	ioringEnterGetev = 1 << 0
	ioringOffSQES    = 0x10000000
	ioringRegFiles   = 2
)

// slotSize is the room each page of a batch is read into: nine pages in
// ten of the real libraries are smaller than 8 KB, 1.3 % larger than
// 32 KB (CIM2), and those are read again in full.
const slotSize = 32 << 10

type ioParams struct {
	sqEntries, cqEntries, flags, sqThreadCPU, sqThreadIdle, features, wqFd uint32
	resv                                                                   [3]uint32
	sqOff                                                                  struct {
		head, tail, ringMask, ringEntries, flags, dropped, array, resv1 uint32
		userAddr                                                        uint64
	}
	cqOff struct {
		head, tail, ringMask, ringEntries, overflow, cqes, flags, resv1 uint32
		userAddr                                                        uint64
	}
}

// ioSQE is struct io_uring_sqe (64 bytes).
type ioSQE struct {
	opcode, flags uint8
	ioprio        uint16
	fd            int32
	off           uint64
	addr          uint64
	len           uint32
	opFlags       uint32
	userData      uint64
	bufIndex      uint16
	personality   uint16
	fileIndex     uint32
	addr3         uint64
	pad           uint64
}

// ioCQE is struct io_uring_cqe (16 bytes).
type ioCQE struct {
	userData uint64
	res      int32
	flags    uint32
}

// ring is one worker's io_uring with batchSize direct file slots and a
// read slot per page.
type ring struct {
	fd             int
	mem, sqesMem   []byte
	sqTail, sqMask *uint32
	sqArray        []uint32
	sqes           []ioSQE
	cqHead, cqTail *uint32
	cqMask         uint32
	cqes           []ioCQE
	buf            []byte   // batchSize slots of slotSize
	names          [][]byte // NUL-terminated names, kept alive for the kernel
	res            [batchSize]ringResult
	pending        uint32
	broken         bool // the ring failed or cannot open files: not used again
}

// ringResult is one page's read: n bytes in its slot, or the error of
// its open or else of its read.
type ringResult struct {
	n                int
	openErr, readErr syscall.Errno
}

// newRing returns a ring, or nil when the kernel refuses one.
func newRing() *ring {
	if ringOff {
		return nil
	}
	var p ioParams
	const entries = 4 * batchSize // three entries a page, rounded up
	fd, _, errno := syscall.Syscall(unix.SYS_IO_URING_SETUP, entries, uintptr(unsafe.Pointer(&p)), 0)
	if errno != 0 {
		return nil
	}
	r := &ring{fd: int(fd)}
	size := max(p.sqOff.array+p.sqEntries*4, p.cqOff.cqes+p.cqEntries*uint32(unsafe.Sizeof(ioCQE{})))
	var err error
	if r.mem, err = unix.Mmap(r.fd, 0, int(size), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE); err != nil {
		r.close()
		return nil
	}
	if r.sqesMem, err = unix.Mmap(r.fd, ioringOffSQES, int(p.sqEntries)*int(unsafe.Sizeof(ioSQE{})), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE); err != nil {
		r.close()
		return nil
	}
	base := unsafe.Pointer(&r.mem[0])
	r.sqTail = (*uint32)(unsafe.Add(base, p.sqOff.tail))
	r.sqMask = (*uint32)(unsafe.Add(base, p.sqOff.ringMask))
	r.sqArray = unsafe.Slice((*uint32)(unsafe.Add(base, p.sqOff.array)), p.sqEntries)
	r.cqHead = (*uint32)(unsafe.Add(base, p.cqOff.head))
	r.cqTail = (*uint32)(unsafe.Add(base, p.cqOff.tail))
	r.cqMask = *(*uint32)(unsafe.Add(base, p.cqOff.ringMask))
	r.cqes = unsafe.Slice((*ioCQE)(unsafe.Add(base, p.cqOff.cqes)), p.cqEntries)
	r.sqes = unsafe.Slice((*ioSQE)(unsafe.Pointer(&r.sqesMem[0])), p.sqEntries)
	// an empty table of direct descriptors, one a page of a batch
	var files [batchSize]int32
	for i := range files {
		files[i] = -1
	}
	if _, _, errno := syscall.Syscall6(unix.SYS_IO_URING_REGISTER, fd, ioringRegFiles, uintptr(unsafe.Pointer(&files[0])), batchSize, 0, 0); errno != 0 {
		r.close()
		return nil
	}
	r.buf = make([]byte, batchSize*slotSize)
	r.names = make([][]byte, batchSize)
	return r
}

func (r *ring) close() {
	if r == nil {
		return
	}
	if r.sqesMem != nil {
		unix.Munmap(r.sqesMem)
	}
	if r.mem != nil {
		unix.Munmap(r.mem)
	}
	syscall.Close(r.fd)
}

func (r *ring) push(e ioSQE) {
	tail := *r.sqTail // only this worker writes it
	i := tail & *r.sqMask
	r.sqes[i] = e
	r.sqArray[i] = i
	atomic.StoreUint32(r.sqTail, tail+1)
	r.pending++
}

// read reads the pages called names in folder dirfd into their slots
// (len(names) <= batchSize) and returns false when the ring failed as a
// whole (the caller then reads them one by one).
func (r *ring) read(dirfd int, names []string) bool {
	if r.broken {
		return false
	}
	for j, name := range names {
		r.names[j] = append(append(r.names[j][:0], name...), 0)
		slot := r.buf[j*slotSize : (j+1)*slotSize]
		ud := uint64(j) << 2
		r.push(ioSQE{opcode: ioringOpOpenat, flags: iosqeIOLink, fd: int32(dirfd),
			addr: uint64(uintptr(unsafe.Pointer(&r.names[j][0]))), opFlags: unix.O_RDONLY, fileIndex: uint32(j) + 1, userData: ud})
		// a hard link: a short read (every page smaller than its slot)
		// must not cancel the close
		r.push(ioSQE{opcode: ioringOpRead, flags: iosqeFixedFile | iosqeIOHardlink, fd: int32(j),
			addr: uint64(uintptr(unsafe.Pointer(&slot[0]))), len: slotSize, userData: ud | 1})
		r.push(ioSQE{opcode: ioringOpClose, fileIndex: uint32(j) + 1, userData: ud | 2})
		r.res[j] = ringResult{}
	}
	want := r.pending
	submit := r.pending
	for done := uint32(0); done < want; {
		_, _, errno := syscall.Syscall6(unix.SYS_IO_URING_ENTER, uintptr(r.fd), uintptr(submit), 1, ioringEnterGetev, 0, 0)
		if errno == syscall.EINTR {
			continue
		}
		if errno != 0 {
			// what was submitted may still complete, into this ring's
			// slots only: the worker reads page by page from now on
			r.broken = true
			return false
		}
		submit, r.pending = 0, 0
		head, tail := *r.cqHead, atomic.LoadUint32(r.cqTail)
		for ; head != tail; head++ {
			c := r.cqes[head&r.cqMask]
			j := c.userData >> 2
			switch res := &r.res[j]; {
			case c.userData&3 == 0 && c.res < 0:
				res.openErr = syscall.Errno(-c.res)
			case c.userData&3 == 1 && c.res < 0:
				res.readErr = syscall.Errno(-c.res) // ECANCELED when the open failed
			case c.userData&3 == 1:
				res.n = int(c.res)
			}
			done++
		}
		atomic.StoreUint32(r.cqHead, head)
	}
	return true
}

// room is the ring's slots as one empty buffer, for a page read by
// itself while no batch is in them; none once the ring failed (reads it
// submitted may still land there).
func (r *ring) room() []byte {
	if r.broken {
		return nil
	}
	return r.buf[:0]
}

// page returns the j-th page's bytes; again reports a page to read again
// with readPageIn: one larger than its slot, or one the ring could not
// read (so that its error is told as always, and a kernel whose ring
// lacks an operation still reads every page).
func (r *ring) page(j int) (src []byte, again bool) {
	res := r.res[j]
	if res.openErr != 0 || res.readErr != 0 || res.n == slotSize {
		if res.openErr == syscall.EINVAL {
			r.broken = true // direct descriptors unsupported: read page by page
		}
		return nil, true
	}
	return r.buf[j*slotSize : j*slotSize+res.n], false
}
