package cli

import (
	"fmt"
	"io"
	"os"
	"time"
)

// phases times the steps of a run when MDLINT_TIMING is set, for
// docs/performance.md; the times go to stderr, never into a report.
type phases struct {
	w    io.Writer
	last time.Time
	out  []string
}

func newPhases(stderr io.Writer) *phases {
	if os.Getenv("MDLINT_TIMING") == "" {
		return nil
	}
	return &phases{w: stderr, last: time.Now()}
}

// mark ends the step called name.
func (p *phases) mark(name string) {
	if p == nil {
		return
	}
	now := time.Now()
	p.out = append(p.out, fmt.Sprintf("%s %.1fms", name, float64(now.Sub(p.last).Microseconds())/1000))
	p.last = now
}

// print writes the steps on one line.
func (p *phases) print() {
	if p == nil {
		return
	}
	fmt.Fprintf(p.w, "mdlint: timing:")
	for _, s := range p.out {
		fmt.Fprintf(p.w, " %s;", s)
	}
	fmt.Fprintln(p.w)
}
