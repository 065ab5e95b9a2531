package report

import (
	"bytes"
	"encoding/json"
	"io"
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
		Version:     JSONVersion,
		Root:        r.Root,
		Files:       r.Files,
		Diagnostics: make([]jsonDiagnostic, 0, len(r.Diagnostics)),
	}
	for _, d := range r.Diagnostics {
		jd := jsonDiagnostic{
			File:      d.File,
			Line:      d.Span.Start.Line,
			Column:    d.Span.Start.Col,
			EndLine:   d.Span.End.Line,
			EndColumn: d.Span.End.Col,
			Rule:      d.Rule,
			Severity:  d.Severity.String(),
			Message:   d.Message,
			Fixable:   len(d.Fixes) > 0,
		}
		for _, rel := range d.Related {
			jd.Related = append(jd.Related, jsonRelated{
				File:    rel.File,
				Line:    rel.Span.Start.Line,
				Column:  rel.Span.Start.Col,
				Message: rel.Message,
			})
		}
		out.Diagnostics = append(out.Diagnostics, jd)
	}
	c := countOf(r.Diagnostics)
	out.Summary = jsonSummary{Error: c.errors, Warning: c.warnings, Info: c.infos}

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	return flush(w, &buf)
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
