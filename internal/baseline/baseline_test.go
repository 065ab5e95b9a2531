package baseline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"mdlint/lint"
	"mdlint/model"
)

func diag(rule, file, key string, line int) lint.Diagnostic {
	return lint.Diagnostic{Rule: rule, File: file, Key: key, Message: "m",
		Span: model.Span{Start: model.Pos{Line: int32(line), Col: 1}}}
}

func TestRoundTrip(t *testing.T) {
	ds := []lint.Diagnostic{
		diag("summary-count", "b.md", "summary-count|b.md|rules", 3),
		diag("broken-link", "a.md", "broken-link|a.md|x.md", 9),
		diag("broken-link", "a.md", "broken-link|a.md|x.md", 12),
		diag("broken-link", "a.md", "", 14), // default key
	}
	f := New(ds)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	want := `{
  "version": 1,
  "tool": "mdlint",
  "findings": [
    {
      "rule": "broken-link",
      "file": "a.md",
      "key": "broken-link|a.md|m",
      "count": 1
    },
    {
      "rule": "broken-link",
      "file": "a.md",
      "key": "broken-link|a.md|x.md",
      "count": 2
    },
    {
      "rule": "summary-count",
      "file": "b.md",
      "key": "summary-count|b.md|rules",
      "count": 1
    }
  ]
}
`
	if buf.String() != want {
		t.Errorf("got\n%s", buf.String())
	}
	// Order of the findings does not matter.
	rev := []lint.Diagnostic{ds[3], ds[2], ds[1], ds[0]}
	var buf2 bytes.Buffer
	_ = New(rev).Write(&buf2)
	if buf2.String() != want {
		t.Error("output depends on the order of the findings")
	}
	p := filepath.Join(t.TempDir(), "b.json")
	if err := f.WriteFile(p); err != nil {
		t.Fatal(err)
	}
	g, err := Read(p)
	if err != nil {
		t.Fatal(err)
	}
	if g.Total() != 4 || len(g.Findings) != 3 {
		t.Errorf("read back %+v", g)
	}
	// Lines moved: nothing new.
	moved := []lint.Diagnostic{
		diag("broken-link", "a.md", "broken-link|a.md|x.md", 90),
		diag("broken-link", "a.md", "broken-link|a.md|x.md", 120),
		diag("broken-link", "a.md", "", 140),
		diag("summary-count", "b.md", "summary-count|b.md|rules", 30),
	}
	r := g.Filter(moved, nil)
	if len(r.New) != 0 || r.Matched != 4 || r.Gone != 0 {
		t.Errorf("moved lines: %+v", r)
	}
}

func TestMultiset(t *testing.T) {
	f := New([]lint.Diagnostic{
		diag("broken-link", "a.md", "k", 1),
		diag("broken-link", "a.md", "k", 2),
		diag("summary-count", "b.md", "s", 1),
		diag("page-chain", "c.md", "c", 1),
	})
	now := []lint.Diagnostic{
		diag("broken-link", "a.md", "k", 1),
		diag("broken-link", "a.md", "k", 2),
		diag("broken-link", "a.md", "k", 3),
		diag("summary-count", "b.md", "other", 1),
		diag("content-count", "b.md", "s", 1), // same key, other rule
	}
	r := f.Filter(now, nil)
	var got []string
	for _, d := range r.New {
		got = append(got, d.Rule+"|"+d.Key)
	}
	if strings.Join(got, ",") != "broken-link|k,summary-count|other,content-count|s" || r.New[0].Span.Start.Line != 3 {
		t.Errorf("new = %v (first at line %d)", got, r.New[0].Span.Start.Line)
	}
	if r.Matched != 2 || r.Gone != 2 {
		t.Errorf("matched %d gone %d, want 2 and 2", r.Matched, r.Gone)
	}
	// Only c.md in scope: b.md's gone finding is not counted.
	r = f.Filter(now, func(file string) bool { return file == "c.md" })
	if r.Gone != 1 {
		t.Errorf("gone in scope = %d, want 1", r.Gone)
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"junk":    "not json",
		"version": `{"version": 7, "findings": []}`,
		"count":   `{"version": 1, "findings": [{"rule": "r", "key": "k", "count": 0}]}`,
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Read(p); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := Read(filepath.Join(dir, "missing")); err == nil {
		t.Error("missing file: no error")
	}
}

// Read decodes a baseline as encoding/json does, whatever the writer
// did with escapes, spacing, key case and keys it does not know.
func TestReadMatchesEncodingJSON(t *testing.T) {
	dir := t.TempDir()
	for i, src := range []string{
		`{"version":1,"tool":"mdlint","findings":[{"rule":"r","file":"a.md","key":"r|a.md|x","count":2}]}`,
		"{\n \"version\" : 1 ,\n\t\"findings\" : [ { \"count\" : 1 , \"key\" : \"k \\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude42 \\u2028\", \"rule\" : \"r\" } ] }",
		`{"Version":1,"FINDINGS":[{"Rule":"r","Key":"k","Count":1,"extra":{"a":[1,2,{"b":null}]}}],"other":true}`,
		`{"version":1,"findings":[{"rule":"r","key":"k","count":1},{"rule":"r","key":"k","count":3,"file":"é/ü.md"}]}`,
		`{"version":1,"findings":[{"rule":"↳ ®","key":"<b>&amp;</b>","count":1e0}]}`,
	} {
		p := filepath.Join(dir, fmt.Sprint(i))
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		var want File
		wantErr := json.Unmarshal([]byte(src), &want)
		got, err := Read(p)
		if wantErr != nil {
			if err == nil {
				t.Errorf("%d: encoding/json fails (%v), Read does not", i, wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%d: %v", i, err)
			continue
		}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("%d: Read gives %+v, encoding/json %+v", i, *got, want)
		}
	}
}

// A baseline nested far deeper than any real one is an error, not a
// crash (the fast decoder recurses without bound), and brackets inside
// strings do not count.
func TestReadDeepNesting(t *testing.T) {
	dir := t.TempDir()
	deep := `{"version": 1, "x": ` + strings.Repeat("[", 1_000_000) + strings.Repeat("]", 1_000_000) + `, "findings": []}`
	p := filepath.Join(dir, "deep.json")
	require.NoError(t, os.WriteFile(p, []byte(deep), 0o644))
	_, err := Read(p)
	require.Error(t, err)

	quoted := `{"version": 1, "findings": [{"rule": "r", "key": "` + strings.Repeat(`[{\"`, 100) + `", "count": 1}]}`
	require.False(t, tooDeep([]byte(quoted), 64))
	require.NoError(t, os.WriteFile(p, []byte(quoted), 0o644))
	f, err := Read(p)
	require.NoError(t, err)
	require.Equal(t, strings.Repeat(`[{"`, 100), f.Findings[0].Key)
	require.True(t, tooDeep([]byte(`{"a": "\\\\", "b": `+strings.Repeat("[", 65)), 64), "a string ending in an escaped backslash")
	require.False(t, tooDeep([]byte(`{"a": "\\\" `+strings.Repeat("[", 65)+`"}`), 64), "an escaped quote does not end the string")
	require.False(t, tooDeep([]byte(`"unterminated `+strings.Repeat("[", 65)), 64))
	require.True(t, tooDeep([]byte(strings.Repeat("[", 65)), 64))
	require.False(t, tooDeep([]byte(strings.Repeat("[", 64)), 64))
}
