package navigator

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mdlint/internal/attack"
	"mdlint/parser"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const lib2 = "../../testdata/beyond/v2"

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create the golden file")
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from the golden file (run go test -update to accept):\n%s", name, got)
	}
}

func TestLayerGolden(t *testing.T) {
	lib, err := parser.LoadLibrary(lib2, parser.Options{})
	require.NoError(t, err)
	cov := Collect(lib, nil)
	l := Build(cov, Options{Name: "v2 rule coverage", Description: "test layer"})
	b, err := l.JSON()
	require.NoError(t, err)
	golden(t, "layer.golden.json", b)

	// the fields Navigator needs
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	assert.Equal(t, "v2 rule coverage", m["name"])
	assert.Equal(t, "enterprise-attack", m["domain"])
	assert.Equal(t, map[string]any{"attack": attack.Default().Version, "navigator": "5.1.0", "layer": "4.5"}, m["versions"])
	techs := m["techniques"].([]any)
	require.NotEmpty(t, techs)
	for _, x := range techs {
		e := x.(map[string]any)
		assert.True(t, attack.IsTechniqueID(e["techniqueID"].(string)))
		assert.IsType(t, float64(0), e["score"])
		assert.IsType(t, "", e["comment"])
	}
}

func TestScores(t *testing.T) {
	lib, err := parser.LoadLibrary(lib2, parser.Options{})
	require.NoError(t, err)
	got := map[string]int{}
	for _, c := range Collect(lib, nil) {
		got[c.ID] = c.Score()
	}
	// MitreMap.md of the example library gives the same numbers.
	assert.Equal(t, map[string]int{
		"T1003.001": 1, "T1059.001": 2, "T1078": 7, "T1078.002": 2, "T1078.004": 2,
		"T1098": 1, "T1110": 2, "T1110.001": 1, "T1110.003": 2, "T1133": 2, "T1204.002": 2,
	}, got)
}

func TestByProduct(t *testing.T) {
	lib, err := parser.LoadLibrary(lib2, parser.Options{})
	require.NoError(t, err)
	keep, names, err := ProductFilter(lib, "acme  vpn")
	require.NoError(t, err)
	assert.Equal(t, []string{"Acme VPN"}, names)
	l := Build(Collect(lib, keep), Options{Name: "Acme VPN"})
	b, err := l.JSON()
	require.NoError(t, err)
	golden(t, "layer-acme-vpn.golden.json", b)

	_, _, err = ProductFilter(lib, "Acme")
	assert.EqualError(t, err, `no product named "Acme"; did you mean Acme EDR, Acme VPN?`)
	_, names, err = ProductFilter(lib, "DS/Globex/globex_idp")
	require.NoError(t, err)
	assert.Equal(t, []string{"Globex IdP"}, names)
}

func TestDisplayName(t *testing.T) {
	for _, c := range []struct{ v, p, want string }{
		{"Microsoft", "Microsoft 365 Defender", "Microsoft 365 Defender"},
		{"Cisco", "Secure Email", "Cisco Secure Email"},
		{"Box", "Boxer", "Box Boxer"},
		{"1password", "1password", "1password"},
		{"", "", ""},
		{"Acme ", "  EDR", "Acme EDR"},
	} {
		assert.Equal(t, c.want, DisplayName(c.v, c.p), "%q %q", c.v, c.p)
	}
}

func TestGradientMax(t *testing.T) {
	assert.Equal(t, 1, gradientMax(nil))
	assert.Equal(t, 1, gradientMax([]int{0}))
	assert.Equal(t, 9, gradientMax([]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 300}))
}

// TestRealCorpus builds the layer of the real library (skipped when
// ../shared is absent) and checks a few numbers against its MitreMap.
func TestRealCorpus(t *testing.T) {
	root := "../../../shared/corpus/CIM2"
	if _, err := os.Stat(root); err != nil {
		t.Skipf("real corpus %s not available (%v); skipping", root, err)
	}
	lib, err := parser.LoadLibrary(root, parser.Options{})
	require.NoError(t, err)
	cov := Collect(lib, nil)
	l := Build(cov, Options{Name: "CIM2"})
	assert.Len(t, cov, 200) // MitreMap.md lists 200 IDs, 9 of them tactics
	// what the lint rules read is the same without products and use cases
	lean := CollectRules(lib)
	require.Len(t, lean, len(cov))
	for i := range cov {
		want := cov[i]
		assert.NotEmpty(t, want.Products, want.ID)
		want.Products, want.UseCases = nil, nil
		assert.Equal(t, want, lean[i])
	}
	assert.Len(t, l.Techniques, 191)
	b, err := l.JSON()
	require.NoError(t, err)
	assert.True(t, json.Valid(b))
}
