package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestJSONMatchesEncoding pins the hand-written JSON writer to what
// encoding/json writes for the same report, on awkward strings.
func TestJSONMatchesEncoding(t *testing.T) {
	weird := []string{"", "plain", "quote \" back\\slash", "ctl \x00\x01\x1f \t\n\r\b\f", "html <b>&amp;</b>", "bad \xff\xfe utf8", "sep \u2028\u2029", "↳ ® é 🙂"}
	for _, n := range []int{0, 1, 3, 2000} {
		out := jsonReport{Version: 1, Root: weird[3], Files: 7}
		out.Diagnostics = []jsonDiagnostic{}
		for i := 0; i < n; i++ {
			for j, s := range weird {
				d := jsonDiagnostic{File: s, Line: i, Column: j, EndLine: i + 1, EndColumn: j * 1000, Rule: s, Severity: "error", Message: s, Fixable: j%2 == 0}
				if j%3 == 0 {
					d.Related = []jsonRelated{{File: s, Line: 1, Column: 2, Message: s}, {File: "x", Message: weird[j]}}
				}
				out.Diagnostics = append(out.Diagnostics, d)
			}
		}
		out.Summary = jsonSummary{Error: n, Warning: 2, Info: 3}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		require.NoError(t, enc.Encode(out))
		require.Equal(t, want.String(), string(appendJSONReport(nil, &out)))
		// in chunks, as JSON writes it: the same bytes
		var chunked bytes.Buffer
		flushes := 0
		rest, err := appendJSONReportTo(nil, &out, len(out.Diagnostics), func(i int) *jsonDiagnostic { return &out.Diagnostics[i] }, func(b []byte) error {
			flushes++
			chunked.Write(b)
			return nil
		})
		require.NoError(t, err)
		chunked.Write(rest)
		require.Equal(t, want.String(), chunked.String())
		if want.Len() > 2*chunk {
			require.Greater(t, flushes, 1, "a large report is written in chunks")
		}
	}
}
