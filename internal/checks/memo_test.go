package checks

import (
	"runtime"
	"testing"
	"weak"

	"github.com/stretchr/testify/require"

	"mdlint/lint"
	"mdlint/parser"
)

// What the checks derive from a library (containment index, RM page
// counts, the ATT&CK findings) lives in the library's memos: once the
// library is dropped, nothing the checks keep holds it, even when the
// rules live on to check another library (--fix loads and lints again:
// a reference kept until then would hold two models under one memory
// limit).
func TestChecksKeepNoLibrary(t *testing.T) {
	all := All(Options{})
	lib, err := parser.LoadLibrary("../../testdata/rules/summary-count", parser.Options{})
	require.NoError(t, err)
	require.NotEmpty(t, lint.Run(lib, all), "the fixture has findings")
	gone := weak.Make(lib)
	lib = nil
	for range 5 {
		runtime.GC()
	}
	require.Nil(t, gone.Value(), "a library checked before is still reachable")
	runtime.KeepAlive(all)
}
