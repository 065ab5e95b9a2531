package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestAdviseHugePages checks that the mapping holding the advised range
// of the heap is marked for huge pages ("hg" in its VmFlags) after the
// allocation that made it is gone.
func TestAdviseHugePages(t *testing.T) {
	if !hugePagesWanted(hugeHeap) {
		t.Skip("no huge-page advice here (MDLINT_HUGEPAGES=0, THP not in madvise mode, limits or a small machine)")
	}
	adviseHugePages(hugeHeap)
	if advised[0] == 0 {
		t.Fatal("no range was advised")
	}
	smaps, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	// smaps: a "start-end perms ..." line per mapping, then its fields
	inside := false
	sc := bufio.NewScanner(bytes.NewReader(smaps))
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x ", &lo, &hi); n == 2 {
			inside = lo <= advised[0] && advised[0] < hi
			continue
		}
		if inside && strings.HasPrefix(line, "VmFlags:") {
			if !strings.Contains(line+" ", " hg ") {
				t.Fatalf("the heap mapping at %#x is not marked for huge pages: %s", advised[0], line)
			}
			return
		}
	}
	t.Fatalf("no mapping holds the advised range at %#x", advised[0])
}
