package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runMain(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Main(args, &out, &errb)
	return code, out.String(), errb.String()
}

const (
	beyondV1 = "../../testdata/beyond/v1"
	beyondV2 = "../../testdata/beyond/v2"
)

func TestNavigatorCommand(t *testing.T) {
	code, out, errs := runMain("navigator", beyondV2)
	require.Equal(t, ExitClean, code, errs)
	var layer struct {
		Name       string
		Versions   map[string]string
		Domain     string
		Techniques []struct {
			TechniqueID string
			Score       int
			Comment     string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &layer))
	assert.Equal(t, "v2 rule coverage", layer.Name)
	assert.Equal(t, "4.5", layer.Versions["layer"])
	assert.Equal(t, "enterprise-attack", layer.Domain)
	assert.Len(t, layer.Techniques, 11)

	file := filepath.Join(t.TempDir(), "layer.json")
	code, _, errs = runMain("navigator", "--by-product", "Globex IdP", beyondV2, "-o", file)
	require.Equal(t, ExitClean, code, errs)
	assert.Contains(t, errs, "wrote "+file)
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"name": "v2 rule coverage: Globex IdP"`)

	code, _, errs = runMain("navigator", "--by-product", "Initech", beyondV2)
	assert.Equal(t, ExitUsage, code)
	assert.Contains(t, errs, `no product named "Initech"`)
}

func TestAttackDiffCommand(t *testing.T) {
	const data = "../attackdiff/testdata/"
	code, out, errs := runMain("attack", "diff", "--from", data+"old.json", "--to", data+"new.json", beyondV2)
	require.Equal(t, ExitClean, code, errs)
	assert.Contains(t, out, "ATT&CK v1.0 (old.json) -> v2.0 (new.json)")
	assert.Contains(t, out, `T1078 "Valid Accounts" -> "Valid Credentials"`)
	assert.Contains(t, out, "… and ")

	code, out, _ = runMain("attack", "diff", "--json", "--all", "--from", data+"old.json", "--to", data+"new.json", beyondV2)
	require.Equal(t, ExitClean, code)
	assert.True(t, json.Valid([]byte(out)))

	code, _, errs = runMain("attack", "diff", beyondV2)
	assert.Equal(t, ExitUsage, code)
	assert.Contains(t, errs, "--to FILE is required")

	code, _, errs = runMain("attack", "diff", "--to", "no-such.json", beyondV2)
	assert.Equal(t, ExitUsage, code)
	assert.Contains(t, errs, "no-such.json")
}

func TestSummaryCommand(t *testing.T) {
	code, out, errs := runMain("summary", "--base-dir", beyondV1, beyondV2)
	require.Equal(t, ExitClean, code, errs)
	assert.Contains(t, out, "## Content library changes")
	assert.Contains(t, out, "- **Acme EDR**: Rules 7 -> 12")

	code, out, _ = runMain("summary", "--json", "--base-dir", beyondV1, beyondV2)
	require.Equal(t, ExitClean, code)
	assert.True(t, json.Valid([]byte(out)))

	code, _, errs = runMain("summary", beyondV2)
	assert.Equal(t, ExitUsage, code)
	assert.Contains(t, errs, "give one of --base REV or --base-dir DIR")
}

func TestReportCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	code, _, errs := runMain("report", "--html", dir, "../../testdata/rules/navigator-drift")
	require.Equal(t, ExitClean, code, errs)
	b, err := os.ReadFile(filepath.Join(dir, "index.html"))
	require.NoError(t, err)
	assert.Contains(t, string(b), "<h1>mdlint report: navigator-drift</h1>")
	// links lead from the report folder to the pages
	rel, err := filepath.Rel(dir, "../../testdata/rules/navigator-drift")
	if abs, e := filepath.Abs("../../testdata/rules/navigator-drift"); e == nil {
		rel, err = filepath.Rel(dir, abs)
	}
	require.NoError(t, err)
	assert.Contains(t, string(b), `href="`+filepath.ToSlash(rel)+`/DS/Acme/acme_vpn/ds_acme_acme_vpn.md"`)
	_, err = os.Stat(filepath.Join(dir, "rule-navigator-drift.html"))
	assert.NoError(t, err)

	code, _, errs = runMain("report", "../../testdata/rules/navigator-drift")
	assert.Equal(t, ExitUsage, code)
	assert.True(t, strings.Contains(errs, "--html OUTDIR is required"))
}
