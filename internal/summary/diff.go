package summary

import (
	"path"
	"slices"
	"sort"
	"strings"
)

// Change is a number before and after.
type Change struct {
	From int `json:"from"`
	To   int `json:"to"`
}

// CountChange is a summary number that changed; nil when a version has
// no number.
type CountChange struct {
	Field string `json:"field"`
	From  *int   `json:"from"`
	To    *int   `json:"to"`
}

// ProductRef names a product added or removed.
type ProductRef struct {
	Name   string `json:"name"`
	Path   string `json:"path"`
	Counts Counts `json:"counts"`
}

// ProductChange is a product both versions have, with what changed.
type ProductChange struct {
	Name string `json:"name"`
	// OldName is the base version's display name when it differs.
	OldName           string        `json:"old_name,omitempty"`
	Path              string        `json:"path"`
	OldPath           string        `json:"old_path"`
	Counts            []CountChange `json:"counts,omitempty"`
	UseCasesAdded     []string      `json:"use_cases_added,omitempty"`
	UseCasesRemoved   []string      `json:"use_cases_removed,omitempty"`
	TechniquesAdded   []string      `json:"techniques_added,omitempty"`
	TechniquesRemoved []string      `json:"techniques_removed,omitempty"`
}

// Totals compares library-wide numbers.
type Totals struct {
	Products   Change `json:"products"`
	UseCases   Change `json:"use_cases"`
	Techniques Change `json:"techniques"`
	Rows       Change `json:"rows"`
}

// Diff is the semantic difference between two versions.
type Diff struct {
	Base              string          `json:"base"`
	Head              string          `json:"head"`
	Totals            Totals          `json:"totals"`
	ProductsAdded     []ProductRef    `json:"products_added"`
	ProductsRemoved   []ProductRef    `json:"products_removed"`
	ProductsChanged   []ProductChange `json:"products_changed"`
	ProductsUnchanged int             `json:"products_unchanged"`
	// Renamed counts matched products whose display name changed.
	Renamed           int      `json:"products_renamed"`
	TechniquesAdded   []string `json:"techniques_added"`
	TechniquesRemoved []string `json:"techniques_removed"`
	UseCasesAdded     []string `json:"use_cases_added"`
	UseCasesRemoved   []string `json:"use_cases_removed"`
}

// Compare compares base with head. Products are matched by vendor and
// product name (ignoring case and punctuation), then, among the rest, by
// the product name without a leading vendor name; a name several
// products share is matched by the file name of the first page.
func Compare(base, head *Snapshot) *Diff {
	d := &Diff{
		Base: base.Root, Head: head.Root,
		Totals: Totals{
			Products:   Change{len(base.Products), len(head.Products)},
			UseCases:   Change{len(base.UseCases), len(head.UseCases)},
			Techniques: Change{len(base.Techniques), len(head.Techniques)},
			Rows:       Change{base.Rows, head.Rows},
		},
		ProductsAdded: []ProductRef{}, ProductsRemoved: []ProductRef{}, ProductsChanged: []ProductChange{},
	}
	d.TechniquesAdded, d.TechniquesRemoved = setDiff(base.Techniques, head.Techniques)
	d.UseCasesAdded, d.UseCasesRemoved = setDiff(base.UseCases, head.UseCases)

	pairs := map[int]int{} // head index -> base index
	usedB := map[int]bool{}
	for _, key := range []func(*Product) string{exactKey, looseKey} {
		bByKey, hByKey := map[string][]int{}, map[string][]int{}
		for i := range base.Products {
			if !usedB[i] {
				k := key(&base.Products[i])
				bByKey[k] = append(bByKey[k], i)
			}
		}
		for i := range head.Products {
			if _, ok := pairs[i]; !ok {
				k := key(&head.Products[i])
				hByKey[k] = append(hByKey[k], i)
			}
		}
		for k, hs := range hByKey {
			bs := bByKey[k]
			if len(bs) == 1 && len(hs) == 1 {
				pairs[hs[0]] = bs[0]
				usedB[bs[0]] = true
				continue
			}
			for _, h := range hs { // a shared name: match by file name
				for _, b := range bs {
					if !usedB[b] && strings.EqualFold(path.Base(head.Products[h].Path), path.Base(base.Products[b].Path)) {
						pairs[h] = b
						usedB[b] = true
						break
					}
				}
			}
		}
	}
	for i := range head.Products {
		h := &head.Products[i]
		b, ok := pairs[i]
		if !ok {
			d.ProductsAdded = append(d.ProductsAdded, ProductRef{h.Name, h.Path, h.Counts})
			continue
		}
		if c, changed := compareProduct(&base.Products[b], h); changed {
			d.ProductsChanged = append(d.ProductsChanged, c)
		} else {
			d.ProductsUnchanged++
		}
		if base.Products[b].Name != h.Name {
			d.Renamed++
		}
	}
	for i := range base.Products {
		if !usedB[i] {
			p := &base.Products[i]
			d.ProductsRemoved = append(d.ProductsRemoved, ProductRef{p.Name, p.Path, p.Counts})
		}
	}
	byName := func(a, b string) bool { return strings.ToLower(a) < strings.ToLower(b) }
	sort.SliceStable(d.ProductsAdded, func(i, j int) bool { return byName(d.ProductsAdded[i].Name, d.ProductsAdded[j].Name) })
	sort.SliceStable(d.ProductsRemoved, func(i, j int) bool { return byName(d.ProductsRemoved[i].Name, d.ProductsRemoved[j].Name) })
	sort.SliceStable(d.ProductsChanged, func(i, j int) bool { return byName(d.ProductsChanged[i].Name, d.ProductsChanged[j].Name) })
	return d
}

func compareProduct(b, h *Product) (ProductChange, bool) {
	c := ProductChange{Name: h.Name, Path: h.Path, OldPath: b.Path}
	if b.Name != h.Name {
		c.OldName = b.Name
	}
	bf, hf := b.Counts.fields(), h.Counts.fields()
	for i := range bf {
		if !sameNum(bf[i].v, hf[i].v) {
			c.Counts = append(c.Counts, CountChange{bf[i].name, bf[i].v, hf[i].v})
		}
	}
	c.UseCasesAdded, c.UseCasesRemoved = setDiff(b.UseCases, h.UseCases)
	c.TechniquesAdded, c.TechniquesRemoved = setDiff(b.Techniques, h.Techniques)
	changed := c.OldName != "" || len(c.Counts) > 0 || len(c.UseCasesAdded)+len(c.UseCasesRemoved)+len(c.TechniquesAdded)+len(c.TechniquesRemoved) > 0
	return c, changed
}

func sameNum(a, b *int) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// setDiff returns the items of sorted slices only in b (added) and only
// in a (removed).
func setDiff(a, b []string) (added, removed []string) {
	for _, x := range b {
		if _, ok := slices.BinarySearch(a, x); !ok {
			added = append(added, x)
		}
	}
	for _, x := range a {
		if _, ok := slices.BinarySearch(b, x); !ok {
			removed = append(removed, x)
		}
	}
	return added, removed
}
