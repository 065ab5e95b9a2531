package attack

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
)

// Technique is one ATT&CK technique or sub-technique of a release.
// A Catalog's techniques are shared: callers must not modify them.
type Technique struct {
	// ID is the ATT&CK ID, "T1566" or "T1566.002".
	ID string
	// Name is the display name the documentation uses: the technique's
	// own name, or for a sub-technique "Parent Name: Sub Name"
	// ("Phishing: Spearphishing Link").
	Name string
	// BaseName is the object's own name ("Spearphishing Link").
	BaseName string
	// Tactics holds the short names of the technique's tactics
	// ("initial-access"), in matrix order. Revoked techniques may have
	// none.
	Tactics []string
	// IsSub reports whether this is a sub-technique.
	IsSub bool
	// Revoked reports whether ATT&CK revoked the technique.
	Revoked bool
	// RevokedBy holds the IDs of the techniques that replaced a revoked
	// one, sorted. They may themselves be revoked in turn.
	RevokedBy []string
	// Deprecated reports whether ATT&CK deprecated the technique.
	Deprecated bool
}

// Tactic is one tactic (a column) of an ATT&CK matrix.
// A Catalog's tactics are shared: callers must not modify them.
type Tactic struct {
	// ID is the ATT&CK ID, "TA0001".
	ID string
	// Name is the display name, "Initial Access".
	Name string
	// ShortName is the name techniques refer to, "initial-access".
	ShortName string
	// Order is the 0-based column of the tactic in the matrix. Tactics
	// a bundle holds but its matrix does not list come last, by ID.
	Order int
}

// Catalog is the set of techniques and tactics of one ATT&CK release.
// A Catalog is read-only once built and safe for concurrent use.
type Catalog struct {
	// Version is the ATT&CK release, such as "18.1"; "" when the source
	// did not say (the caller may then set it before sharing the
	// catalog).
	Version string
	// Domain is the ATT&CK domain, such as "enterprise-attack".
	Domain string

	techniques  []*Technique // sorted by ID
	byID        map[string]*Technique
	tactics     []*Tactic // matrix order
	tacticByID  map[string]*Tactic
	tacticName  map[string]*Tactic // key: name as ATT&CK writes it
	tacticShort map[string]*Tactic // key: short name as ATT&CK writes it
}

// newCatalog indexes techniques and tactics. The caller has chosen one
// object per ID and filled every field.
func newCatalog(version, domain string, tactics []*Tactic, techniques []*Technique) *Catalog {
	c := &Catalog{
		Version:     version,
		Domain:      domain,
		techniques:  techniques,
		byID:        make(map[string]*Technique, len(techniques)),
		tactics:     tactics,
		tacticByID:  make(map[string]*Tactic, len(tactics)),
		tacticName:  make(map[string]*Tactic, len(tactics)),
		tacticShort: make(map[string]*Tactic, len(tactics)),
	}
	slices.SortFunc(c.techniques, func(a, b *Technique) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(c.tactics, func(a, b *Tactic) int {
		return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.ID, b.ID))
	})
	for _, t := range c.techniques {
		c.byID[t.ID] = t
	}
	for _, t := range c.tactics {
		c.tacticByID[t.ID] = t
		if _, dup := c.tacticName[t.Name]; !dup && t.Name != "" {
			c.tacticName[t.Name] = t
		}
		if _, dup := c.tacticShort[t.ShortName]; !dup && t.ShortName != "" {
			c.tacticShort[t.ShortName] = t
		}
	}
	return c
}

// Technique returns the technique or sub-technique with the given ID,
// revoked and deprecated ones included.
func (c *Catalog) Technique(id string) (*Technique, bool) {
	t, ok := c.byID[id]
	return t, ok
}

// Tactic returns the tactic with the given ID ("TA0001").
func (c *Catalog) Tactic(id string) (*Tactic, bool) {
	t, ok := c.tacticByID[id]
	return t, ok
}

// TacticByName returns the tactic with the given display name. Letter
// case and runs of white space do not matter; the words must match
// exactly ("command and control" finds "Command and Control",
// "Command & Control" does not).
func (c *Catalog) TacticByName(name string) (*Tactic, bool) {
	if t, ok := c.tacticName[name]; ok {
		return t, true
	}
	for _, t := range c.tactics { // a dozen or so
		if t.Name != "" && equalFoldWords(name, t.Name) {
			return t, true
		}
	}
	return nil, false
}

// TacticByShortName returns the tactic with the given short name
// ("initial-access"), ignoring letter case.
func (c *Catalog) TacticByShortName(short string) (*Tactic, bool) {
	if t, ok := c.tacticShort[short]; ok {
		return t, true
	}
	for _, t := range c.tactics {
		if t.ShortName != "" && strings.EqualFold(short, t.ShortName) {
			return t, true
		}
	}
	return nil, false
}

// Tactics returns the tactics in matrix order.
func (c *Catalog) Tactics() []*Tactic {
	return slices.Clone(c.tactics)
}

// Techniques returns all techniques and sub-techniques, revoked and
// deprecated ones included, sorted by ID.
func (c *Catalog) Techniques() []*Technique {
	return slices.Clone(c.techniques)
}

// NumTechniques returns the number of techniques and sub-techniques,
// revoked and deprecated ones included.
func (c *Catalog) NumTechniques() int { return len(c.techniques) }

// NumTactics returns the number of tactics.
func (c *Catalog) NumTactics() int { return len(c.tactics) }

// equalFoldWords reports whether a and b hold the same words, under
// Unicode case folding, whatever white space surrounds them.
func equalFoldWords(a, b string) bool {
	for {
		a, b = strings.TrimLeftFunc(a, unicode.IsSpace), strings.TrimLeftFunc(b, unicode.IsSpace)
		if a == "" || b == "" {
			return a == b
		}
		i, j := wordEnd(a), wordEnd(b)
		if !strings.EqualFold(a[:i], b[:j]) {
			return false
		}
		a, b = a[i:], b[j:]
	}
}

// wordEnd returns the length of the word s starts with.
func wordEnd(s string) int {
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		return i
	}
	return len(s)
}
