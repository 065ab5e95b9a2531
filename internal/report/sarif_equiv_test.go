package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"mdlint/lint"
	"mdlint/model"
)

// weirdStrings are strings JSON and URIs must take care with.
var weirdStrings = []string{"", "plain", "quote \" back\\slash", "ctl \x00\x01\x1f \t\n\r\b\f", "html <b>&amp;</b>", "bad \xff\xfe utf8", "sep \u2028\u2029", "↳ ® é 🙂", "sp ace/%2F?#:x", "C:/win/path.md"}

// TestSARIFMatchesEncoding holds the streaming SARIF writer to what
// encoding/json writes for the same log, on awkward strings, every kind
// of span and location, rules with and without docs, and reports large
// enough to be written in several chunks.
func TestSARIFMatchesEncoding(t *testing.T) {
	results := []*Result{nil, {}, fixture(), emptyResult(), partial(), manyErrors(3)}
	for _, root := range []string{"", ".", "docs", "/abs/lib with space", "C:/lib", weirdStrings[5]} {
		for _, n := range []int{0, 1, 3, 700} {
			r := &Result{Root: root, Files: n, ToolVersion: weirdStrings[n%len(weirdStrings)]}
			if n == 3 {
				r.ToolVersion = ""
			}
			for i, w := range weirdStrings {
				r.Rules = append(r.Rules, RuleInfo{Name: "rule-" + w, Doc: weirdStrings[(i+1)%len(weirdStrings)], Severity: lint.Severity(i % 4), HelpURI: weirdStrings[(i+2)%len(weirdStrings)]})
			}
			r.Rules = append(r.Rules, r.Rules[1]) // a repeat keeps its first index
			for i := range n {
				for k, w := range weirdStrings {
					d := lint.Diagnostic{
						File:     w,
						Span:     []model.Span{{}, span(int32(i+1), 0, 0, 0), span(int32(i+1), int32(k), int32(i+2), int32(k*3)), span(1, 2, 0, 5), span(3, 0, 4, 9)}[(i+k)%5],
						Rule:     []string{"rule-" + w, "internal-error", "rule-plain"}[(i+k)%3],
						Severity: lint.Severity((i + k) % 4),
						Message:  weirdStrings[(i+k+1)%len(weirdStrings)],
						Key:      []string{"", w + "|key"}[(i+k)%2],
					}
					if (i+k)%4 == 0 {
						d.Related = []lint.Related{{File: w, Span: span(2, 3, 2, 9), Message: weirdStrings[k]}, {Message: "no file"}, {File: "x.md", Message: ""}}
					}
					r.Diagnostics = append(r.Diagnostics, d)
				}
			}
			results = append(results, r)
		}
	}
	for i, r := range results {
		var want, got bytes.Buffer
		if err := sarifViaEncoding(&want, r); err != nil {
			t.Fatal(err)
		}
		var w chunkWriter
		if err := SARIF(&w, r); err != nil {
			t.Fatal(err)
		}
		got.Write(w.Bytes())
		if got.String() != want.String() {
			a, b := got.String(), want.String()
			n := 0
			for n < min(len(a), len(b)) && a[n] == b[n] {
				n++
			}
			t.Fatalf("result %d: SARIF differs from encoding/json's at byte %d:\n got %q\nwant %q", i, n, a[max(0, n-200):min(len(a), n+100)], b[max(0, n-200):min(len(b), n+100)])
		}
		if want.Len() > 2*chunk && w.writes < 2 {
			t.Errorf("result %d: %d bytes in %d write(s): want chunks", i, want.Len(), w.writes)
		}
	}
}

// sarifViaEncoding is the SARIF writer as it was before the streaming
// one: the log built as structs and encoded by encoding/json with
// two-space indentation. TestSARIFMatchesEncoding holds SARIF to the
// same bytes.
func sarifViaEncoding(w io.Writer, r *Result) error {
	r = orEmpty(r)
	driver := sarifDriver{
		Name:           ToolName,
		InformationURI: InformationURI,
		Version:        r.ToolVersion,
	}
	index := map[string]int{}
	addRule := func(d sarifRule) {
		if _, ok := index[d.ID]; !ok {
			index[d.ID] = len(driver.Rules)
			driver.Rules = append(driver.Rules, d)
		}
	}
	for _, ri := range r.Rules {
		d := sarifRule{ID: ri.Name, HelpURI: ri.HelpURI}
		if ri.Doc != "" {
			d.ShortDescription = &sarifMessage{Text: ri.Doc}
			d.FullDescription = &sarifMessage{Text: ri.Doc}
		}
		if ri.Severity != 0 {
			d.DefaultConfiguration = &sarifConfiguration{Level: sarifLevel(ri.Severity)}
		}
		addRule(d)
	}
	for _, d := range r.Diagnostics {
		addRule(sarifRule{ID: d.Rule})
	}

	results := make([]sarifResult, 0, len(r.Diagnostics))
	for i := range r.Diagnostics {
		d := &r.Diagnostics[i]
		sum := sha256.Sum256([]byte(diagKey(d)))
		res := sarifResult{
			RuleID:              d.Rule,
			RuleIndex:           index[d.Rule],
			Level:               sarifLevel(d.Severity),
			Message:             sarifMessage{Text: d.Message},
			PartialFingerprints: map[string]string{FingerprintKey: hex.EncodeToString(sum[:])},
		}
		if d.File != "" {
			res.Locations = []sarifLocation{{PhysicalLocation: sarifPhysicalViaEncoding(r.Root, d.File, d.Span)}}
		}
		for _, rel := range d.Related {
			loc := sarifLocation{Message: &sarifMessage{Text: rel.Message}}
			if rel.File != "" {
				loc.PhysicalLocation = sarifPhysicalViaEncoding(r.Root, rel.File, rel.Span)
			}
			res.RelatedLocations = append(res.RelatedLocations, loc)
		}
		results = append(results, res)
	}

	root := r.Root
	if root == "" {
		root = "."
	}
	log := sarifLog{
		Schema:  SARIFSchema,
		Version: SARIFVersion,
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: driver},
			OriginalURIBaseIDs: map[string]sarifArtifactLocation{
				srcRoot: {Description: &sarifMessage{
					Text: "The directory mdlint ran in; the library root was given as " + strconv.Quote(root) + ".",
				}},
			},
			ColumnKind: "unicodeCodePoints",
			Results:    results,
			Properties: &sarifRunProperties{Root: r.Root, Files: r.Files},
		}},
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(log); err != nil {
		return err
	}
	return flush(w, &buf)
}

func sarifPhysicalViaEncoding(root, file string, span model.Span) *sarifPhysicalLocation {
	p := displayPath(root, file)
	var art sarifArtifactLocation
	if filepath.IsAbs(filepath.FromSlash(p)) || strings.HasPrefix(p, "/") {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // C:/x -> /C:/x
		}
		art.URI = "file://" + escapeURIPath(p, true)
	} else {
		art.URI = escapeURIPath(p, false)
		art.URIBaseID = srcRoot
	}
	pl := &sarifPhysicalLocation{ArtifactLocation: art}
	if span.Start.Line >= 1 {
		reg := &sarifRegion{StartLine: int(span.Start.Line)}
		if span.Start.Col >= 1 {
			reg.StartColumn = int(span.Start.Col)
		}
		if span.End.Line >= 1 {
			reg.EndLine = int(span.End.Line)
			if span.End.Col >= 1 && reg.StartColumn > 0 {
				reg.EndColumn = int(span.End.Col)
			}
		}
		pl.Region = reg
	}
	return pl
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                        `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
	ColumnKind         string                           `json:"columnKind"`
	Results            []sarifResult                    `json:"results"`
	Properties         *sarifRunProperties              `json:"properties,omitempty"`
}

type sarifRunProperties struct {
	Root  string `json:"root"`
	Files int    `json:"files"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version,omitempty"`
	Rules          []sarifRule `json:"rules,omitempty"`
}

type sarifRule struct {
	ID                   string              `json:"id"`
	ShortDescription     *sarifMessage       `json:"shortDescription,omitempty"`
	FullDescription      *sarifMessage       `json:"fullDescription,omitempty"`
	HelpURI              string              `json:"helpUri,omitempty"`
	DefaultConfiguration *sarifConfiguration `json:"defaultConfiguration,omitempty"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifMessage      `json:"message"`
	Locations           []sarifLocation   `json:"locations,omitempty"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
	Message          *sarifMessage          `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI         string        `json:"uri,omitempty"`
	URIBaseID   string        `json:"uriBaseId,omitempty"`
	Description *sarifMessage `json:"description,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}
