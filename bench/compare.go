//go:build ignore

// compare times commands against one another, alternating them round
// by round (see internal/benchcmp):
//
//	go run bench/compare.go -n 30 -C ../shared/corpus \
//	    'with=/tmp/mdlint --format json CIM2' \
//	    "without=/tmp/mdlint --disable 'attack-*,matrix-*,mitremap-count' --format json CIM2"
//
// Each command is run by sh -c; exit statuses 0 and 1 are accepted.
package main

import (
	"os"

	"mdlint/internal/benchcmp"
)

func main() { os.Exit(benchcmp.Main(os.Args[1:], os.Stdout, os.Stderr)) }
