package cli

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestAdviseHugePages checks that the heap has a mapping marked for
// huge pages ("hg" in its VmFlags) once the advice is given.
func TestAdviseHugePages(t *testing.T) {
	if os.Getenv("MDLINT_HUGEPAGES") == "0" {
		t.Skip("MDLINT_HUGEPAGES=0")
	}
	if b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil || strings.Contains(string(b), "[never]") {
		t.Skip("transparent huge pages are off here")
	}
	adviseHugePages(hugeHeap)
	smaps, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	if !regexp.MustCompile(`(?m)^VmFlags:.* hg\b`).Match(smaps) {
		t.Fatal("no mapping of the process is marked MADV_HUGEPAGE")
	}
}
