package report

import (
	"io"
	"strconv"
	"unicode/utf8"
	"unsafe"

	"mdlint/lint"
)

// JSONVersion is the version of the json format's schema. It changes
// only when a key is removed or changes meaning.
const JSONVersion = 1

// JSON prints r as one JSON object, indented by two spaces:
//
//	{
//	  "version": 1,             // JSONVersion
//	  "root": "docs",           // Result.Root as the user gave it
//	  "files": 12,              // pages read
//	  "diagnostics": [          // [] when there are none, never null
//	    {
//	      "file": "RM/r_m_x.md",  // slash path relative to root; "" for the whole run
//	      "line": 3,              // 1-based; 0 when unknown
//	      "column": 5,            // 1-based, in Unicode code points; 0 when unknown
//	      "end_line": 3,          // end of the span, exclusive (the position after it)
//	      "end_column": 12,
//	      "rule": "summary-count",
//	      "severity": "error",    // "error", "warning" or "info"
//	      "message": "summary says 85 rules but RM pages list 83 distinct rule IDs",
//	      "related": [            // optional, omitted when empty
//	        {"file": "RM/r_m_y.md", "line": 10, "column": 1, "message": "rules counted here"}
//	      ],
//	      "fixable": true         // optional, omitted unless the finding carries a fix
//	    }
//	  ],
//	  "summary": {"error": 1, "warning": 0, "info": 0}
//	}
//
// Keys appear in this order. No other key is written; consumers should
// still ignore keys they do not know. HTML characters are not escaped.
func JSON(w io.Writer, r *Result) error {
	r = orEmpty(r)
	out := jsonReport{
		Version: JSONVersion,
		Root:    r.Root,
		Files:   r.Files,
	}
	c := countOf(r.Diagnostics)
	out.Summary = jsonSummary{Error: c.errors, Warning: c.warnings, Info: c.infos}

	// written in chunks: a run with tens of thousands of findings makes
	// a report of many megabytes, which need not be held in memory
	// each finding is converted just before it is written, into one
	// reused value: tens of thousands of them need no slice of their own
	var jd jsonDiagnostic
	diag := func(i int) *jsonDiagnostic {
		toJSON(&jd, &r.Diagnostics[i])
		return &jd
	}
	buf, err := appendJSONReportTo(make([]byte, 0, 2*chunk), &out, len(r.Diagnostics), diag, func(b []byte) error {
		_, err := w.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	_, err = w.Write(buf)
	return err
}

// appendJSONReport writes out exactly as encoding/json's Encoder with
// two-space indentation and HTML escaping off would, in one pass: the
// Encoder's indent pass doubled the cost on runs with tens of thousands
// of findings. TestJSONMatchesEncoding pins the equivalence.
func appendJSONReport(b []byte, out *jsonReport) []byte {
	b, _ = appendJSONReportTo(b, out, len(out.Diagnostics), func(i int) *jsonDiagnostic { return &out.Diagnostics[i] }, nil)
	return b
}

// toJSON sets jd to d as the JSON report writes it, reusing jd's
// Related.
func toJSON(jd *jsonDiagnostic, d *lint.Diagnostic) {
	*jd = jsonDiagnostic{
		File:      d.File,
		Line:      int(d.Span.Start.Line),
		Column:    int(d.Span.Start.Col),
		EndLine:   int(d.Span.End.Line),
		EndColumn: int(d.Span.End.Col),
		Rule:      d.Rule,
		Severity:  d.Severity.String(),
		Message:   d.Message,
		Related:   jd.Related[:0],
		Fixable:   len(d.Fixes) > 0,
	}
	for _, rel := range d.Related {
		jd.Related = append(jd.Related, jsonRelated{
			File:    rel.File,
			Line:    int(rel.Span.Start.Line),
			Column:  int(rel.Span.Start.Col),
			Message: rel.Message,
		})
	}
}

// appendJSONReportTo is appendJSONReport for the n diagnostics diag
// returns (out.Diagnostics is not read), handing the buffer to flush
// (when not nil) whenever it holds chunk bytes, and starting again from
// empty.
func appendJSONReportTo(b []byte, out *jsonReport, n int, diag func(int) *jsonDiagnostic, flush func([]byte) error) ([]byte, error) {
	b = append(b, "{\n  \"version\": "...)
	b = strconv.AppendInt(b, int64(out.Version), 10)
	b = append(b, ",\n  \"root\": "...)
	b = appendJSONString(b, out.Root)
	b = append(b, ",\n  \"files\": "...)
	b = strconv.AppendInt(b, int64(out.Files), 10)
	b = append(b, ",\n  \"diagnostics\": ["...)
	q := new(quoter)
	for i := range n {
		d := diag(i)
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n    {\n      \"file\": "...)
		b = q.append(b, d.File)
		b = appendIntKey(b, ",\n      \"line\": ", d.Line)
		b = appendIntKey(b, ",\n      \"column\": ", d.Column)
		b = appendIntKey(b, ",\n      \"end_line\": ", d.EndLine)
		b = appendIntKey(b, ",\n      \"end_column\": ", d.EndColumn)
		b = append(b, ",\n      \"rule\": "...)
		b = q.append(b, d.Rule)
		b = append(b, ",\n      \"severity\": "...)
		b = q.append(b, d.Severity)
		b = append(b, ",\n      \"message\": "...)
		b = q.append(b, d.Message)
		if len(d.Related) > 0 {
			b = append(b, ",\n      \"related\": ["...)
			for j, r := range d.Related {
				if j > 0 {
					b = append(b, ',')
				}
				b = append(b, "\n        {\n          \"file\": "...)
				b = q.append(b, r.File)
				b = appendIntKey(b, ",\n          \"line\": ", r.Line)
				b = appendIntKey(b, ",\n          \"column\": ", r.Column)
				b = append(b, ",\n          \"message\": "...)
				b = q.append(b, r.Message)
				b = append(b, "\n        }"...)
			}
			b = append(b, "\n      ]"...)
		}
		if d.Fixable {
			b = append(b, ",\n      \"fixable\": true"...)
		}
		b = append(b, "\n    }"...)
		if flush != nil && len(b) >= chunk {
			if err := flush(b); err != nil {
				return nil, err
			}
			b = b[:0]
		}
	}
	if n > 0 {
		b = append(b, "\n  "...)
	}
	b = append(b, "],\n  \"summary\": {\n    \"error\": "...)
	b = strconv.AppendInt(b, int64(out.Summary.Error), 10)
	b = appendIntKey(b, ",\n    \"warning\": ", out.Summary.Warning)
	b = appendIntKey(b, ",\n    \"info\": ", out.Summary.Info)
	return append(b, "\n  }\n}\n"...), nil
}

func appendIntKey(b []byte, key string, v int) []byte {
	b = append(b, key...)
	return strconv.AppendInt(b, int64(v), 10)
}

const hexDigits = "0123456789abcdef"

// jsonSafe marks the ASCII bytes a JSON string holds as they are.
var jsonSafe = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// safeWord reports whether the eight bytes of w are all ASCII that a
// JSON string holds as they are: none below 0x20, no '"', no '\\'.
func safeWord(w string) bool { return escBits(word(w)) == 0 }

// word is the first eight bytes of s, little-endian (one load).
func word(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// escBits is zero when the eight bytes of x need no escaping. Both it
// and word are small enough to inline into the string loop.
func escBits(x uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q, bs := x^('"'*ones), x^('\\'*ones)
	// high bits: non-ASCII; below 0x20; a '"'; a '\\' (zero byte tests)
	return (x | (x-0x20*ones)&^x | (q-ones)&^q | (bs-ones)&^bs) & highs
}

// quoter is appendJSONString with a memory of the strings it found
// nothing to escape in: a report repeats the same file for all the
// findings of a page, and the same message for every token with the
// same wrong name, and copying a string is several times faster than
// scanning it. A string is known by where its bytes are and its length;
// strings are immutable, and every string of a report stays alive while
// it is written, so the memory cannot come back with other bytes.
type quoter [1024]struct {
	p *byte
	n int
}

// quoterMin is the shortest string worth remembering.
const quoterMin = 16

func (q *quoter) append(b []byte, s string) []byte {
	if len(s) < quoterMin {
		return appendJSONString(b, s)
	}
	p := unsafe.StringData(s)
	e := &q[(uintptr(unsafe.Pointer(p))>>4^uintptr(len(s)))%uintptr(len(q))]
	if e.p == p && e.n == len(s) {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	n := len(b)
	b = appendJSONString(b, s)
	if len(b)-n == len(s)+2 { // every escape makes the string longer
		e.p, e.n = p, len(s)
	}
	return b
}

// appendJSONString quotes s as encoding/json does with HTML escaping
// off: invalid UTF-8 becomes U+FFFD, U+2028 and U+2029 are escaped.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		// eight bytes at a time while they need no escaping (nearly
		// every byte of a report)
		for i+8 <= len(s) && escBits(word(s[i:])) == 0 {
			i += 8
		}
		if i == len(s) {
			break
		}
		c := s[i]
		if jsonSafe[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

type jsonReport struct {
	Version     int              `json:"version"`
	Root        string           `json:"root"`
	Files       int              `json:"files"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
	Summary     jsonSummary      `json:"summary"`
}

type jsonDiagnostic struct {
	File      string        `json:"file"`
	Line      int           `json:"line"`
	Column    int           `json:"column"`
	EndLine   int           `json:"end_line"`
	EndColumn int           `json:"end_column"`
	Rule      string        `json:"rule"`
	Severity  string        `json:"severity"`
	Message   string        `json:"message"`
	Related   []jsonRelated `json:"related,omitempty"`
	Fixable   bool          `json:"fixable,omitempty"`
}

type jsonRelated struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

type jsonSummary struct {
	Error   int `json:"error"`
	Warning int `json:"warning"`
	Info    int `json:"info"`
}
