package navigator

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"mdlint/model"
)

// Place is a position in a page.
type Place struct {
	File string     `json:"file"`
	Span model.Span `json:"span"`
}

// Coverage is what the RM pages list under one technique or tactic
// heading.
type Coverage struct {
	// ID is the heading's ID as written: "T1078", "T1078.002" or a
	// tactic "TA0002".
	ID string `json:"id"`
	// Rules are the distinct rule IDs listed under the heading, sorted.
	Rules []string `json:"rules"`
	// Products are the display names of the products whose RM pages
	// list the heading, sorted.
	Products []string `json:"products"`
	// UseCases are the use cases of those RM pages, sorted.
	UseCases []string `json:"use_cases"`
	// Pages is the number of RM pages that list the heading.
	Pages int `json:"pages"`
	// First is the first heading in path order.
	First Place `json:"first"`
}

// Score is the number of distinct rules.
func (c *Coverage) Score() int { return len(c.Rules) }

// Collect gathers the coverage of every heading on the library's RM
// pages for which keep returns true (nil keeps all), sorted by ID.
// Correlation-rule pages list tactics only and are not read.
func Collect(lib *model.Library, keep func(*model.Page) bool) []Coverage {
	return collect(lib, keep, true)
}

// CollectRules is Collect over every RM page without the products and
// use cases (nil): what the lint rules compare, in less than half the
// time on CIM2 (display names, two sets and a sort per heading).
func CollectRules(lib *model.Library) []Coverage {
	return collect(lib, nil, false)
}

func collect(lib *model.Library, keep func(*model.Page) bool, full bool) []Coverage {
	type acc struct {
		rules, products, useCases map[string]bool
		pages                     int
		first                     Place
		// the product and use case added last: a product's RM pages
		// come one after the other, and most of them share a use case
		lastProd, lastUC string
	}
	byID := map[string]*acc{}
	get := func(id string, p *model.Page, span model.Span) *acc {
		a := byID[id]
		if a == nil {
			a = &acc{rules: map[string]bool{}, first: Place{p.Path, span}}
			if full {
				a.products, a.useCases = map[string]bool{}, map[string]bool{}
			}
			byID[id] = a
		}
		return a
	}
	names := map[*model.Product]string{} // ProductName, once per product
	seen := map[string]bool{}            // the headings of the page so far
	for _, p := range lib.Pages {
		if p.Kind != model.KindRM || p.RM == nil || len(p.RM.Rows) == 0 {
			continue
		}
		if keep != nil && !keep(p) {
			continue
		}
		var prod, uc string
		if full {
			prod, uc = pageProduct(lib, p, names), PageUseCase(p)
		}
		clear(seen)
		for _, row := range p.RM.Rows {
			// a heading counts once per page; its page's product and use
			// case are added then
			for _, t := range row.TTPs {
				if t.ID == "" || seen[t.ID] {
					continue
				}
				seen[t.ID] = true
				a := get(t.ID, p, t.IDSpan())
				a.pages++
				if prod != "" && prod != a.lastProd {
					a.products[prod] = true
					a.lastProd = prod
				}
				if uc != "" && uc != a.lastUC {
					a.useCases[uc] = true
					a.lastUC = uc
				}
			}
			// the rules under one heading come together
			lastI, last := -1, (*acc)(nil)
			for _, r := range row.Rules {
				if r.ID.Value == "" {
					continue
				}
				for i := range r.TTPs.All() {
					if i < 0 || i >= len(row.TTPs) || row.TTPs[i].ID == "" {
						continue
					}
					if i != lastI {
						lastI, last = i, byID[row.TTPs[i].ID]
					}
					last.rules[r.ID.Value] = true
				}
			}
		}
	}
	out := make([]Coverage, 0, len(byID))
	for id, a := range byID {
		out = append(out, Coverage{
			ID:       id,
			Rules:    sortedKeys(a.rules),
			Products: sortedKeys(a.products),
			UseCases: sortedKeys(a.useCases),
			Pages:    a.pages,
			First:    a.first,
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func sortedKeys(m map[string]bool) []string {
	if m == nil {
		return nil
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// pageProduct is the display name of an RM page's product: its product
// folder's (names keeps them, one per product), or else the vendor and
// product its headings name.
func pageProduct(lib *model.Library, p *model.Page, names map[*model.Product]string) string {
	if pr := lib.ProductOf(p); pr != nil {
		n, ok := names[pr]
		if !ok {
			n = ProductName(pr)
			names[pr] = n
		}
		if n != "" {
			return n
		}
	}
	return PageProduct(lib, p) // named by the page itself
}

// DisplayName is how a product is named in reports: the product name,
// preceded by the vendor unless the product name already starts with
// it ("Microsoft" + "Microsoft 365 Defender" gives "Microsoft 365
// Defender", "Cisco" + "Secure Email" gives "Cisco Secure Email").
func DisplayName(vendor, product string) string {
	v, p := strings.Join(strings.Fields(vendor), " "), strings.Join(strings.Fields(product), " ")
	switch {
	case p == "":
		return v
	case v == "":
		return p
	case strings.EqualFold(p, v), len(p) > len(v) && strings.EqualFold(p[:len(v)], v) && p[len(v)] == ' ':
		return p
	}
	return v + " " + p
}

// ProductName is the display name of a product, from its first data
// source page ("" when the product has none).
func ProductName(pr *model.Product) string {
	var ds *model.DataSource
	if f := pr.First(); f != nil {
		ds = f.DataSource
	} else if len(pr.Pages) > 0 {
		ds = pr.Pages[0].DataSource
	}
	if ds == nil {
		return ""
	}
	return DisplayName(ds.Vendor.Value, ds.Product.Value)
}

// PageProduct is the display name of the product an RM or CR page
// belongs to: its product folder's, or else the vendor and product its
// headings name.
func PageProduct(lib *model.Library, p *model.Page) string {
	if pr := lib.ProductOf(p); pr != nil {
		if n := ProductName(pr); n != "" {
			return n
		}
	}
	if p.RM == nil {
		return ""
	}
	prod := ""
	if p.RM.Product != nil {
		prod = p.RM.Product.Text
	}
	return DisplayName(p.RM.Vendor.Value, prod)
}

// PageUseCase is the use case an RM page names in its heading.
func PageUseCase(p *model.Page) string {
	if p.RM == nil || p.RM.UseCase == nil {
		return ""
	}
	return strings.TrimSpace(p.RM.UseCase.Text)
}

// ProductFilter returns a filter that keeps the RM pages of the
// products named name, and the display names it matched. A product
// matches when name equals, ignoring letter case and runs of spaces,
// its display name, its product name, "vendor/product", or the path of
// its folder or first page.
func ProductFilter(lib *model.Library, name string) (func(*model.Page) bool, []string, error) {
	want := fold(name)
	if want == "" {
		return nil, nil, fmt.Errorf("empty product name")
	}
	var matched []string
	keep := map[*model.Product]bool{}
	var near []string
	for _, pr := range lib.Products() {
		disp := ProductName(pr)
		var ds *model.DataSource
		if len(pr.Pages) > 0 {
			ds = pr.Pages[0].DataSource
		}
		cands := []string{disp, pr.Dir, pr.Dir + "/" + pr.Base}
		if ds != nil {
			cands = append(cands, ds.Product.Value, ds.Vendor.Value+"/"+ds.Product.Value)
		}
		hit := false
		for _, c := range cands {
			if fold(c) == want {
				hit = true
			}
		}
		if hit {
			keep[pr] = true
			if !slices.Contains(matched, disp) {
				matched = append(matched, disp)
			}
		} else if strings.Contains(fold(disp), want) {
			near = append(near, disp)
		}
	}
	if len(keep) == 0 {
		sort.Strings(near)
		near = slices.Compact(near)
		msg := fmt.Sprintf("no product named %q", name)
		if len(near) > 0 {
			if len(near) > 8 {
				near = append(near[:8], "…")
			}
			msg += "; did you mean " + strings.Join(near, ", ") + "?"
		}
		return nil, nil, fmt.Errorf("%s", msg)
	}
	sort.Strings(matched)
	return func(p *model.Page) bool { return keep[lib.ProductOf(p)] }, matched, nil
}

func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
