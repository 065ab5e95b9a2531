package cli

import (
	"bytes"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// --color=auto colours a terminal only: not a file, a buffer, or a
// character device that is no terminal (mdlint docs > /dev/null).
func TestColorAuto(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	t.Setenv("TERM", "xterm")
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	require.NoError(t, err)
	defer null.Close()
	file, err := os.Create(t.TempDir() + "/out.txt")
	require.NoError(t, err)
	defer file.Close()
	for name, w := range map[string]any{"/dev/null": null, "file": file, "buffer": &bytes.Buffer{}} {
		var on bool
		switch w := w.(type) {
		case *os.File:
			on, err = useColor("auto", w)
		case *bytes.Buffer:
			on, err = useColor("auto", w)
		}
		require.NoError(t, err)
		assert.False(t, on, name)
	}
	on, err := useColor("always", &bytes.Buffer{})
	require.NoError(t, err)
	assert.True(t, on)
	_, err = useColor("sometimes", null)
	assert.Error(t, err)
}
