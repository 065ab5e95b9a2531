package cli

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"testing"
	"time"

	"mdlint/internal/checks"
	"mdlint/internal/report"
	"mdlint/lint"
	"mdlint/parser"
)

// attackRules names the ATT&CK rules for --disable: the runs without
// them that issue 4 measures them against.
const attackRules = "attack-*,matrix-*,mitremap-count"

// BenchmarkEndToEnd runs mdlint on a real library: load, every check and
// JSON output. CIM2-no-attack leaves out the ATT&CK rules, the base they
// are measured against (issue 4: within 5 %).
func BenchmarkEndToEnd(b *testing.B) {
	for _, bc := range []struct{ name, corpus string }{{"CIM2", "CIM2"}, {"CIM1", "CIM1"}, {"CIM2-no-attack", "CIM2"}, {"CIM2-config", "CIM2"}, {"CIM2-baseline", "CIM2"}} {
		b.Run(bc.name, func(b *testing.B) {
			root := filepath.Join("..", "..", "..", "shared", "corpus", bc.corpus)
			if _, err := os.Stat(root); err != nil {
				b.Skipf("real corpus %s not present (%v); skipping", bc.corpus, err)
			}
			if strings.HasSuffix(bc.name, "-config") {
				root = withConfig(b, root)
			}
			args := []string{"--format", "json", root}
			if strings.HasSuffix(bc.name, "-no-attack") {
				args = append([]string{"--disable", attackRules}, args...)
			}
			if strings.HasSuffix(bc.name, "-baseline") {
				// every finding baselined: how a library adopts mdlint
				bl := filepath.Join(b.TempDir(), "baseline.json")
				if code := Main([]string{"--write-baseline", bl, root}, io.Discard, io.Discard); code != ExitClean {
					b.Fatalf("--write-baseline: exit %d", code)
				}
				args = append([]string{"--baseline", bl}, args...)
				b.ResetTimer()
			}
			b.ReportAllocs()
			u0, s0 := cpuTime()
			for i := 0; i < b.N; i++ {
				if code := Main(args, io.Discard, io.Discard); code == ExitUsage {
					b.Fatalf("exit %d", code)
				}
			}
			// CPU time varies less than wall time on a shared machine:
			// it is the figure to compare two versions by
			u1, s1 := cpuTime()
			b.ReportMetric(float64((u1-u0).Microseconds())/1e3/float64(b.N), "user-ms/op")
			b.ReportMetric(float64((s1-s0).Microseconds())/1e3/float64(b.N), "sys-ms/op")
		})
	}
}

// withConfig returns the library at root seen from a repository whose
// .mdlint.yaml, one folder above it, ignores and excludes pages by glob:
// how a repository keeps its docs and its configuration.
func withConfig(b *testing.B, root string) string {
	abs, err := filepath.Abs(root)
	if err != nil {
		b.Fatal(err)
	}
	repo := b.TempDir()
	lib := filepath.Join(repo, "docs")
	cfg := `ignore: ["docs/ParsersLegacy/**", "docs/Old/**", "**/*.draft.md"]
exclude:
  - paths: ["docs/DS/Legacy/**", "docs/Archive/**"]
    rules: [page-chain, rm-backlink]
`
	if err := errors.Join(os.Mkdir(filepath.Join(repo, ".git"), 0o755), os.Symlink(abs, lib),
		os.WriteFile(filepath.Join(repo, ".mdlint.yaml"), []byte(cfg), 0o644)); err != nil {
		b.Fatal(err)
	}
	return lib
}

// BenchmarkAttackCost measures what the ATT&CK rules add to an end-to-end
// run on CIM2 (issue 4): each iteration runs mdlint with them and without
// them, in alternating order (ABBA), and the figures are the medians of
// the differences within each iteration. Two runs side by side see the
// same machine, where separate benchmarks minutes apart saw its speed
// drift by more than the difference measured.
func BenchmarkAttackCost(b *testing.B) {
	root := filepath.Join("..", "..", "..", "shared", "corpus", "CIM2")
	if _, err := os.Stat(root); err != nil {
		b.Skipf("real corpus CIM2 not present (%v); skipping", err)
	}
	with := []string{"--format", "json", root}
	without := append([]string{"--disable", attackRules}, with...)
	run := func(args []string) (wall, cpu time.Duration) {
		mode := "with"
		if len(args) > len(with) {
			mode = "without"
		}
		// each run starts with the garbage of the one before collected,
		// as a new process would: otherwise a collection lands in one
		// run of a pair or the other by chance, and the extra megabytes
		// of the run with the rules bring the next one forward
		runtime.GC()
		u0, s0 := cpuTime()
		t0 := time.Now()
		// labelled for a CPU profile: go tool pprof -tagfocus mode=with
		pprof.Do(context.Background(), pprof.Labels("mode", mode), func(context.Context) {
			if code := Main(args, io.Discard, io.Discard); code == ExitUsage {
				b.Fatalf("exit %d", code)
			}
		})
		wall = time.Since(t0)
		u1, s1 := cpuTime()
		return wall, u1 - u0 + s1 - s0
	}
	var walls, cpus, wallsWithout, cpusWithout []float64
	for i := 0; b.Loop(); i++ {
		var wa, ca, wn, cn time.Duration
		if i%2 == 0 {
			wa, ca = run(with)
			wn, cn = run(without)
		} else {
			wn, cn = run(without)
			wa, ca = run(with)
		}
		walls = append(walls, float64(wa-wn)/float64(wn))
		cpus = append(cpus, float64(ca-cn)/float64(cn))
		wallsWithout = append(wallsWithout, float64(wn.Microseconds())/1e3)
		cpusWithout = append(cpusWithout, float64(cn.Microseconds())/1e3)
	}
	b.ReportMetric(100*median(walls), "wall-%")
	b.ReportMetric(100*median(cpus), "cpu-%")
	b.ReportMetric(median(wallsWithout), "base-wall-ms")
	b.ReportMetric(median(cpusWithout), "base-cpu-ms")
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// BenchmarkFormats times each output format writing CIM2's findings
// (every rule, library loaded and checked once, outside the timing),
// to io.Discard: the end-to-end run's last step, on one core unless the
// writer says otherwise.
func BenchmarkFormats(b *testing.B) {
	root := filepath.Join("..", "..", "..", "shared", "corpus", "CIM2")
	if _, err := os.Stat(root); err != nil {
		b.Skipf("real corpus CIM2 not present (%v); skipping", err)
	}
	lib, err := parser.LoadLibrary(root, parser.Options{})
	if err != nil {
		b.Fatal(err)
	}
	opts := checks.Options{}
	res := &report.Result{Root: "CIM2", Files: len(lib.Pages), Diagnostics: lint.Run(lib, checks.All(opts)), ToolVersion: Version}
	for _, r := range allRules(opts) {
		res.Rules = append(res.Rules, report.RuleInfo{Name: r.Name, Doc: r.Doc, Severity: r.Severity, HelpURI: helpURI(r.Name)})
	}
	for _, f := range report.Formats() {
		b.Run(f, func(b *testing.B) {
			var n countingWriter
			if err := report.Write(f, &n, res, report.Options{}); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(n))
			b.ReportAllocs()
			b.ReportMetric(float64(len(res.Diagnostics)), "findings")
			for b.Loop() {
				if err := report.Write(f, io.Discard, res, report.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// countingWriter counts the bytes written to it.
type countingWriter int

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}
