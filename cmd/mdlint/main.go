// Command mdlint checks that a generated content library is consistent.
// See the README and docs/ for usage.
package main

import (
	"fmt"
	"os"
	"runtime/pprof"
	"runtime/trace"

	"mdlint/internal/cli"
)

func main() {
	os.Exit(run())
}

// run is main with the profiling hooks of docs/performance.md:
// MDLINT_CPUPROFILE and MDLINT_TRACE name files for a CPU profile and an
// execution trace of the whole run.
func run() int {
	if f := create("MDLINT_CPUPROFILE"); f != nil {
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err == nil {
			defer pprof.StopCPUProfile()
		}
	}
	if f := create("MDLINT_TRACE"); f != nil {
		defer f.Close()
		if err := trace.Start(f); err == nil {
			defer trace.Stop()
		}
	}
	return cli.Main(os.Args[1:], os.Stdout, os.Stderr)
}

func create(env string) *os.File {
	name := os.Getenv(env)
	if name == "" {
		return nil
	}
	f, err := os.Create(name)
	if err != nil {
		fmt.Fprintf(os.Stderr, "mdlint: %s: %v\n", env, err)
		return nil
	}
	return f
}
