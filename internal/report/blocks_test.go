package report

import (
	"bytes"
	"fmt"
	"runtime"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"mdlint/lint"
	"mdlint/model"
)

// numbers renders each finding i as "i," and counts the renderers made.
func numbers(made *int) func() blockRenderer {
	return func() blockRenderer {
		*made++
		return func(b []byte, lo, hi int) []byte {
			for i := lo; i < hi; i++ {
				b = strconv.AppendInt(b, int64(i), 10)
				b = append(b, ',')
			}
			return b
		}
	}
}

// TestWriteBlocks checks that the blocks come out in order, whole, with
// the head first and the tail last, on one goroutine and on several.
func TestWriteBlocks(t *testing.T) {
	for _, procs := range []int{1, 2, 3, 8} {
		old := runtime.GOMAXPROCS(procs)
		for _, n := range []int{0, 1, blockSize - 1, blockSize, blockSize + 1, parallelMin - 1, parallelMin, 7*blockSize + 3, 40 * blockSize} {
			var want bytes.Buffer
			want.WriteString("[")
			for i := range n {
				fmt.Fprintf(&want, "%d,", i)
			}
			want.WriteString("]")
			var got bytes.Buffer
			made := 0
			require.NoError(t, writeBlocks(&got, []byte("["), n, numbers(&made), func(b []byte) []byte { return append(b, ']') }))
			require.Equal(t, want.String(), got.String(), "GOMAXPROCS %d, %d findings", procs, n)
			if n < parallelMin || procs == 1 {
				require.Equal(t, 1, made, "GOMAXPROCS %d, %d findings: one renderer", procs, n)
			} else {
				require.Equal(t, min(procs, maxRenderers), made, "GOMAXPROCS %d, %d findings: renderers", procs, n)
			}
		}
		runtime.GOMAXPROCS(old)
	}
}

// TestWriteBlocksStopsOnError checks that a failing writer ends the
// rendering with its error, whichever write fails, and that no
// goroutine is left blocked (the test would hang or leak).
func TestWriteBlocksStopsOnError(t *testing.T) {
	old := runtime.GOMAXPROCS(2)
	defer runtime.GOMAXPROCS(old)
	n := 20 * blockSize
	before := runtime.NumGoroutine()
	for fail := range 23 { // head, 20 blocks, tail
		w := &failWriter{after: fail}
		made := 0
		err := writeBlocks(w, []byte("["), n, numbers(&made), func(b []byte) []byte { return append(b, ']') })
		if fail == 22 {
			require.NoError(t, err)
			continue
		}
		require.ErrorIs(t, err, errWrite, "write %d fails", fail+1)
		require.Equal(t, fail+1, w.writes, "nothing is written after the failing write")
	}
	require.Equal(t, before, runtime.NumGoroutine(), "every renderer has returned")
}

// TestJSONInBlocks checks that a report large enough to be rendered on
// several goroutines is byte for byte the one-goroutine report.
func TestJSONInBlocks(t *testing.T) {
	old := runtime.GOMAXPROCS(2)
	defer runtime.GOMAXPROCS(old)
	r := &Result{Root: "docs", Files: 3}
	for i := range 3*parallelMin + 17 {
		d := lint.Diagnostic{File: fmt.Sprintf("DS/p%03d.md", i/40), Span: model.Span{Start: model.Pos{Line: int32(i), Col: 3}},
			Rule: "attack-name-mismatch", Severity: lint.Error, Message: fmt.Sprintf("a \"message\" of finding %d", i%7)}
		if i%5 == 0 {
			d.Related = []lint.Related{{File: "x.md", Message: "here"}}
		}
		r.Diagnostics = append(r.Diagnostics, d)
	}
	var parallel bytes.Buffer
	require.NoError(t, JSON(&parallel, r))
	defer func(m int) { parallelMin = m }(parallelMin)
	parallelMin = len(r.Diagnostics) + 1
	var serial bytes.Buffer
	require.NoError(t, JSON(&serial, r))
	require.True(t, serial.String() == parallel.String(), "the report rendered in blocks differs from the one rendered whole")
	require.Contains(t, serial.String(), fmt.Sprintf("\"summary\": {\n    \"error\": %d,", len(r.Diagnostics)))
}
