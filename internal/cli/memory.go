package cli

import (
	"os"
	"runtime/debug"

	"mdlint/model"
)

// Memory tuning, unless the user set GOGC or GOMEMLIMIT. The model of a
// library is about 1.3 times the bytes of its pages and lives for the
// whole run, while parsing and checking make short-lived garbage. The
// default collector lets the heap grow to twice the live data; a soft
// limit instead keeps the peak near what is needed, and a higher GC
// percentage below the limit saves the cycles that would mark the model
// again and again. Measured on CIM2 (97 MB of pages): peak RSS 340 MB
// → 265 MB at the same speed (docs/performance.md). Once the loader made
// less garbage (fourth round), 400 instead of 200 left three collections
// instead of five or six: −60 ms of CPU, +8 MB of peak RSS on CIM2.
const (
	gcPercent = 400
	minLimit  = 256 << 20
	// hugeHeap is how much of the heap is advised to use huge pages
	// (adviseHugePages): above the peak of CIM2's run, and only
	// address space until touched.
	hugeHeap = 512 << 20
)

var userTunedGC = os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != ""

// tuneMemory sets the collector for loading.
func tuneMemory() {
	if userTunedGC {
		return
	}
	debug.SetGCPercent(gcPercent)
	debug.SetMemoryLimit(minLimit)
}

// tuneForLibrary widens the soft limit for a library whose model needs
// more room than the default allows.
func tuneForLibrary(lib *model.Library) {
	if userTunedGC || lib == nil {
		return
	}
	var size int64
	for _, p := range lib.Pages {
		size += int64(p.Size)
	}
	if limit := 2*size + 64<<20; limit > minLimit {
		debug.SetMemoryLimit(limit)
	}
}
