package fix

import (
	"bytes"
	"fmt"
	"strings"
)

// Diff returns the outcome's changes as a unified diff (git style, paths
// a/PATH and b/PATH, three lines of context), files in path order.
func (o *Outcome) Diff() string {
	var b strings.Builder
	for _, f := range o.Files {
		b.WriteString(Unified("a/"+f.Path, "b/"+f.Path, f.Orig, f.New, 3))
	}
	return b.String()
}

// Unified returns the unified diff of a and b with ctx lines of context,
// or "" when they are equal. A name holding a space is followed by a
// tab. Lines end at "\n" (a CR stays part of its
// line); a last line without "\n" is marked "\ No newline at end of
// file", as diff and git do.
func Unified(aName, bName string, a, b []byte, ctx int) string {
	if bytes.Equal(a, b) {
		return ""
	}
	x, y := splitLines(a), splitLines(b)
	ops := diffLines(x, y)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", header(aName), header(bName))
	// group the ops into hunks: changes closer than 2*ctx lines share one
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		start := max(i-ctx, 0)
		for start < i && ops[start].kind != ' ' {
			start++
		}
		end := i
		for {
			for end < len(ops) && ops[end].kind != ' ' {
				end++
			}
			j := end
			for j < len(ops) && ops[j].kind == ' ' && j-end < 2*ctx {
				j++
			}
			if j < len(ops) && ops[j].kind != ' ' {
				end = j
				continue
			}
			end = min(end+ctx, len(ops))
			break
		}
		writeHunk(&out, ops[start:end])
		i = end
	}
	return out.String()
}

// header ends a file name holding a space with a tab, as diff does, so
// that patch reads the whole name (git apply reads it either way).
func header(name string) string {
	if strings.ContainsRune(name, ' ') {
		return name + "\t"
	}
	return name
}

type op struct {
	kind byte // ' ', '-', '+'
	line string
	ai   int // 0-based line in a (for ' ' and '-')
	bi   int // 0-based line in b (for ' ' and '+')
}

func writeHunk(w *strings.Builder, ops []op) {
	aStart, bStart, aN, bN := -1, -1, 0, 0
	for _, o := range ops {
		if o.kind != '+' {
			if aStart < 0 {
				aStart = o.ai
			}
			aN++
		}
		if o.kind != '-' {
			if bStart < 0 {
				bStart = o.bi
			}
			bN++
		}
	}
	if aStart < 0 { // pure insertion: the line before it
		aStart = ops[0].ai - 1
	}
	if bStart < 0 {
		bStart = ops[0].bi - 1
	}
	fmt.Fprintf(w, "@@ -%s +%s @@\n", hunkRange(aStart, aN), hunkRange(bStart, bN))
	for _, o := range ops {
		w.WriteByte(o.kind)
		w.WriteString(o.line)
		if !strings.HasSuffix(o.line, "\n") {
			w.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

func hunkRange(start, n int) string {
	if n == 1 {
		return fmt.Sprint(start + 1)
	}
	if n == 0 {
		return fmt.Sprintf("%d,0", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

func splitLines(b []byte) []string {
	var out []string
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			out = append(out, string(b))
			break
		}
		out = append(out, string(b[:i+1]))
		b = b[i+1:]
	}
	return out
}

// diffLines returns an edit script turning x into y: the common prefix
// and suffix, and a shortest script (Myers) for the middle.
func diffLines(x, y []string) []op {
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	var ops []op
	for i := 0; i < pre; i++ {
		ops = append(ops, op{' ', x[i], i, i})
	}
	ops = append(ops, myers(x[pre:len(x)-suf], y[pre:len(y)-suf], pre, pre)...)
	for k := 0; k < suf; k++ {
		i, j := len(x)-suf+k, len(y)-suf+k
		ops = append(ops, op{' ', x[i], i, j})
	}
	return ops
}

// myers is Myers' O(ND) shortest edit script; ao and bo offset the line
// numbers. Deletions come before insertions within a change.
func myers(a, b []string, ao, bo int) []op {
	n, m := len(a), len(b)
	maxD := n + m
	if maxD == 0 {
		return nil
	}
	off := maxD
	v := make([]int, 2*maxD+2)
	var trace [][]int
	var d int
	found := false
	for d = 0; d <= maxD && !found; d++ {
		trace = append(trace, append([]int(nil), v...))
		for k := -d; k <= d; k += 2 {
			var xx int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				xx = v[off+k+1]
			} else {
				xx = v[off+k-1] + 1
			}
			yy := xx - k
			for xx < n && yy < m && a[xx] == b[yy] {
				xx++
				yy++
			}
			v[off+k] = xx
			if xx >= n && yy >= m {
				found = true
				break
			}
		}
	}
	// backtrack
	var rev []op
	xx, yy := n, m
	for d := len(trace) - 1; d >= 0; d-- {
		vd := trace[d]
		k := xx - yy
		var pk int
		if k == -d || k != d && vd[off+k-1] < vd[off+k+1] {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := vd[off+pk]
		py := px - pk
		for xx > px && yy > py {
			xx--
			yy--
			rev = append(rev, op{' ', a[xx], ao + xx, bo + yy})
		}
		if d > 0 {
			if xx == px {
				yy--
				rev = append(rev, op{'+', b[yy], ao + xx, bo + yy})
			} else {
				xx--
				rev = append(rev, op{'-', a[xx], ao + xx, bo + yy})
			}
		}
	}
	ops := make([]op, len(rev))
	for i := range rev {
		ops[i] = rev[len(rev)-1-i]
	}
	return ops
}
