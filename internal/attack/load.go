package attack

import (
	"bufio"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// stixObject holds the fields of a STIX object that the loader reads;
// encoding/json skips every other field.
type stixObject struct {
	Type               string          `json:"type"`
	ID                 string          `json:"id"`
	Name               string          `json:"name"`
	Modified           string          `json:"modified"`
	Revoked            bool            `json:"revoked"`
	Deprecated         bool            `json:"x_mitre_deprecated"`
	IsSubtechnique     bool            `json:"x_mitre_is_subtechnique"`
	ShortName          string          `json:"x_mitre_shortname"`
	Version            json.RawMessage `json:"x_mitre_version"` // read on collections only
	ExternalReferences []externalRef   `json:"external_references"`
	KillChainPhases    []killChainRef  `json:"kill_chain_phases"`
	TacticRefs         []string        `json:"tactic_refs"`
	RelationshipType   string          `json:"relationship_type"`
	SourceRef          string          `json:"source_ref"`
	TargetRef          string          `json:"target_ref"`
}

type externalRef struct {
	SourceName string `json:"source_name"`
	ExternalID string `json:"external_id"`
}

type killChainRef struct {
	KillChainName string `json:"kill_chain_name"`
	PhaseName     string `json:"phase_name"`
}

// STIX object and relationship types the loader reads.
const (
	typeTechnique    = "attack-pattern"
	typeTactic       = "x-mitre-tactic"
	typeMatrix       = "x-mitre-matrix"
	typeCollection   = "x-mitre-collection"
	typeRelationship = "relationship"
	relRevokedBy     = "revoked-by"
	relSubOf         = "subtechnique-of"
)

// attackID returns the ATT&CK ID of o: the external_id of its
// "mitre-attack" external reference.
func (o *stixObject) attackID() string {
	for _, r := range o.ExternalReferences {
		if r.SourceName == "mitre-attack" && r.ExternalID != "" {
			return r.ExternalID
		}
	}
	return ""
}

// rank orders objects that claim the same ATT&CK ID: a live object
// beats a deprecated one, which beats a revoked one; then the most
// recently modified wins; then the smaller STIX ID, so the choice never
// depends on the order of the file.
func rank(a, b *stixObject) int {
	status := func(o *stixObject) int {
		switch {
		case o.Revoked:
			return 2
		case o.Deprecated:
			return 1
		}
		return 0
	}
	return cmp.Or(
		cmp.Compare(status(a), status(b)),
		-cmp.Compare(a.Modified, b.Modified),
		cmp.Compare(a.ID, b.ID),
	)
}

// bundle is what the loader keeps of a STIX bundle.
type bundle struct {
	id          string
	techniques  []*stixObject
	tactics     []*stixObject
	matrices    []*stixObject
	collections []*stixObject
	relations   []*stixObject
}

// needed reports whether the loader reads o.
func (o *stixObject) needed() bool {
	switch o.Type {
	case typeTechnique, typeTactic, typeMatrix, typeCollection:
		return true
	case typeRelationship:
		return o.RelationshipType == relRevokedBy || o.RelationshipType == relSubOf
	}
	return false
}

// Load reads a STIX 2 bundle of ATT&CK data, such as MITRE's
// enterprise-attack.json of any release or a trimmed copy of it, and
// builds its catalog. Object types and fields the catalog does not
// need are skipped. The release version comes from the bundle's
// x-mitre-collection object or, failing that, from a bundle ID ending
// in "-v<release>"; otherwise Catalog.Version is "".
func Load(r io.Reader) (*Catalog, error) {
	b, err := decodeBundle(r)
	if err != nil {
		return nil, err
	}
	return b.catalog()
}

// LoadFile reads the STIX 2 bundle at path like Load. When the bundle
// does not name its release, the version is taken from a file name
// such as "enterprise-attack-v18.1.json" or "enterprise-attack-18.1.json".
func LoadFile(path string) (*Catalog, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("attack catalog: %w", err)
	}
	defer f.Close()
	c, err := Load(bufio.NewReaderSize(f, 1<<16))
	if err != nil {
		return nil, fmt.Errorf("attack catalog %s: %w", path, err)
	}
	if c.Version == "" {
		c.Version = versionFromFileName(path)
	}
	return c, nil
}

var (
	fileVersionRE   = regexp.MustCompile(`-v?([0-9]+(?:\.[0-9]+)+)\.json$`)
	bundleVersionRE = regexp.MustCompile(`-v([0-9]+(?:\.[0-9]+)+)$`)
)

// versionFromFileName returns the release in a file name such as
// "enterprise-attack-v18.1.json", or "".
func versionFromFileName(path string) string {
	if m := fileVersionRE.FindStringSubmatch(filepath.Base(path)); m != nil {
		return m[1]
	}
	return ""
}

// decodeBundle streams the top-level JSON object and keeps the objects
// the catalog needs, so that a full release file (tens of megabytes,
// mostly descriptions and relationships of other kinds) is never held
// in memory as a whole.
func decodeBundle(r io.Reader) (*bundle, error) {
	dec := json.NewDecoder(r)
	tok, err := dec.Token()
	if err == io.EOF {
		return nil, errors.New("stix bundle is empty")
	}
	if err != nil {
		return nil, fmt.Errorf("stix bundle is not valid JSON: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, fmt.Errorf("stix bundle must be a JSON object, found %s", describeToken(tok))
	}
	b := &bundle{}
	var typ string
	var sawType, sawObjects bool
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("stix bundle is not valid JSON: %w", err)
		}
		key, _ := tok.(string)
		switch key {
		case "type":
			sawType = true
			if err := dec.Decode(&typ); err != nil {
				return nil, fmt.Errorf("stix bundle field type: %w", err)
			}
		case "id":
			if err := dec.Decode(&b.id); err != nil {
				return nil, fmt.Errorf("stix bundle field id: %w", err)
			}
		case "objects":
			sawObjects = true
			if err := b.decodeObjects(dec); err != nil {
				return nil, err
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, fmt.Errorf("stix bundle is not valid JSON: %w", err)
			}
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, fmt.Errorf("stix bundle is not valid JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			return nil, errors.New("stix bundle is followed by more JSON data")
		}
		return nil, fmt.Errorf("stix bundle is followed by invalid data: %w", err)
	}
	switch {
	case !sawType:
		return nil, errors.New("stix bundle has no type field (expected \"bundle\")")
	case typ != "bundle":
		return nil, fmt.Errorf("stix bundle has type %q, expected \"bundle\"", typ)
	case !sawObjects:
		return nil, errors.New("stix bundle has no objects field")
	}
	return b, nil
}

// decodeObjects reads the objects array, one object at a time.
func (b *bundle) decodeObjects(dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("stix bundle objects are not valid JSON: %w", err)
	}
	if tok == nil { // "objects": null
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("stix bundle objects must be a JSON array, found %s", describeToken(tok))
	}
	for i := 0; dec.More(); i++ {
		o := new(stixObject)
		if err := dec.Decode(o); err != nil {
			// A value of an unexpected JSON type leaves the decoder
			// usable: skip such objects unless the catalog needs them.
			var typeErr *json.UnmarshalTypeError
			if !errors.As(err, &typeErr) {
				return fmt.Errorf("stix bundle object %d is not valid JSON: %w", i, err)
			}
			if o.needed() {
				return fmt.Errorf("stix bundle object %d (%s): %w", i, cmp.Or(o.ID, o.Type), err)
			}
			continue
		}
		switch o.Type {
		case typeTechnique:
			b.techniques = append(b.techniques, o)
		case typeTactic:
			b.tactics = append(b.tactics, o)
		case typeMatrix:
			b.matrices = append(b.matrices, o)
		case typeCollection:
			b.collections = append(b.collections, o)
		case typeRelationship:
			if o.needed() {
				b.relations = append(b.relations, o)
			}
		}
	}
	if _, err := dec.Token(); err != nil { // the closing bracket
		return fmt.Errorf("stix bundle objects are not valid JSON: %w", err)
	}
	return nil
}

// describeToken names a JSON token for an error message.
func describeToken(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		if v == '[' {
			return "an array"
		}
		return fmt.Sprintf("%q", string(v))
	case string:
		return "a string"
	case float64, json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%v", tok)
}

// isMitreKillChain reports whether a kill chain phase names an ATT&CK
// tactic: "mitre-attack" (Enterprise), "mitre-mobile-attack",
// "mitre-ics-attack".
func isMitreKillChain(name string) bool {
	return strings.HasPrefix(name, "mitre-") && strings.HasSuffix(name, "attack")
}

// catalog turns the kept objects into a Catalog.
func (b *bundle) catalog() (*Catalog, error) {
	// One object per ATT&CK ID; the STIX ID of every technique object,
	// winner or not, maps to its ATT&CK ID for resolving relationships.
	stixToID := map[string]string{}
	byStix := map[string]*stixObject{}
	best := map[string]*stixObject{}
	for _, o := range b.techniques {
		id := o.attackID()
		if !IsTechniqueID(id) {
			continue
		}
		stixToID[o.ID] = id
		byStix[o.ID] = o
		if cur, ok := best[id]; !ok || rank(o, cur) < 0 {
			best[id] = o
		}
	}
	if len(best) == 0 {
		return nil, errors.New("stix bundle holds no ATT&CK techniques (attack-pattern objects with a mitre-attack ID)")
	}

	tactics, order := b.tacticList()

	// Relationships, keyed by the source's STIX ID.
	revokedBy := map[string][]string{}
	parentOf := map[string][]*stixObject{}
	for _, r := range b.relations {
		if r.Revoked {
			continue
		}
		switch r.RelationshipType {
		case relRevokedBy:
			if id, ok := stixToID[r.TargetRef]; ok {
				revokedBy[r.SourceRef] = append(revokedBy[r.SourceRef], id)
			}
		case relSubOf:
			if p, ok := byStix[r.TargetRef]; ok {
				parentOf[r.SourceRef] = append(parentOf[r.SourceRef], p)
			}
		}
	}

	techniques := make([]*Technique, 0, len(best))
	for id, o := range best {
		t := &Technique{
			ID:         id,
			BaseName:   o.Name,
			IsSub:      o.IsSubtechnique || ParentID(id) != "",
			Revoked:    o.Revoked,
			Deprecated: o.Deprecated,
		}
		for _, k := range o.KillChainPhases {
			if isMitreKillChain(k.KillChainName) && k.PhaseName != "" && !slices.Contains(t.Tactics, k.PhaseName) {
				t.Tactics = append(t.Tactics, k.PhaseName)
			}
		}
		sortTactics(t.Tactics, order)
		if ids := revokedBy[o.ID]; len(ids) > 0 {
			slices.Sort(ids)
			t.RevokedBy = slices.Compact(ids)
		}
		t.Name = t.BaseName
		if t.IsSub {
			if p := parentName(id, parentOf[o.ID], stixToID, best); p != "" {
				t.Name = p + ": " + t.BaseName
			}
		}
		techniques = append(techniques, t)
	}
	return newCatalog(b.version(), b.domain(), tactics, techniques), nil
}

// parentName returns the name of a sub-technique's parent: the target
// of its subtechnique-of relationship (the one whose ID is the prefix
// of id when there are several), else the technique whose ID is the
// prefix of id.
func parentName(id string, rels []*stixObject, stixToID map[string]string, best map[string]*stixObject) string {
	if len(rels) > 0 {
		slices.SortFunc(rels, func(a, b *stixObject) int {
			// The parent named by the ID prefix first, then by STIX ID.
			pa, pb := stixToID[a.ID] == ParentID(id), stixToID[b.ID] == ParentID(id)
			if pa != pb {
				if pa {
					return -1
				}
				return 1
			}
			return cmp.Compare(a.ID, b.ID)
		})
		if rels[0].Name != "" {
			return rels[0].Name
		}
	}
	if p, ok := best[ParentID(id)]; ok {
		return p.Name
	}
	return ""
}

// sortTactics orders tactic short names by their matrix column;
// short names without a column come last, alphabetically.
func sortTactics(names []string, order map[string]int) {
	slices.SortStableFunc(names, func(a, b string) int {
		oa, okA := order[a]
		ob, okB := order[b]
		switch {
		case okA && okB:
			return cmp.Compare(oa, ob)
		case okA:
			return -1
		case okB:
			return 1
		}
		return cmp.Compare(a, b)
	})
}

// matrix returns the bundle's ATT&CK matrix: the first one that is
// neither revoked nor deprecated, else the first one, else nil.
func (b *bundle) matrix() *stixObject {
	for _, m := range b.matrices {
		if !m.Revoked && !m.Deprecated {
			return m
		}
	}
	if len(b.matrices) > 0 {
		return b.matrices[0]
	}
	return nil
}

// tacticList builds the tactics in matrix order and the column of each
// short name.
func (b *bundle) tacticList() ([]*Tactic, map[string]int) {
	best := map[string]*stixObject{}
	idOf := map[string]string{}
	for _, o := range b.tactics {
		id := o.attackID()
		if !IsTacticID(id) {
			continue
		}
		idOf[o.ID] = id
		if cur, ok := best[id]; !ok || rank(o, cur) < 0 {
			best[id] = o
		}
	}
	column := map[string]int{} // ATT&CK ID -> column
	if m := b.matrix(); m != nil {
		for _, ref := range m.TacticRefs {
			if id, ok := idOf[ref]; ok {
				if _, dup := column[id]; !dup {
					column[id] = len(column)
				}
			}
		}
	}
	ids := make([]string, 0, len(best))
	for id := range best {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	tactics := make([]*Tactic, 0, len(ids))
	next := len(column)
	for _, id := range ids {
		o := best[id]
		t := &Tactic{ID: id, Name: o.Name, ShortName: o.ShortName}
		if c, ok := column[id]; ok {
			t.Order = c
		} else {
			t.Order = next
			next++
		}
		tactics = append(tactics, t)
	}
	order := map[string]int{}
	for _, t := range tactics {
		if _, dup := order[t.ShortName]; !dup && t.ShortName != "" {
			order[t.ShortName] = t.Order
		}
	}
	return tactics, order
}

// version returns the release the bundle names, or "".
func (b *bundle) version() string {
	for _, c := range b.collections {
		var v string
		if json.Unmarshal(c.Version, &v) == nil && v != "" {
			return v
		}
	}
	if m := bundleVersionRE.FindStringSubmatch(b.id); m != nil {
		return m[1]
	}
	return ""
}

// domain returns the ATT&CK ID of the bundle's matrix, such as
// "enterprise-attack", or "".
func (b *bundle) domain() string {
	if m := b.matrix(); m != nil {
		return m.attackID()
	}
	return ""
}
