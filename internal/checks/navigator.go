package checks

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"mdlint/internal/attack"
	"mdlint/internal/navigator"
	"mdlint/lint"
	"mdlint/model"
)

// LayerPath is where the library keeps its ATT&CK Navigator layer.
const LayerPath = "resources/mitre_map.json"

// NavigatorDrift compares the library's committed ATT&CK Navigator
// layer with the coverage the RM pages list.
var NavigatorDrift = &lint.Check{
	Name:     "navigator-drift",
	Doc:      "the committed ATT&CK Navigator layer (resources/mitre_map.json) lists techniques or scores that the RM pages do not",
	Severity: lint.Warning,
	Cost:     30,
	Run:      runNavigatorDrift,
}

func runNavigatorDrift(pass *lint.Pass) {
	lib := pass.Library
	if !lib.Exists(LayerPath) || lib.IsDir(LayerPath) {
		return
	}
	src, ok := lib.Data[LayerPath]
	var err error
	if !ok {
		err = errors.New("the layer was not loaded (too large or unreadable)")
	}
	lines := model.NewLines(src)
	key := func(parts ...string) string {
		return "navigator-drift|" + LayerPath + "|" + strings.Join(parts, "|")
	}
	if err != nil {
		pass.Report(lint.Diagnostic{File: LayerPath, Span: lines.Span(0, 0), Key: key("read"),
			Message: fmt.Sprintf("cannot read the layer: %v", navUnwrap(err))})
		return
	}
	layers, err := parseLayers(src)
	if err != nil {
		off := 0
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = int(se.Offset)
		}
		pass.Report(lint.Diagnostic{File: LayerPath, Span: lines.Span(off, off), Key: key("json"),
			Message: fmt.Sprintf("the layer is not valid JSON: %v", err)})
		return
	}
	cov := headingsOf(lib)
	byID := make(map[string]*navigator.Coverage, len(cov))
	for i := range cov {
		byID[cov[i].ID] = &cov[i]
	}
	for li, l := range layers {
		if !l.hasTechniques {
			continue
		}
		name := "the layer"
		k := func(parts ...string) string { return key(parts...) }
		if len(layers) > 1 {
			name = fmt.Sprintf("layer %d (%q)", li+1, l.name)
			k = func(parts ...string) string { return key(append([]string{strconv.Itoa(li + 1)}, parts...)...) }
		}
		listed := map[string]bool{}
		tactics := false
		for _, e := range l.entries {
			if e.id != "" && e.enabled {
				listed[e.id] = true
				tactics = tactics || attack.IsTacticID(e.id)
			}
		}
		extra := map[string]bool{}
		for _, e := range l.entries {
			if e.id == "" || !e.enabled {
				continue
			}
			c := byID[e.id]
			if c == nil {
				if extra[e.id] {
					continue
				}
				extra[e.id] = true
				what := "lists " + e.id
				if e.hasScore {
					what = fmt.Sprintf("scores %s at %s", e.id, e.scoreWords())
				}
				msg := fmt.Sprintf("%s %s but no RM page lists %s", name, what, e.id)
				if n := navWithSubs(cov, e.id); n > 0 {
					// the pages list only its sub-techniques
					msg += fmt.Sprintf(" itself (%s under its sub-techniques)", navCount(n, "distinct rule"))
				}
				pass.Report(lint.Diagnostic{File: LayerPath, Span: lines.Span(e.idStart, e.idEnd), Key: k(e.id, "extra"),
					Message: msg})
				continue
			}
			if !e.hasScore || e.score == float64(c.Score()) {
				continue
			}
			msg := fmt.Sprintf("%s scores %s at %s but the RM pages list %s under it", name, e.id, e.scoreWords(), navCount(c.Score(), "distinct rule"))
			if n := navWithSubs(cov, e.id); n >= 0 && n != c.Score() {
				msg += fmt.Sprintf(" (%d with its sub-techniques)", n)
			}
			if e.tactic != "" {
				msg += " (entry for tactic " + e.tactic + ")"
			}
			pass.Report(lint.Diagnostic{File: LayerPath, Span: lines.Span(e.scoreStart, e.scoreEnd), Key: k(e.id, "score", e.tactic),
				Message: msg,
				Related: []lint.Related{{File: c.First.File, Span: c.First.Span, Message: "first heading of " + e.id}}})
		}
		for i := range cov {
			c := &cov[i]
			if listed[c.ID] || (attack.IsTacticID(c.ID) && !tactics) {
				continue
			}
			pass.Report(lint.Diagnostic{File: LayerPath, Span: lines.Span(l.techStart, l.techEnd), Key: k(c.ID, "missing"),
				Message: fmt.Sprintf("the RM pages list %s under %s but %s has no entry for it", navCount(c.Score(), "distinct rule"), c.ID, name),
				Related: []lint.Related{{File: c.First.File, Span: c.First.Span, Message: "first heading of " + c.ID}}})
		}
	}
}

// headingsOf returns what the library's RM pages list under each
// technique and tactic heading (navigator.CollectRules),
// computed once per library: navigator-drift and mitremap-count both
// read it.
func headingsOf(lib *model.Library) []navigator.Coverage {
	return lib.Memo(memoHeadings, func() any { return navigator.CollectRules(lib) }).([]navigator.Coverage)
}

func navCount(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// navWithSubs counts the distinct rules listed under a technique and its
// sub-techniques (cov is sorted by ID, so they follow it).
func navWithSubs(cov []navigator.Coverage, id string) int {
	if !attack.IsTechniqueID(id) || strings.Contains(id, ".") {
		return -1
	}
	rules := map[string]bool{}
	for i := range cov {
		if cov[i].ID == id || strings.HasPrefix(cov[i].ID, id+".") {
			for _, r := range cov[i].Rules {
				rules[r] = true
			}
		}
	}
	return len(rules)
}

func navUnwrap(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// scoreWords is the score as a number of rules.
func (e *layerEntry) scoreWords() string {
	if n := int(e.score); float64(n) == e.score {
		return navCount(n, "rule")
	}
	return e.scoreText + " rules"
}

// layerEntry is one technique object of a layer with the byte ranges
// of its ID and score.
type layerEntry struct {
	id             string
	idStart, idEnd int
	tactic         string
	enabled        bool
	hasScore       bool
	score          float64
	scoreText      string
	scoreStart     int
	scoreEnd       int
}

// parsedLayer is what the check reads of a layer.
type parsedLayer struct {
	name               string
	hasTechniques      bool
	techStart, techEnd int // the "techniques" key
	entries            []layerEntry
}

// layerReader walks a layer file token by token, keeping byte offsets.
type layerReader struct {
	src []byte
	dec *json.Decoder
}

// parseLayers reads a layer file: one layer object, or a list of them
// (layer format 4.5 allows both). Old layers (format 2 to 4.4, domain
// "mitre-enterprise") have the same technique objects.
func parseLayers(src []byte) ([]parsedLayer, error) {
	r := &layerReader{src: src, dec: json.NewDecoder(bytes.NewReader(src))}
	r.dec.UseNumber()
	tok, err := r.dec.Token()
	if err != nil {
		return nil, err
	}
	var out []parsedLayer
	switch tok {
	case json.Delim('{'):
		l, err := r.layer()
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	case json.Delim('['):
		for r.dec.More() {
			tok, err := r.dec.Token()
			if err != nil {
				return nil, err
			}
			if tok != json.Delim('{') {
				if err := r.skipRest(tok); err != nil {
					return nil, err
				}
				continue
			}
			l, err := r.layer()
			if err != nil {
				return nil, err
			}
			out = append(out, l)
		}
		if _, err := r.dec.Token(); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("a layer is a JSON object, found %v", tok)
	}
	if _, err := r.dec.Token(); err != io.EOF {
		if err == nil {
			err = fmt.Errorf("data after the layer")
		}
		return nil, err
	}
	return out, nil
}

// start returns where the next token begins.
func (r *layerReader) start() int {
	i := int(r.dec.InputOffset())
	for i < len(r.src) {
		switch r.src[i] {
		case ' ', '\t', '\n', '\r', ':', ',':
			i++
			continue
		}
		break
	}
	return i
}

// value reads one value and returns it with its byte range; objects and
// arrays are skipped and returned as nil.
func (r *layerReader) value() (any, int, int, error) {
	s := r.start()
	tok, err := r.dec.Token()
	if err != nil {
		return nil, 0, 0, err
	}
	if d, ok := tok.(json.Delim); ok {
		return nil, s, s, r.skipRest(d)
	}
	return tok, s, int(r.dec.InputOffset()), nil
}

// skipRest skips the rest of a value whose first token was tok.
func (r *layerReader) skipRest(tok json.Token) error {
	if tok != json.Delim('{') && tok != json.Delim('[') {
		return nil
	}
	depth := 1
	for depth > 0 {
		t, err := r.dec.Token()
		if err != nil {
			return err
		}
		switch t {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}

// layer reads a layer object after its '{'.
func (r *layerReader) layer() (parsedLayer, error) {
	var l parsedLayer
	for r.dec.More() {
		ks := r.start()
		k, err := r.dec.Token()
		if err != nil {
			return l, err
		}
		switch k {
		case "name":
			v, _, _, err := r.value()
			if err != nil {
				return l, err
			}
			l.name, _ = v.(string)
		case "techniques":
			l.techStart, l.techEnd = ks, int(r.dec.InputOffset())
			tok, err := r.dec.Token()
			if err != nil {
				return l, err
			}
			if tok != json.Delim('[') {
				if err := r.skipRest(tok); err != nil {
					return l, err
				}
				continue
			}
			l.hasTechniques = true
			for r.dec.More() {
				tok, err := r.dec.Token()
				if err != nil {
					return l, err
				}
				if tok != json.Delim('{') {
					if err := r.skipRest(tok); err != nil {
						return l, err
					}
					continue
				}
				e, err := r.entry()
				if err != nil {
					return l, err
				}
				l.entries = append(l.entries, e)
			}
			if _, err := r.dec.Token(); err != nil {
				return l, err
			}
		default:
			if _, _, _, err := r.value(); err != nil {
				return l, err
			}
		}
	}
	_, err := r.dec.Token()
	return l, err
}

// entry reads a technique object after its '{'.
func (r *layerReader) entry() (layerEntry, error) {
	e := layerEntry{enabled: true}
	for r.dec.More() {
		k, err := r.dec.Token()
		if err != nil {
			return e, err
		}
		v, s, end, err := r.value()
		if err != nil {
			return e, err
		}
		switch k {
		case "techniqueID":
			if id, ok := v.(string); ok {
				e.id, e.idStart, e.idEnd = strings.TrimSpace(id), s, end
			}
		case "tactic":
			e.tactic, _ = v.(string)
		case "enabled":
			if b, ok := v.(bool); ok {
				e.enabled = b
			}
		case "score":
			if n, ok := v.(json.Number); ok {
				if f, err := n.Float64(); err == nil {
					e.hasScore, e.score, e.scoreText, e.scoreStart, e.scoreEnd = true, f, n.String(), s, end
				}
			}
		}
	}
	_, err := r.dec.Token()
	return e, err
}
