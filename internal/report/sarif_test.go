package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"mdlint/internal/report/reporttest"
)

const sarifSchemaFile = "../../../shared/schemas/sarif-schema-2.1.0.json"

// sarifSchema compiles the OASIS SARIF schema (reporttest.SARIFSchema),
// skipping the test when ../shared is absent.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	return reporttest.SARIFSchema(t, sarifSchemaFile)
}

func TestSARIFValidates(t *testing.T) {
	sch := sarifSchema(t)
	many := manyErrors(25)
	many.Root = "/abs/lib with space" // file:// URIs
	for name, r := range map[string]*Result{"fixture": fixture(), "empty": emptyResult(), "absolute root": many, "nil": nil, "partial": partial()} {
		var buf bytes.Buffer
		if err := SARIF(&buf, r); err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("%s: SARIF output does not validate: %v\n%s", name, err, buf.Bytes())
		}
	}
}

// TestSARIFSchemaRejects makes sure the validation is not vacuous.
func TestSARIFSchemaRejects(t *testing.T) {
	sch := sarifSchema(t)
	var buf bytes.Buffer
	if err := SARIF(&buf, fixture()); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	run := doc["runs"].([]any)[0].(map[string]any)
	res := run["results"].([]any)[0].(map[string]any)
	res["level"] = "fatal"
	if err := sch.Validate(doc); err == nil {
		t.Error("schema accepted level \"fatal\"")
	}
}

func TestSARIFDetails(t *testing.T) {
	var buf bytes.Buffer
	if err := SARIF(&buf, fixture()); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	rules := run.Tool.Driver.Rules
	var ids []string
	for _, r := range rules {
		ids = append(ids, r.ID)
	}
	// the catalog in order, then the uncatalogued rule that reported
	if want := []string{"summary-count", "broken-link", "table-pipe", "unused-rule", "internal-error"}; !equalStrings(ids, want) {
		t.Errorf("rules %v, want %v", ids, want)
	}
	for _, res := range run.Results {
		if rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %s has ruleIndex %d (%s)", res.RuleID, res.RuleIndex, rules[res.RuleIndex].ID)
		}
		if len(res.PartialFingerprints[FingerprintKey]) != 64 {
			t.Errorf("result %s: fingerprint %q", res.RuleID, res.PartialFingerprints[FingerprintKey])
		}
	}
	for _, res := range run.Results {
		if res.RuleID == "summary-count" && res.Level == "error" {
			if got, want := res.Locations[0].PhysicalLocation.ArtifactLocation.URI, "docs/library/RM/r_m_caf%C3%A9%20rules.md"; got != want {
				t.Errorf("uri %q, want %q", got, want)
			}
		}
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestEscapeURIPath(t *testing.T) {
	for _, c := range []struct {
		in   string
		keep bool
		want string
	}{
		{"a b/c.md", false, "a%20b/c.md"},
		{"café.md", false, "caf%C3%A9.md"},
		{"a:b#c?d%e.md", false, "a%3Ab%23c%3Fd%25e.md"},
		{"/C:/x y", true, "/C:/x%20y"},
		{"Exabeam Data Sources.md", false, "Exabeam%20Data%20Sources.md"},
	} {
		if got := escapeURIPath(c.in, c.keep); got != c.want {
			t.Errorf("escapeURIPath(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
