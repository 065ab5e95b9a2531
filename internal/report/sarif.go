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

	"mdlint/lint"
	"mdlint/model"
)

// SARIF constants.
const (
	SARIFSchema    = "https://json.schemastore.org/sarif-2.1.0.json"
	SARIFVersion   = "2.1.0"
	ToolName       = "mdlint"
	InformationURI = "https://github.com/mdlint/mdlint" // placeholder until the project has a home
	// FingerprintKey names the partial fingerprint: the hex SHA-256 of
	// lint.Diagnostic.Key, stable when lines move.
	FingerprintKey = "mdlint/v1"
	srcRoot        = "%SRCROOT%"
)

// SARIF prints r as a SARIF 2.1.0 log with one run. The driver lists
// every rule of r.Rules in the given order, followed by any rule that
// reported but is not in the catalog (such as "internal-error"), so
// that every result has a ruleIndex. Levels are error, warning and note
// (for info).
//
// Locations: a relative path (Root joined with File, see the package
// doc) is a URI reference escaped per RFC 3986 (only unreserved
// characters and "/" stay as they are) with uriBaseId "%SRCROOT%", the
// directory mdlint ran in — which GitHub code scanning takes as the
// repository root; originalUriBaseIds describes it without an absolute
// path. When Root is absolute the location is a file:// URI instead,
// which code scanning makes relative to the checkout. Columns are
// Unicode code points ("columnKind": "unicodeCodePoints"), and the end
// of a region is exclusive, as in lint's spans. A finding without a
// file has no location. Related positions become relatedLocations.
//
// run.properties carries "root" (as given) and "files" (pages read).
func SARIF(w io.Writer, r *Result) error {
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
			res.Locations = []sarifLocation{{PhysicalLocation: sarifPhysical(r.Root, d.File, d.Span)}}
		}
		for _, rel := range d.Related {
			loc := sarifLocation{Message: &sarifMessage{Text: rel.Message}}
			if rel.File != "" {
				loc.PhysicalLocation = sarifPhysical(r.Root, rel.File, rel.Span)
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

func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "note"
}

func sarifPhysical(root, file string, span model.Span) *sarifPhysicalLocation {
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

// escapeURIPath percent-encodes every byte of a slash path except the
// RFC 3986 unreserved characters and "/". Colons are kept only when
// keepColon (an absolute path, where "C:" is safe); in a relative
// reference a colon in the first segment would read as a scheme.
func escapeURIPath(p string, keepColon bool) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~', c == '/', c == ':' && keepColon:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		}
	}
	return b.String()
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
