package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestJSONMatchesEncoding pins the hand-written JSON writer to what
// encoding/json writes for the same report, on awkward strings.
func TestJSONMatchesEncoding(t *testing.T) {
	weird := []string{"", "plain", "quote \" back\\slash", "ctl \x00\x01\x1f \t\n\r\b\f", "html <b>&amp;</b>", "bad \xff\xfe utf8", "sep \u2028\u2029", "↳ ® é 🙂"}
	// long strings, which the writer remembers as safe or not by where
	// their bytes are: prefixes of one another share that place
	long := "a long plain message of more than sixteen bytes, then a \"quote\" and a \n newline"
	weird = append(weird, long, long[:40], long[:57], long[:58], long[40:], strings.Repeat(long, 3))
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

// TestSafeWord checks the eight-byte test against the byte table: every
// byte value at every place of an otherwise plain word, and words of
// two unsafe bytes (a borrow from one must not hide the other).
func TestSafeWord(t *testing.T) {
	for pos := range 8 {
		for c := range 256 {
			w := []byte("abcdefgh")
			w[pos] = byte(c)
			require.Equal(t, jsonSafe[c], safeWord(string(w)), "byte %#x at %d", c, pos)
			for _, c2 := range []int{0x00, 0x1f, 0x20, '"', '\\', 0x7f, 0x80, 0xff} {
				w2 := append([]byte(nil), w...)
				w2[(pos+3)%8] = byte(c2)
				want := jsonSafe[w2[0]] && jsonSafe[w2[1]] && jsonSafe[w2[2]] && jsonSafe[w2[3]] &&
					jsonSafe[w2[4]] && jsonSafe[w2[5]] && jsonSafe[w2[6]] && jsonSafe[w2[7]]
				require.Equal(t, want, safeWord(string(w2)), "%q", w2)
			}
		}
	}
}
