package report

import (
	"bytes"
	"encoding/json"
	"slices"
	"sort"
	"testing"
)

func keys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func sorted(s ...string) []string { sort.Strings(s); return s }

// TestJSONSchema checks the exact keys of the json format and that it
// round-trips to the Result it came from.
func TestJSONSchema(t *testing.T) {
	r := fixture()
	var buf bytes.Buffer
	if err := JSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if got, want := keys(doc), sorted("version", "root", "files", "diagnostics", "summary"); !slices.Equal(got, want) {
		t.Errorf("top-level keys %v, want %v", got, want)
	}
	base := []string{"file", "line", "column", "end_line", "end_column", "rule", "severity", "message"}
	diags := doc["diagnostics"].([]any)
	if len(diags) != len(r.Diagnostics) {
		t.Fatalf("%d diagnostics, want %d", len(diags), len(r.Diagnostics))
	}
	for i, raw := range diags {
		d := raw.(map[string]any)
		want := slices.Clone(base)
		if len(r.Diagnostics[i].Related) > 0 {
			want = append(want, "related")
			for _, rel := range d["related"].([]any) {
				if got, want := keys(rel.(map[string]any)), sorted("file", "line", "column", "message"); !slices.Equal(got, want) {
					t.Errorf("diagnostic %d: related keys %v, want %v", i, got, want)
				}
			}
		}
		if len(r.Diagnostics[i].Fixes) > 0 {
			want = append(want, "fixable")
			if d["fixable"] != true {
				t.Errorf("diagnostic %d: fixable = %v", i, d["fixable"])
			}
		}
		if got := keys(d); !slices.Equal(got, sorted(want...)) {
			t.Errorf("diagnostic %d: keys %v, want %v", i, got, sorted(want...))
		}
	}
	if got, want := keys(doc["summary"].(map[string]any)), sorted("error", "warning", "info"); !slices.Equal(got, want) {
		t.Errorf("summary keys %v, want %v", got, want)
	}

	var back jsonReport
	dec := json.NewDecoder(bytes.NewReader(buf.Bytes()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&back); err != nil {
		t.Fatal(err)
	}
	if back.Version != JSONVersion || back.Root != r.Root || back.Files != r.Files {
		t.Errorf("header = %d %q %d", back.Version, back.Root, back.Files)
	}
	if back.Summary != (jsonSummary{Error: 2, Warning: 2, Info: 1}) {
		t.Errorf("summary = %+v", back.Summary)
	}
	for i, d := range r.Diagnostics {
		b := back.Diagnostics[i]
		if b.File != d.File || b.Line != int(d.Span.Start.Line) || b.Column != int(d.Span.Start.Col) ||
			b.EndLine != int(d.Span.End.Line) || b.EndColumn != int(d.Span.End.Col) ||
			b.Rule != d.Rule || b.Severity != d.Severity.String() || b.Message != d.Message ||
			len(b.Related) != len(d.Related) || b.Fixable != (len(d.Fixes) > 0) {
			t.Errorf("diagnostic %d: got %+v from %+v", i, b, d)
		}
	}
}

func TestJSONEmptyDiagnosticsIsArray(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, &Result{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte(`"diagnostics": []`)) {
		t.Errorf("empty diagnostics not written as []:\n%s", buf.Bytes())
	}
}
