package attack

import (
	"strings"
	"sync"
)

// To move to another release, point -in at its bundle and -out at a
// new file name, then delete the old file. gen.go compiles this
// package, so a generated file must be in place while it runs.
//
//go:generate go run gen.go -in ../../../shared/attack/enterprise-attack-v18.1.json -out catalog_v18_1.go

// Default returns the catalog built into mdlint (the release named in
// the header of the generated file catalog_v18_1.go). It is built on
// first use and shared: callers must not modify it.
func Default() *Catalog { return defaultCatalog() }

var defaultCatalog = sync.OnceValue(func() *Catalog { return embedded.build() })

// catalogData is the form gen.go writes a catalog in.
type catalogData struct {
	version, domain string
	tactics         []tacticRow // in matrix order
	techniques      []techniqueRow
}

// tacticRow is one tactic: ID, short name, name.
type tacticRow struct{ id, shortName, name string }

// techniqueRow is one technique. tactics and revokedBy are lists
// separated by spaces. name is "" when it is the one build derives:
// "Parent BaseName: BaseName" for a sub-technique whose parent is in
// the catalog, else baseName.
type techniqueRow struct {
	id, baseName, tactics string
	flags                 uint8
	revokedBy, name       string
}

// Flags of a techniqueRow.
const (
	fSub uint8 = 1 << iota
	fRevoked
	fDeprecated
)

// build returns the Catalog that d describes.
func (d *catalogData) build() *Catalog {
	tactics := make([]*Tactic, len(d.tactics))
	for i, r := range d.tactics {
		tactics[i] = &Tactic{ID: r.id, Name: r.name, ShortName: r.shortName, Order: i}
	}
	techniques := make([]*Technique, len(d.techniques))
	base := make(map[string]string, len(d.techniques))
	for i, r := range d.techniques {
		techniques[i] = &Technique{
			ID:         r.id,
			Name:       r.name,
			BaseName:   r.baseName,
			Tactics:    fields(r.tactics),
			IsSub:      r.flags&fSub != 0,
			Revoked:    r.flags&fRevoked != 0,
			RevokedBy:  fields(r.revokedBy),
			Deprecated: r.flags&fDeprecated != 0,
		}
		base[r.id] = r.baseName
	}
	for _, t := range techniques {
		if t.Name == "" {
			t.Name = derivedName(t, base)
		}
	}
	return newCatalog(d.version, d.domain, tactics, techniques)
}

// derivedName is the name a techniqueRow with an empty name gets.
// base maps technique IDs to base names.
func derivedName(t *Technique, base map[string]string) string {
	if t.IsSub {
		if p, ok := base[ParentID(t.ID)]; ok {
			return p + ": " + t.BaseName
		}
	}
	return t.BaseName
}

// fields splits a space-separated list; it returns nil for "".
func fields(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, " ")
}
