package report

import (
	"crypto/sha256"
	"encoding/hex"
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
	rules, index := sarifRules(r)
	root := r.Root
	if root == "" {
		root = "."
	}
	j := indentWriter{b: make([]byte, 0, 2*chunk)}
	j.open('{')
	j.str("$schema", SARIFSchema)
	j.str("version", SARIFVersion)
	j.key("runs")
	j.open('[')
	j.elem()
	j.open('{')
	j.key("tool")
	j.open('{')
	j.key("driver")
	j.open('{')
	j.str("name", ToolName)
	j.str("informationUri", InformationURI)
	if r.ToolVersion != "" {
		j.str("version", r.ToolVersion)
	}
	if len(rules) > 0 {
		j.key("rules")
		j.open('[')
		for _, ru := range rules {
			j.elem()
			j.open('{')
			j.str("id", ru.Name)
			if ru.Doc != "" {
				j.text("shortDescription", ru.Doc)
				j.text("fullDescription", ru.Doc)
			}
			if ru.HelpURI != "" {
				j.str("helpUri", ru.HelpURI)
			}
			if ru.Severity != 0 {
				j.key("defaultConfiguration")
				j.open('{')
				j.str("level", sarifLevel(ru.Severity))
				j.close('}')
			}
			j.close('}')
		}
		j.close(']')
	}
	j.close('}') // driver
	j.close('}') // tool
	j.key("originalUriBaseIds")
	j.open('{')
	j.key(srcRoot)
	j.open('{')
	j.text("description", "The directory mdlint ran in; the library root was given as "+strconv.Quote(root)+".")
	j.close('}')
	j.close('}')
	j.str("columnKind", "unicodeCodePoints")
	j.key("results")
	j.open('[')
	var loc sarifURI
	var key []byte // the finding's key, hashed for its fingerprint
	for i := range r.Diagnostics {
		d := &r.Diagnostics[i]
		j.elem()
		j.open('{')
		j.str("ruleId", d.Rule)
		j.int("ruleIndex", index[d.Rule])
		j.str("level", sarifLevel(d.Severity))
		j.text("message", d.Message)
		if d.File != "" {
			j.key("locations")
			j.open('[')
			j.elem()
			j.open('{')
			j.physical(loc.of(r.Root, d.File), d.Span)
			j.close('}')
			j.close(']')
		}
		if len(d.Related) > 0 {
			j.key("relatedLocations")
			j.open('[')
			for _, rel := range d.Related {
				j.elem()
				j.open('{')
				if rel.File != "" {
					j.physical(sarifURIOf(r.Root, rel.File), rel.Span)
				}
				j.text("message", rel.Message)
				j.close('}')
			}
			j.close(']')
		}
		j.key("partialFingerprints")
		j.open('{')
		j.key(FingerprintKey)
		key = append(key[:0], diagKey(d)...)
		sum := sha256.Sum256(key)
		j.b = append(j.b, '"')
		j.b = hex.AppendEncode(j.b, sum[:])
		j.b = append(j.b, '"')
		j.close('}')
		j.close('}')
		var err error
		if j.b, err = flushFull(w, j.b); err != nil {
			return err
		}
	}
	j.close(']') // results
	j.key("properties")
	j.open('{')
	j.str("root", r.Root)
	j.int("files", r.Files)
	j.close('}')
	j.close('}') // run
	j.close(']') // runs
	j.close('}')
	j.b = append(j.b, '\n')
	_, err := w.Write(j.b)
	return err
}

// sarifRules lists the driver's rules: every rule of r.Rules in the
// given order, then any rule that reported but is not among them (such
// as "internal-error"), with each rule's index.
func sarifRules(r *Result) ([]RuleInfo, map[string]int) {
	rules := make([]RuleInfo, 0, len(r.Rules))
	index := make(map[string]int, len(r.Rules))
	add := func(ri RuleInfo) {
		if _, ok := index[ri.Name]; !ok {
			index[ri.Name] = len(rules)
			rules = append(rules, ri)
		}
	}
	for _, ri := range r.Rules {
		add(ri)
	}
	for i := range r.Diagnostics {
		if _, ok := index[r.Diagnostics[i].Rule]; !ok {
			add(RuleInfo{Name: r.Diagnostics[i].Rule})
		}
	}
	return rules, index
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

// sarifURI is an artifact location: a URI and its base ("" for a
// file:// URI).
type sarifURI struct {
	file, uri, base string
}

// of returns the location of file, reusing the last one when file is
// the same: findings come sorted by file.
func (u *sarifURI) of(root, file string) sarifURI {
	if u.file != file || u.uri == "" {
		*u = sarifURIOf(root, file)
	}
	return *u
}

// sarifURIOf is the artifact location of a root-relative file.
func sarifURIOf(root, file string) sarifURI {
	p := displayPath(root, file)
	if filepath.IsAbs(filepath.FromSlash(p)) || strings.HasPrefix(p, "/") {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // C:/x -> /C:/x
		}
		return sarifURI{file: file, uri: "file://" + escapeURIPath(p, true)}
	}
	return sarifURI{file: file, uri: escapeURIPath(p, false), base: srcRoot}
}

// physical writes a physicalLocation member: the artifact and, when the
// span has a line, its region (columns and end only when known).
func (j *indentWriter) physical(u sarifURI, span model.Span) {
	j.key("physicalLocation")
	j.open('{')
	j.key("artifactLocation")
	j.open('{')
	if u.uri != "" {
		j.str("uri", u.uri)
	}
	if u.base != "" {
		j.str("uriBaseId", u.base)
	}
	j.close('}')
	if span.Start.Line >= 1 {
		j.key("region")
		j.open('{')
		j.int("startLine", int(span.Start.Line))
		col := span.Start.Col >= 1
		if col {
			j.int("startColumn", int(span.Start.Col))
		}
		if span.End.Line >= 1 {
			j.int("endLine", int(span.End.Line))
			if span.End.Col >= 1 && col {
				j.int("endColumn", int(span.End.Col))
			}
		}
		j.close('}')
	}
	j.close('}')
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
