// Package benchcmp compares commands by running them in turn, round
// after round, and reporting the medians of their paired differences:
// the method behind the before/after figures of docs/performance.md.
//
// The machine's speed drifts by more than the differences measured (the
// same binary took 0.58 s and 0.74 s on the same day), so commands are
// never timed one series after the other. Each round runs every command
// once, in an order that rotates from round to round and is reversed
// every other round, and each command is compared with the first one of
// the same round: the two runs of a pair saw the same machine.
package benchcmp

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

// Command is one command to time: Label names it in the report, Shell
// is run by "sh -c" (so it may quote and set variables).
type Command struct {
	Label string
	Shell string
}

// ParseCommand reads "label=shell command".
func ParseCommand(s string) (Command, error) {
	label, shell, ok := strings.Cut(s, "=")
	label, shell = strings.TrimSpace(label), strings.TrimSpace(shell)
	if !ok || label == "" || shell == "" || strings.ContainsAny(label, " \t") {
		return Command{}, fmt.Errorf("command %q is not LABEL=COMMAND", s)
	}
	return Command{Label: label, Shell: shell}, nil
}

// Options say how to run the rounds.
type Options struct {
	Rounds int           // rounds of one run of each command
	Idle   time.Duration // pause before each run (a cold run: see docs/performance.md)
	Dir    string        // working folder of the commands ("" for the current one)
	// Progress, when not nil, gets one line per run.
	Progress io.Writer
}

// Run is one timed run of a command.
type Run struct {
	Wall, CPU time.Duration
	MaxRSSKB  int64 // 0 where the system does not tell
}

// Result holds every run: Runs[c][r] is command c's run of round r.
type Result struct {
	Commands []Command
	Runs     [][]Run
	Idle     time.Duration
}

// Order returns the order in which round r runs n commands: rounds go
// in pairs, the second the first reversed (ABBA for two commands), and
// each pair rotates the order by one, so that over 2n rounds every
// command runs first, and last, as often as every other.
func Order(r, n int) []int {
	o := make([]int, n)
	for i := range o {
		o[i] = (i + r/2) % n
	}
	if r%2 == 1 {
		slices.Reverse(o)
	}
	return o
}

// Compare runs the commands. A command that exits with a status other
// than 0 or 1 (mdlint's "clean" and "findings") stops the comparison:
// its figures would not be of the work asked for.
func Compare(ctx context.Context, cmds []Command, opt Options) (*Result, error) {
	if len(cmds) == 0 {
		return nil, errors.New("no commands to compare")
	}
	if opt.Rounds < 1 {
		return nil, fmt.Errorf("rounds must be at least 1, not %d", opt.Rounds)
	}
	res := &Result{Commands: cmds, Runs: make([][]Run, len(cmds)), Idle: opt.Idle}
	for r := range opt.Rounds {
		for _, c := range Order(r, len(cmds)) {
			if opt.Idle > 0 {
				select {
				case <-time.After(opt.Idle):
				case <-ctx.Done():
					return nil, ctx.Err()
				}
			}
			run, err := runOnce(ctx, cmds[c], opt.Dir)
			if err != nil {
				return nil, err
			}
			res.Runs[c] = append(res.Runs[c], run)
			if opt.Progress != nil {
				fmt.Fprintf(opt.Progress, "round %d %s: %.1f ms, %.1f ms CPU, %d KB\n",
					r+1, cmds[c].Label, ms(run.Wall), ms(run.CPU), run.MaxRSSKB)
			}
		}
	}
	return res, nil
}

func runOnce(ctx context.Context, c Command, dir string) (Run, error) {
	cmd := exec.CommandContext(ctx, "sh", "-c", c.Shell)
	cmd.Dir = dir
	cmd.Stdout = io.Discard
	var stderr strings.Builder
	cmd.Stderr = &stderr
	t0 := time.Now()
	err := cmd.Run()
	wall := time.Since(t0)
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 500 {
			msg = msg[:500] + "..."
		}
		return Run{}, fmt.Errorf("%s: %w: %s", c.Label, err, msg)
	}
	// the shell's usage includes the command's, which it waited for
	ps := cmd.ProcessState
	return Run{Wall: wall, CPU: ps.UserTime() + ps.SystemTime(), MaxRSSKB: maxRSSKB(ps)}, nil
}

// Stats are the medians of one command's runs.
type Stats struct {
	Wall, CPU time.Duration
	MaxRSSKB  int64
}

// Diff is a command against the first one, from the rounds' pairs.
type Diff struct {
	Wall, CPU    float64       // median of the pairs' relative differences
	WallQ1       float64       // its first and third quartiles
	WallQ3       float64       // (how far the pairs disagree)
	WallLo       float64       // a 95 % interval of the median Wall
	WallHi       float64       // (MedianCI; NaN with fewer than 6 pairs)
	CPULo, CPUHi float64       // the same for CPU
	WallAbs      time.Duration // median of the absolute wall differences
	Slower, Pair int           // pairs in which it was slower, of Pair
}

// Stats returns the medians of command c's runs.
func (r *Result) Stats(c int) Stats {
	var w, u []float64
	var rss []float64
	for _, run := range r.Runs[c] {
		w = append(w, float64(run.Wall))
		u = append(u, float64(run.CPU))
		rss = append(rss, float64(run.MaxRSSKB))
	}
	return Stats{Wall: time.Duration(Quantile(w, 0.5)), CPU: time.Duration(Quantile(u, 0.5)), MaxRSSKB: int64(Quantile(rss, 0.5))}
}

// Diff compares command c with the first command, round by round.
func (r *Result) Diff(c int) Diff {
	var w, u, abs []float64
	d := Diff{}
	for i, run := range r.Runs[c] {
		base := r.Runs[0][i]
		if base.Wall <= 0 {
			continue
		}
		w = append(w, float64(run.Wall-base.Wall)/float64(base.Wall))
		if base.CPU > 0 {
			u = append(u, float64(run.CPU-base.CPU)/float64(base.CPU))
		}
		abs = append(abs, float64(run.Wall-base.Wall))
		d.Pair++
		if run.Wall > base.Wall {
			d.Slower++
		}
	}
	d.Wall, d.WallQ1, d.WallQ3 = Quantile(w, 0.5), Quantile(w, 0.25), Quantile(w, 0.75)
	d.WallLo, d.WallHi = MedianCI(w, 0.95)
	d.CPU = Quantile(u, 0.5)
	d.CPULo, d.CPUHi = MedianCI(u, 0.95)
	d.WallAbs = time.Duration(Quantile(abs, 0.5))
	return d
}

// Quantile returns the q-quantile of xs (0.5: the median), linearly
// interpolated between the two nearest ranks; 0 when xs is empty.
func Quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	pos := q * float64(len(s)-1)
	i := int(pos)
	if i >= len(s)-1 {
		return s[len(s)-1]
	}
	return s[i] + (pos-float64(i))*(s[i+1]-s[i])
}

// MedianCI returns a confidence interval of at least conf for the
// median of the distribution xs are drawn from: the order statistics
// x(k) and x(n+1-k) with the largest k for which the number of xs below
// the median, Binomial(n, 1/2), is below k or above n-k with a
// probability of at most 1-conf (the sign test's interval: it assumes
// nothing of the distribution, as run times, skewed by slow periods,
// need). It returns NaN, NaN when n is too small for any k.
func MedianCI(xs []float64, conf float64) (lo, hi float64) {
	n := len(xs)
	// P(X < k) for X ~ Binomial(n, 1/2), its terms worked out in logs
	// (2^-n underflows past n = 1074)
	lg := func(x int) float64 { v, _ := math.Lgamma(float64(x) + 1); return v } // log x!
	tail, k := 0.0, 0
	for i := 0; i < n; i++ {
		p := math.Exp(lg(n) - lg(i) - lg(n-i) - float64(n)*math.Ln2)
		if 2*(tail+p) > 1-conf {
			break
		}
		tail += p
		k = i + 1
	}
	if k == 0 {
		return math.NaN(), math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[k-1], s[n-k]
}

// Write prints the medians of every command and each one against the
// first.
func (r *Result) Write(w io.Writer) error {
	n := 0
	if len(r.Runs) > 0 {
		n = len(r.Runs[0])
	}
	idle := "back to back"
	if r.Idle > 0 {
		idle = fmt.Sprintf("%s idle before each run", r.Idle)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d rounds, commands alternating, %s\n", n, idle)
	width := len("command")
	for _, c := range r.Commands {
		width = max(width, len(c.Label))
	}
	fmt.Fprintf(&b, "%-*s %10s %10s %12s\n", width, "command", "wall ms", "CPU ms", "max RSS MB")
	for i, c := range r.Commands {
		s := r.Stats(i)
		fmt.Fprintf(&b, "%-*s %10.1f %10.1f %12.1f\n", width, c.Label, ms(s.Wall), ms(s.CPU), float64(s.MaxRSSKB)/1024)
	}
	for i := 1; i < len(r.Commands); i++ {
		d := r.Diff(i)
		fmt.Fprintf(&b, "%s against %s: wall %+.1f %% (%+.1f ms; %s; middle half of the pairs %+.1f to %+.1f %%), CPU %+.1f %% (%s), slower in %d of %d pairs\n",
			r.Commands[i].Label, r.Commands[0].Label, 100*d.Wall, ms(d.WallAbs), interval(d.WallLo, d.WallHi), 100*d.WallQ1, 100*d.WallQ3,
			100*d.CPU, interval(d.CPULo, d.CPUHi), d.Slower, d.Pair)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// interval prints a 95 % interval of a median, or why there is none.
func interval(lo, hi float64) string {
	if math.IsNaN(lo) {
		return "no interval with fewer than 6 pairs"
	}
	return fmt.Sprintf("95 %% interval of the median %+.1f to %+.1f %%", 100*lo, 100*hi)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// Main is the command line of bench/compare.go; it returns the exit
// status (2 for usage errors).
func Main(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rounds := fs.Int("n", 20, "rounds: runs of each command")
	idle := fs.Duration("idle", 0, "pause before each run, such as 7s (cold runs)")
	dir := fs.String("C", "", "working folder of the commands")
	verbose := fs.Bool("v", false, "print each run to stderr")
	usage := func(msg string) int {
		if msg != "" {
			fmt.Fprintln(stderr, "compare:", msg)
		}
		fmt.Fprintln(stderr, "usage: go run bench/compare.go [-n ROUNDS] [-idle DURATION] [-C DIR] [-v] LABEL=COMMAND LABEL=COMMAND...")
		return 2
	}
	fs.Usage = func() { usage("") }
	if err := fs.Parse(args); err != nil {
		return 2 // the flag package has printed why, and the usage
	}
	switch {
	case *rounds < 1:
		return usage("-n needs a number of rounds, at least 1")
	case *idle < 0:
		return usage("-idle needs a duration such as 7s")
	}
	opt := Options{Rounds: *rounds, Idle: *idle, Dir: *dir}
	if *verbose {
		opt.Progress = stderr
	}
	var cmds []Command
	for _, a := range fs.Args() {
		c, err := ParseCommand(a)
		if err != nil {
			return usage(err.Error())
		}
		cmds = append(cmds, c)
	}
	if len(cmds) == 0 {
		return usage("no commands")
	}
	if opt.Dir != "" {
		if fi, err := os.Stat(opt.Dir); err != nil || !fi.IsDir() {
			return usage(fmt.Sprintf("-C %s is not a folder", opt.Dir))
		}
	}
	res, err := Compare(context.Background(), cmds, opt)
	if err != nil {
		fmt.Fprintln(stderr, "compare:", err)
		return 1
	}
	if err := res.Write(stdout); err != nil {
		fmt.Fprintln(stderr, "compare:", err)
		return 1
	}
	return 0
}
