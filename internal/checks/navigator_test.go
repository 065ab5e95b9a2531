package checks

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mdlint/internal/navigator"
	"mdlint/lint"
	"mdlint/lint/linttest"
)

// TestNavigatorDriftFixture runs the check on its fixture. Its findings
// are in the layer, a JSON file that cannot hold want comments, so the
// expectations are in the fixture's want.txt.
func TestNavigatorDriftFixture(t *testing.T) {
	dir := "../../testdata/rules/navigator-drift"
	lib := linttest.Load(t, dir)
	diags := lint.Run(lib, []*lint.Check{NavigatorDrift})

	fh, err := os.Open(filepath.Join(dir, "want.txt"))
	require.NoError(t, err)
	defer fh.Close()
	type want struct {
		where string
		texts []string
		met   bool
	}
	var wants []*want
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		where, rest, _ := strings.Cut(line, " ")
		w := &want{where: where}
		for _, part := range strings.Split(rest, "`") {
			if p := strings.TrimSpace(part); p != "" {
				w.texts = append(w.texts, p)
			}
		}
		wants = append(wants, w)
	}
	require.NotEmpty(t, wants)
	for _, d := range diags {
		where := fmt.Sprintf("%s:%d", d.File, d.Span.Start.Line)
		matched := false
		for _, w := range wants {
			if w.met || w.where != where {
				continue
			}
			ok := true
			for _, tx := range w.texts {
				ok = ok && strings.Contains(d.Message, tx)
			}
			if ok {
				w.met, matched = true, true
				break
			}
		}
		if !matched {
			t.Errorf("unexpected finding %s: %s", where, d.Message)
		}
	}
	for _, w := range wants {
		if !w.met {
			t.Errorf("missing finding %s %q", w.where, w.texts)
		}
	}
}

func TestNavigatorDriftQuietWithoutLayer(t *testing.T) {
	lib := linttest.Load(t, "../../testdata/example")
	assert.Empty(t, lint.Run(lib, []*lint.Check{NavigatorDrift}))
}

func TestParseLayers(t *testing.T) {
	src := []byte(`[{"name": "a", "techniques": [{"techniqueID": "T1078", "tactic": "persistence", "score": 2.5, "x": {"y": [1, 2]}}, 7]}, {"name": "b"}]`)
	ls, err := parseLayers(src)
	require.NoError(t, err)
	require.Len(t, ls, 2)
	assert.Equal(t, "a", ls[0].name)
	assert.True(t, ls[0].hasTechniques)
	assert.False(t, ls[1].hasTechniques)
	e := ls[0].entries[0]
	assert.Equal(t, `"T1078"`, string(src[e.idStart:e.idEnd]))
	assert.Equal(t, `2.5`, string(src[e.scoreStart:e.scoreEnd]))
	assert.Equal(t, "2.5 rules", e.scoreWords())
	assert.Equal(t, "persistence", e.tactic)

	for _, bad := range []string{``, `{`, `{"techniques": [}`, `"x"`, `{} {}`} {
		_, err := parseLayers([]byte(bad))
		assert.Error(t, err, bad)
	}
}

func TestNavigatorDriftBrokenJSON(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "resources"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "resources", "mitre_map.json"), []byte("{\n  \"techniques\": [,]\n}"), 0o644))
	lib := linttest.Load(t, dir)
	diags := lint.Run(lib, []*lint.Check{NavigatorDrift})
	require.Len(t, diags, 1)
	assert.Contains(t, diags[0].Message, "the layer is not valid JSON")
	assert.Equal(t, int32(2), diags[0].Span.Start.Line)
}

// TestNavigatorDriftQuietOnGeneratedLayer: the layer mdlint navigator
// writes is what the check expects.
func TestNavigatorDriftQuietOnGeneratedLayer(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS("../../testdata/example")))
	lib := linttest.Load(t, dir)
	b, err := navigator.Build(navigator.Collect(lib, nil), navigator.Options{Name: "example"}).JSON()
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "resources"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "resources", "mitre_map.json"), b, 0o644))
	lib = linttest.Load(t, dir)
	assert.Empty(t, lint.Run(lib, []*lint.Check{NavigatorDrift}))
}
