package cli

import (
	"bytes"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// hugePageSize is the transparent huge page size of amd64 and arm64.
const hugePageSize = 2 << 20

// adviseHugePages asks Linux to back the next n bytes of the Go heap
// with transparent huge pages.
//
// Linux backs anonymous memory with 4 KiB pages unless a region asks
// for huge pages (transparent_hugepage=madvise, the default of Ubuntu,
// Debian and GitHub's runners), and the Go runtime asks only for its
// own metadata. A run on CIM2 touches about 250 MB of fresh heap, which
// is 62,000 page faults: measured on a 2-core VM, about a quarter of
// the whole run's CPU time (docs/performance.md). So the heap is grown once by
// one large, untouched allocation; its range is marked MADV_HUGEPAGE and
// handed back to the runtime, which places the model and the parse
// garbage there. The mark belongs to the mapping and outlives the
// allocation; the runtime maps heap memory once, so it keeps it.
//
// Nothing is touched, so nothing is resident until used. The advice is
// given only in madvise mode, and not under an address-space limit,
// strict overcommit or on a machine with less than four times n of
// memory. MDLINT_HUGEPAGES=0 turns it off.
//
// It acts once per process: a second large allocation would get memory
// the runtime has used and must zero (tests and benchmarks call Main
// many times).
func adviseHugePages(n int) { hugeOnce.Do(func() { advise(n) }) }

var (
	hugeOnce sync.Once
	advised  [2]uintptr // the range advised, for the test
)

func advise(n int) {
	if !hugePagesWanted(n) {
		return
	}
	// no collection while the range is allocated: the allocation would
	// start one, which would find it still in use (a cycle for nothing)
	gc := debug.SetGCPercent(-1)
	b := make([]byte, n) // fresh from the OS: not zeroed, not touched
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	beg := (p + hugePageSize - 1) &^ (hugePageSize - 1)
	end := (p + uintptr(n)) &^ (hugePageSize - 1)
	if beg < end && unix.Madvise(b[beg-p:end-p], unix.MADV_HUGEPAGE) == nil {
		advised = [2]uintptr{beg, end}
	}
	runtime.KeepAlive(b)
	b = nil
	debug.SetGCPercent(gc)
	// Free the range now, so that the next allocations reuse it: the
	// heap is small yet, and the collection costs a few milliseconds,
	// once (measured: ~10 ms more for a run on a one-page library).
	runtime.GC()
}

// hugePagesWanted reports whether advising n bytes is both useful and
// safe here.
func hugePagesWanted(n int) bool {
	if os.Getenv("MDLINT_HUGEPAGES") == "0" || unsafe.Sizeof(uintptr(0)) < 8 {
		return false
	}
	// Only where it helps: huge pages on request ("always" gives them
	// anyway, "never" not at all).
	if b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil || !bytes.Contains(b, []byte("[madvise]")) {
		return false
	}
	// Under an address-space limit (ulimit -v) or strict overcommit
	// (vm.overcommit_memory=2, where untouched memory is charged) the
	// allocation could fail, and the runtime cannot recover from that.
	var lim unix.Rlimit
	if unix.Getrlimit(unix.RLIMIT_AS, &lim) != nil || lim.Cur != unix.RLIM_INFINITY {
		return false
	}
	if b, err := os.ReadFile("/proc/sys/vm/overcommit_memory"); err != nil || bytes.HasPrefix(b, []byte("2")) {
		return false
	}
	// Nor on a small machine, where even heuristic overcommit may refuse
	// a mapping larger than its memory.
	var si unix.Sysinfo_t
	return unix.Sysinfo(&si) == nil && uint64(si.Totalram)*uint64(si.Unit) >= 4*uint64(n)
}
