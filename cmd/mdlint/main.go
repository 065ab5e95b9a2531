// Command mdlint checks that a generated content library is consistent.
// See the README and docs/ for usage.
package main

import (
	"os"

	"mdlint/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
