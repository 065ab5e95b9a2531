//go:build ignore

// compare times commands against one another, alternating them round
// by round (see internal/benchcmp):
//
//	go run bench/compare.go -n 30 -C ../shared/corpus \
//	    "without=/tmp/mdlint --disable 'attack-*,matrix-*,mitremap-count' --format json CIM2" \
//	    'with=/tmp/mdlint --format json CIM2'
//
// Each command is run by sh -c; exit statuses 0 and 1 are accepted.
// Every command is compared with the first: list the base first. The
// report gives each difference's median over the pairs with a 95 %
// interval of that median (from 6 rounds on; 30 rounds or more make
// it narrow enough to tell a few per cent).
package main

import (
	"os"

	"mdlint/internal/benchcmp"
)

func main() { os.Exit(benchcmp.Main(os.Args[1:], os.Stdout, os.Stderr)) }
