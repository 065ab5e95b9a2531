package attackdiff

import (
	"cmp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"mdlint/internal/attack"
	"mdlint/model"
)

// Kinds of places.
const (
	KindTTP          = "ttp"           // a TTP item of a data source row
	KindUseCaseTTP   = "usecase-ttp"   // a TTP item of a use-case page row
	KindRMHeading    = "rm-heading"    // a technique heading on an RM page
	KindMatrixLink   = "matrix-link"   // a technique link in a matrix cell
	KindMitreMapRow  = "mitremap-row"  // a row of MitreMap's TTP table
	KindMatrixColumn = "matrix-column" // a matrix column header (a tactic)
	KindCRTactic     = "cr-tactic"     // the tactic of a correlation-rule row
	// KindMatrixAdd is a matrix column that lacks a technique the new
	// release adds to its tactic (the place is the column header, or
	// the matrix's first header when it has no such column).
	KindMatrixAdd = "matrix-add"
)

// Kinds of changes.
const (
	Revoked    = "revoked"
	Deprecated = "deprecated"
	Removed    = "removed" // in the old release, absent from the new
	Renamed    = "renamed"
	Tactics    = "tactics" // the technique's tactics changed
	New        = "new"     // a tactic only the new release has
)

// Place is where a page shows a technique or tactic.
type Place struct {
	File string `json:"file"`
	Line int32  `json:"line"`
	Col  int32  `json:"column"`
	Kind string `json:"kind"`
	// Text is what the page writes there: "T1046 - Network Service
	// Scanning", a link text, a column header.
	Text string `json:"text"`
	// Column is the matrix column (tactic name as written) of a matrix
	// link.
	Column string `json:"column_header,omitempty"`

	row string // identifies the table row (file and line) or matrix cell
}

// NameCount is a name and how many places show it.
type NameCount struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// Ref is a technique or tactic of a release.
type Ref struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// TechniqueChange is one change of a technique the library uses.
type TechniqueChange struct {
	ID     string `json:"id"`
	Change string `json:"change"`
	// OldName is the name in the old release ("" when it lacks the ID);
	// NewName the name in the new one.
	OldName string `json:"old_name,omitempty"`
	NewName string `json:"new_name,omitempty"`
	// ReplacedBy are the techniques that replace a revoked one.
	ReplacedBy []Ref `json:"replaced_by,omitempty"`
	// OldTactics and NewTactics are the tactic names of a technique
	// whose tactics changed.
	OldTactics []string `json:"old_tactics,omitempty"`
	NewTactics []string `json:"new_tactics,omitempty"`
	// OtherNames are the names, neither the old nor the new one nor the
	// ID, that places show for a renamed technique, with their counts.
	OtherNames []NameCount `json:"other_names,omitempty"`
	// Uses is how many places show the ID.
	Uses int `json:"uses"`
	// Places are the places to change: every use of a revoked,
	// deprecated or removed technique; the places that show the old
	// name of a renamed one; the matrix links under tactics a
	// technique leaves.
	Places []Place `json:"places"`
}

// TacticChange is one change of a tactic.
type TacticChange struct {
	ID      string `json:"id"`
	Change  string `json:"change"` // renamed, new or removed
	OldName string `json:"old_name,omitempty"`
	NewName string `json:"new_name,omitempty"`
	// Matrices is the number of matrices that lack a column for a new
	// tactic.
	Matrices int `json:"matrices,omitempty"`
	// Places are the column headers and correlation-rule tactics that
	// show the old name.
	Places []Place `json:"places"`
}

// Release names a catalog.
type Release struct {
	Version string `json:"version"`
	Source  string `json:"source"`
}

// Totals counts what would change.
type Totals struct {
	Techniques  int            `json:"techniques"`   // technique changes
	ByChange    map[string]int `json:"by_change"`    // technique changes by kind
	Tactics     int            `json:"tactics"`      // tactic changes
	Places      int            `json:"places"`       // places to change
	Pages       int            `json:"pages"`        // pages with places to change
	Rows        int            `json:"rows"`         // table rows with places to change
	MatrixCells int            `json:"matrix_cells"` // matrix cells with places to change
	InUse       int            `json:"in_use"`       // distinct technique IDs the library uses
}

// Report is the impact of a release change on a library.
type Report struct {
	Root       string            `json:"root"`
	From       Release           `json:"from"`
	To         Release           `json:"to"`
	Totals     Totals            `json:"totals"`
	Techniques []TechniqueChange `json:"techniques"`
	Tactics    []TacticChange    `json:"tactics"`
}

// matrixInfo is one matrix: its columns and the techniques in each.
type matrixInfo struct {
	page    string
	columns []columnInfo
}

type columnInfo struct {
	header model.Text
	ids    map[string]bool
}

// use is one place that shows a technique, with the name written.
type use struct {
	id, name string
	place    Place
}

// collect lists every place the library shows a technique ID, and every
// matrix column header and correlation-rule tactic.
func collect(lib *model.Library) (techs []use, tactics []Place, matrices []matrixInfo) {
	ttp := func(p *model.Page, kind, row string, t model.TTP) {
		techs = append(techs, use{id: t.ID, name: t.Name, place: Place{
			File: p.Path, Line: t.Span().Start.Line, Col: t.Span().Start.Col, Kind: kind,
			Text: strings.TrimSpace(t.ID + " - " + t.Name), row: row,
		}})
	}
	rowKey := func(p *model.Page, s model.Span) string { return p.Path + "\x00" + strconv.Itoa(int(s.Start.Line)) }
	matrix := func(p *model.Page, m *model.Matrix) {
		if m == nil {
			return
		}
		mi := matrixInfo{page: p.Path}
		for _, col := range m.Columns {
			info := columnInfo{header: col.Tactic, ids: map[string]bool{}}
			for _, ml := range col.Techniques {
				if kind, id, ok := attack.ParseAttackURL(ml.Link.Dest); ok && kind == attack.KindTechnique {
					info.ids[id] = true
				}
			}
			mi.columns = append(mi.columns, info)
		}
		matrices = append(matrices, mi)
		for ci, col := range m.Columns {
			tactics = append(tactics, Place{File: p.Path, Line: col.Tactic.Span.Start.Line, Col: col.Tactic.Span.Start.Col,
				Kind: KindMatrixColumn, Text: col.Tactic.Value, row: p.Path + "\x00header\x00" + strconv.Itoa(ci)})
			for _, ml := range col.Techniques {
				kind, id, ok := attack.ParseAttackURL(ml.Link.Dest)
				if !ok || kind != attack.KindTechnique {
					continue
				}
				techs = append(techs, use{id: id, name: ml.Link.Text, place: Place{
					File: p.Path, Line: ml.Link.Span.Start.Line, Col: ml.Link.Span.Start.Col, Kind: KindMatrixLink,
					Text: ml.Link.Text, Column: col.Tactic.Value, row: p.Path + "\x00matrix\x00" + strconv.Itoa(ci),
				}})
			}
		}
	}
	for _, p := range lib.Pages {
		if ds := p.DataSource; ds != nil {
			for _, r := range ds.Rows {
				for _, t := range r.TTPs {
					ttp(p, KindTTP, rowKey(p, r.Span), t)
				}
			}
			matrix(p, ds.Matrix)
		}
		if rm := p.RM; rm != nil {
			for _, r := range rm.Rows {
				for _, t := range r.TTPs {
					ttp(p, KindRMHeading, rowKey(p, r.Span), t)
				}
			}
			for _, r := range rm.CRRows {
				if r.Tactic.Value != "" {
					tactics = append(tactics, Place{File: p.Path, Line: r.Tactic.Span.Start.Line, Col: r.Tactic.Span.Start.Col,
						Kind: KindCRTactic, Text: r.Tactic.Value, row: rowKey(p, r.Span)})
				}
			}
		}
		if uc := p.UseCase; uc != nil {
			for _, v := range uc.Vendors {
				for _, r := range v.Rows {
					for _, t := range r.TTPs {
						ttp(p, KindUseCaseTTP, rowKey(p, r.Span), t)
					}
				}
			}
		}
		if mm := p.MitreMap; mm != nil {
			matrix(p, mm.Matrix)
			for _, r := range mm.Rows {
				name := ""
				if r.Link != nil {
					name = r.Link.Text
				}
				techs = append(techs, use{id: r.ID.Value, name: name, place: Place{
					File: p.Path, Line: r.ID.Span.Start.Line, Col: r.ID.Span.Start.Col, Kind: KindMitreMapRow,
					Text: strings.TrimSpace(r.ID.Value + " " + name), row: rowKey(p, r.Span),
				}})
			}
		}
	}
	return techs, tactics, matrices
}

// Diff reports what moving lib from release from to release to would
// change.
func Diff(lib *model.Library, from, to *attack.Catalog) *Report {
	r := &Report{Root: lib.Root, From: Release{Version: from.Version}, To: Release{Version: to.Version},
		Techniques: []TechniqueChange{}, Tactics: []TacticChange{}}
	uses, tacticPlaces, matrices := collect(lib)
	byID := map[string][]use{}
	for _, u := range uses {
		if attack.IsTechniqueID(u.id) {
			byID[u.id] = append(byID[u.id], u)
		}
	}
	ids := make([]string, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	r.Totals.InUse = len(ids)
	places := func(us []use, keep func(use) bool) []Place {
		out := []Place{}
		for _, u := range us {
			if keep == nil || keep(u) {
				out = append(out, u.place)
			}
		}
		return out
	}
	for _, id := range ids {
		us := byID[id]
		o, okO := from.Technique(id)
		n, okN := to.Technique(id)
		base := TechniqueChange{ID: id, Uses: len(us)}
		if okO {
			base.OldName = o.Name
		}
		if okN {
			base.NewName = n.Name
		}
		add := func(c TechniqueChange) { r.Techniques = append(r.Techniques, c) }
		switch {
		case !okN:
			if okO {
				c := base
				c.Change, c.Places = Removed, places(us, nil)
				add(c)
			}
			continue
		case n.Revoked && !(okO && o.Revoked):
			c := base
			c.Change, c.Places = Revoked, places(us, nil)
			for _, rid := range n.RevokedBy {
				ref := Ref{ID: rid}
				if t, ok := to.Technique(rid); ok {
					ref.Name = t.Name
				}
				c.ReplacedBy = append(c.ReplacedBy, ref)
			}
			add(c)
			continue
		case n.Deprecated && !(okO && (o.Deprecated || o.Revoked)):
			c := base
			c.Change, c.Places = Deprecated, places(us, nil)
			add(c)
		}
		if !okO || o.Revoked || n.Revoked {
			continue
		}
		if o.Name != n.Name {
			c := base
			c.Change = Renamed
			isOld := func(u use) bool {
				return sameWords(u.name, o.Name) || (o.BaseName != n.BaseName && sameWords(u.name, o.BaseName))
			}
			c.Places = places(us, isOld)
			other := map[string]int{}
			for _, u := range us {
				if !isOld(u) && !sameWords(u.name, n.Name) && !sameWords(u.name, id) && strings.TrimSpace(u.name) != "" {
					other[strings.TrimSpace(u.name)]++
				}
			}
			for nm, k := range other {
				c.OtherNames = append(c.OtherNames, NameCount{nm, k})
			}
			slices.SortFunc(c.OtherNames, func(a, b NameCount) int {
				return cmp.Or(-cmp.Compare(a.Count, b.Count), cmp.Compare(a.Name, b.Name))
			})
			add(c)
		}
		oldT, newT := tacticNames(from, o.Tactics), tacticNames(to, n.Tactics)
		if len(o.Tactics) > 0 && !slices.Equal(sorted(o.Tactics), sorted(n.Tactics)) {
			c := base
			c.Change, c.OldTactics, c.NewTactics = Tactics, oldT, newT
			c.Places = places(us, func(u use) bool {
				if u.place.Kind != KindMatrixLink {
					return false
				}
				tac, ok := from.TacticByName(u.place.Column)
				return ok && !slices.Contains(n.Tactics, tac.ShortName)
			})
			for _, short := range n.Tactics {
				if !slices.Contains(o.Tactics, short) {
					c.Places = append(c.Places, missingCells(matrices, id, short, from, to)...)
				}
			}
			add(c)
		}
	}
	// tactics
	for _, t := range to.Tactics() {
		o, ok := from.Tactic(t.ID)
		switch {
		case !ok:
			r.Tactics = append(r.Tactics, TacticChange{ID: t.ID, Change: New, NewName: t.Name, Matrices: len(matrices), Places: []Place{}})
		case o.Name != t.Name:
			c := TacticChange{ID: t.ID, Change: Renamed, OldName: o.Name, NewName: t.Name, Places: []Place{}}
			for _, p := range tacticPlaces {
				if sameWords(p.Text, o.Name) {
					c.Places = append(c.Places, p)
				}
			}
			r.Tactics = append(r.Tactics, c)
		}
	}
	for _, o := range from.Tactics() {
		if _, ok := to.Tactic(o.ID); ok {
			continue
		}
		c := TacticChange{ID: o.ID, Change: Removed, OldName: o.Name, Places: []Place{}}
		for _, p := range tacticPlaces {
			if sameWords(p.Text, o.Name) {
				c.Places = append(c.Places, p)
			}
		}
		r.Tactics = append(r.Tactics, c)
	}
	order := map[string]int{Revoked: 0, Deprecated: 1, Removed: 2, Renamed: 3, Tactics: 4, New: 5}
	slices.SortStableFunc(r.Techniques, func(a, b TechniqueChange) int {
		return cmp.Or(cmp.Compare(order[a.Change], order[b.Change]), cmp.Compare(a.ID, b.ID))
	})
	slices.SortStableFunc(r.Tactics, func(a, b TacticChange) int {
		return cmp.Or(cmp.Compare(order[a.Change], order[b.Change]), cmp.Compare(a.ID, b.ID))
	})
	r.total()
	return r
}

// missingCells returns, for every matrix that shows technique id, the
// column of tactic short (of release to) when it lacks the technique.
func missingCells(matrices []matrixInfo, id, short string, from, to *attack.Catalog) []Place {
	var out []Place
	tac, _ := to.TacticByShortName(short)
	for _, m := range matrices {
		shows := false
		for _, c := range m.columns {
			shows = shows || c.ids[id]
		}
		if !shows || len(m.columns) == 0 {
			continue
		}
		col := -1
		for i, c := range m.columns {
			t, ok := to.TacticByName(c.header.Value)
			if !ok {
				t, ok = from.TacticByName(c.header.Value)
			}
			if ok && t.ShortName == short {
				col = i
				break
			}
		}
		name := short
		if tac != nil {
			name = tac.Name
		}
		switch {
		case col < 0:
			h := m.columns[0].header
			out = append(out, Place{File: m.page, Line: h.Span.Start.Line, Col: h.Span.Start.Col, Kind: KindMatrixAdd,
				Text: "no " + name + " column", Column: name, row: m.page + "\x00header\x00missing"})
		case !m.columns[col].ids[id]:
			h := m.columns[col].header
			out = append(out, Place{File: m.page, Line: h.Span.Start.Line, Col: h.Span.Start.Col, Kind: KindMatrixAdd,
				Text: h.Value, Column: name, row: m.page + "\x00matrix\x00" + strconv.Itoa(col)})
		}
	}
	return out
}

func (r *Report) total() {
	t := &r.Totals
	t.ByChange = map[string]int{}
	pages, rows, cells := map[string]bool{}, map[string]bool{}, map[string]bool{}
	count := func(ps []Place) {
		for _, p := range ps {
			t.Places++
			pages[p.File] = true
			switch {
			case p.Kind == KindMatrixLink, p.Kind == KindMatrixColumn, p.Kind == KindMatrixAdd:
				cells[p.row] = true
			case p.row != "":
				rows[p.row] = true
			}
		}
	}
	for _, c := range r.Techniques {
		t.Techniques++
		t.ByChange[c.Change]++
		count(c.Places)
	}
	for _, c := range r.Tactics {
		t.Tactics++
		count(c.Places)
	}
	t.Pages, t.Rows, t.MatrixCells = len(pages), len(rows), len(cells)
}

func tacticNames(c *attack.Catalog, shorts []string) []string {
	out := make([]string, 0, len(shorts))
	for _, s := range shorts {
		if t, ok := c.TacticByShortName(s); ok {
			out = append(out, t.Name)
		} else {
			out = append(out, s)
		}
	}
	return out
}

func sorted(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

// sameWords compares names ignoring letter case and runs of spaces.
func sameWords(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}
