package parser

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestGoldenModels dumps the model of every dialect fixture library
// (testdata/dialects/<name>) and of the example library as JSON and
// compares it with parser/testdata/golden/<name>.json.
func TestGoldenModels(t *testing.T) {
	dirs, err := filepath.Glob("../testdata/dialects/*")
	require.NoError(t, err)
	dirs = append(dirs, "../testdata/example")
	require.NotEmpty(t, dirs)
	for _, dir := range dirs {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			lib, err := LoadLibrary(dir, Options{})
			require.NoError(t, err)
			lib.Root = name // keep the dump independent of where tests run
			got, err := json.MarshalIndent(lib, "", " ")
			require.NoError(t, err)
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", name+".json")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
				require.NoError(t, os.WriteFile(golden, got, 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "golden file missing: run go test ./parser -run TestGoldenModels -update")
			require.Equal(t, string(want), string(got), "model of %s changed; review the diff and rerun with -update", dir)
		})
	}
}
