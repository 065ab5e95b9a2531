package cli

import (
	"runtime/debug"
	"testing"

	"mdlint/model"
)

func TestTuneForLibrary(t *testing.T) {
	if userTunedGC {
		t.Skip("GOGC or GOMEMLIMIT set: mdlint leaves the collector alone")
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	tuneMemory()
	if got := debug.SetMemoryLimit(-1); got != minLimit {
		t.Fatalf("limit %d, want %d", got, minLimit)
	}
	tuneForLibrary(&model.Library{Pages: []*model.Page{{Size: 50 << 20}}})
	if got := debug.SetMemoryLimit(-1); got != minLimit {
		t.Errorf("small library: limit %d, want %d", got, minLimit)
	}
	tuneForLibrary(&model.Library{Pages: []*model.Page{{Size: 400 << 20}, {Size: 100 << 20}}})
	if got, want := debug.SetMemoryLimit(-1), int64(2*500<<20+64<<20); got != want {
		t.Errorf("large library: limit %d, want %d", got, want)
	}
	debug.SetGCPercent(100)
}
