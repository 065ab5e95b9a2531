package benchcmp

import (
	"bytes"
	"context"
	"math"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOrderIsFair(t *testing.T) {
	for _, n := range []int{1, 2, 3, 4} {
		first, last := make([]int, n), make([]int, n)
		after := map[[2]int]int{}
		rounds := 4 * n
		for r := range rounds {
			o := Order(r, n)
			require.Len(t, o, n)
			seen := map[int]bool{}
			for i, c := range o {
				seen[c] = true
				if i > 0 {
					after[[2]int{o[i-1], c}]++
				}
			}
			assert.Len(t, seen, n, "round %d runs every command once", r)
			first[o[0]]++
			last[o[n-1]]++
		}
		for c := range n {
			assert.Equal(t, rounds/n, first[c], "n=%d: command %d runs first as often as the others", n, c)
			assert.Equal(t, rounds/n, last[c], "n=%d: command %d runs last as often as the others", n, c)
		}
		if n == 2 {
			// ABBA: each order of the pair as often as the other
			assert.Equal(t, after[[2]int{0, 1}], after[[2]int{1, 0}])
		}
	}
}

func TestQuantile(t *testing.T) {
	assert.Equal(t, 0.0, Quantile(nil, 0.5))
	assert.Equal(t, 3.0, Quantile([]float64{5, 1, 3}, 0.5))
	assert.Equal(t, 2.5, Quantile([]float64{4, 1, 3, 2}, 0.5))
	assert.Equal(t, 1.0, Quantile([]float64{4, 1, 3, 2}, 0))
	assert.Equal(t, 4.0, Quantile([]float64{4, 1, 3, 2}, 1))
	assert.Equal(t, 1.75, Quantile([]float64{4, 1, 3, 2}, 0.25))
	xs := []float64{3, 1, 2}
	Quantile(xs, 0.5)
	assert.Equal(t, []float64{3, 1, 2}, xs, "the input is left as it was")
}

// TestMedianCI checks the sign test's interval against its tables: the
// k-th smallest and k-th largest of n values, k = 1 for n = 6, 2 for
// n = 10, 10 for n = 30 and 40 for n = 100 (95 %).
func TestMedianCI(t *testing.T) {
	lo, hi := MedianCI([]float64{5, 4, 3, 2, 1}, 0.95)
	assert.True(t, math.IsNaN(lo) && math.IsNaN(hi), "five values are too few for 95 %%")
	for _, c := range []struct{ n, k int }{{6, 1}, {10, 2}, {30, 10}, {100, 40}, {2000, 956}} {
		xs := make([]float64, c.n)
		for i := range xs {
			xs[i] = float64(c.n - i) // 1..n, backwards: MedianCI sorts a copy
		}
		lo, hi := MedianCI(xs, 0.95)
		assert.Equal(t, float64(c.k), lo, "n = %d", c.n)
		assert.Equal(t, float64(c.n+1-c.k), hi, "n = %d", c.n)
		assert.Equal(t, float64(c.n), xs[0], "the input is left as it was")
	}
}

func TestParseCommand(t *testing.T) {
	c, err := ParseCommand("with=./mdlint --disable 'attack-*' x=y")
	require.NoError(t, err)
	assert.Equal(t, Command{"with", "./mdlint --disable 'attack-*' x=y"}, c)
	for _, bad := range []string{"", "noequals", "=cmd", "label=", "two words=cmd"} {
		_, err := ParseCommand(bad)
		assert.Error(t, err, bad)
	}
}

func TestDiffPairsRounds(t *testing.T) {
	ms := func(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }
	r := &Result{
		Commands: []Command{{"a", "x"}, {"b", "y"}},
		Runs: [][]Run{
			// the machine drifts: b is 10 % slower than a in every round
			{{Wall: ms(100), CPU: ms(200)}, {Wall: ms(200), CPU: ms(400)}, {Wall: ms(150), CPU: ms(300)}},
			{{Wall: ms(110), CPU: ms(220)}, {Wall: ms(220), CPU: ms(440)}, {Wall: ms(165), CPU: ms(330)}},
		},
	}
	d := r.Diff(1)
	assert.InDelta(t, 0.10, d.Wall, 1e-9)
	assert.InDelta(t, 0.10, d.CPU, 1e-9)
	assert.Equal(t, ms(15), d.WallAbs)
	assert.Equal(t, 3, d.Slower)
	assert.Equal(t, 3, d.Pair)
	// the medians of the series apart would say 10 % too, but not the
	// spread: the pairs agree exactly
	assert.InDelta(t, d.WallQ1, d.WallQ3, 1e-9)
	assert.Equal(t, ms(150), r.Stats(0).Wall)

	var out bytes.Buffer
	require.NoError(t, r.Write(&out))
	assert.Contains(t, out.String(), "3 rounds, commands alternating, back to back\n")
	assert.Contains(t, out.String(), "b against a: wall +10.0 % (+15.0 ms; no interval with fewer than 6 pairs; middle half of the pairs +10.0 to +10.0 %), CPU +10.0 % (no interval with fewer than 6 pairs), slower in 3 of 3 pairs\n")
}

func TestCompareRunsCommands(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh here")
	}
	res, err := Compare(context.Background(), []Command{{"ok", "true"}, {"findings", "exit 1"}}, Options{Rounds: 3})
	require.NoError(t, err)
	require.Len(t, res.Runs, 2)
	for c := range res.Runs {
		require.Len(t, res.Runs[c], 3)
		for _, run := range res.Runs[c] {
			assert.Positive(t, run.Wall)
		}
	}
	_, err = Compare(context.Background(), []Command{{"usage", "echo bad flag >&2; exit 2"}}, Options{Rounds: 1})
	require.Error(t, err, "a usage error is not a run to time")
	assert.Contains(t, err.Error(), "bad flag")
	_, err = Compare(context.Background(), nil, Options{Rounds: 1})
	assert.Error(t, err)
	_, err = Compare(context.Background(), []Command{{"ok", "true"}}, Options{Rounds: 0})
	assert.Error(t, err)
}

func TestMainCommandLine(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh here")
	}
	var out, errb bytes.Buffer
	code := Main([]string{"-n", "2", "-v", "a=true", "b=true"}, &out, &errb)
	require.Equal(t, 0, code, errb.String())
	assert.Contains(t, out.String(), "2 rounds")
	assert.Contains(t, out.String(), "b against a: wall")
	assert.Equal(t, 4, strings.Count(errb.String(), "round "), "one progress line a run")

	for _, args := range [][]string{
		nil, {"-n"}, {"-n", "0", "a=true"}, {"-idle", "soon", "a=true"}, {"-idle", "-1s", "a=true"}, {"-x", "a=true"}, {"bad"}, {"-h"},
		{"-C", "/nonexistent/folder", "a=true"},
	} {
		out.Reset()
		errb.Reset()
		assert.Equal(t, 2, Main(args, &out, &errb), "%q", args)
		assert.Contains(t, errb.String(), "usage:", "%q", args)
	}
}

// TestWriteIntervals checks the intervals the report prints from six
// pairs on: with six, the least and the greatest difference.
func TestWriteIntervals(t *testing.T) {
	ms := func(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }
	r := &Result{Commands: []Command{{"a", "x"}, {"b", "y"}}, Runs: [][]Run{nil, nil}}
	for i, pct := range []float64{12, 10, 15, 11, 13, 14} {
		base := 100 + 10*float64(i)
		r.Runs[0] = append(r.Runs[0], Run{Wall: ms(base), CPU: ms(2 * base)})
		r.Runs[1] = append(r.Runs[1], Run{Wall: ms(base * (1 + pct/100)), CPU: ms(2 * base * (1 - pct/100))})
	}
	var out bytes.Buffer
	require.NoError(t, r.Write(&out))
	assert.Contains(t, out.String(), "95 % interval of the median +10.0 to +15.0 %; middle half")
	assert.Contains(t, out.String(), "CPU -12.5 % (95 % interval of the median -15.0 to -10.0 %), slower in 6 of 6 pairs")
}
