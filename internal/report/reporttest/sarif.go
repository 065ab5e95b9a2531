// Package reporttest helps tests check mdlint's output formats. It is
// imported by tests only, so the JSON Schema validator stays out of the
// mdlint binary.
package reporttest

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// SARIFSchemaFile is the OASIS SARIF 2.1.0 schema, relative to the
// module root (the shared folder beside the repository).
const SARIFSchemaFile = "../shared/schemas/sarif-schema-2.1.0.json"

// SARIFSchema compiles the SARIF 2.1.0 schema found at file, as
// internal/report's own tests do: registered under its declared $id
// (or id), draft from its $schema, formats asserted, nothing fetched.
// It skips the test when the file is absent.
func SARIFSchema(t testing.TB, file string) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(file)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("SARIF schema not found at %s; skipping validation", file)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("reading %s: %v", file, err)
	}
	url := "https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-schema-2.1.0.json"
	if m, ok := doc.(map[string]any); ok {
		for _, k := range []string{"$id", "id"} {
			if id, ok := m[k].(string); ok && id != "" {
				url = id
				break
			}
		}
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	c.AssertFormat()
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatalf("compiling the SARIF schema: %v", err)
	}
	return sch
}

// ValidateSARIF fails the test unless data is a SARIF log that the
// schema accepts.
func ValidateSARIF(t testing.TB, sch *jsonschema.Schema, data []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("SARIF output is not JSON: %v", err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("SARIF output does not validate against the schema: %v", err)
	}
}
