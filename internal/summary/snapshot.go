package summary

import (
	"path"
	"sort"
	"strings"
	"unicode"

	"mdlint/internal/navigator"
	"mdlint/model"
	"mdlint/parser"
)

// Counts are the numbers of a data source page's summary table; nil
// when the page has none or the cell is not a number.
type Counts struct {
	Rules      *int `json:"rules"`
	Models     *int `json:"models"`
	TTPs       *int `json:"ttps"`
	EventTypes *int `json:"event_types"`
	Parsers    *int `json:"parsers"`
}

// fields lists the counts with their display names, in table order.
func (c *Counts) fields() []struct {
	name string
	v    *int
} {
	return []struct {
		name string
		v    *int
	}{{"Rules", c.Rules}, {"Models", c.Models}, {"TTPs", c.TTPs}, {"Event Types", c.EventTypes}, {"Parsers", c.Parsers}}
}

// Product is what a version of the library says about one product.
type Product struct {
	// Name is the display name ("Microsoft 365 Defender").
	Name    string `json:"name"`
	Vendor  string `json:"vendor"`
	Product string `json:"product"`
	// Path is the product's first data source page.
	Path       string   `json:"path"`
	Counts     Counts   `json:"counts"`
	UseCases   []string `json:"use_cases"`
	Techniques []string `json:"techniques"`
	Rows       int      `json:"rows"`
}

// Snapshot is one version of the library.
type Snapshot struct {
	Root     string    `json:"root"`
	Products []Product `json:"products"`
	// Techniques and UseCases are the distinct TTP IDs and use cases of
	// all use-case rows; Rows counts those rows.
	Techniques []string `json:"techniques"`
	UseCases   []string `json:"use_cases"`
	Rows       int      `json:"rows"`
}

// Skip is a parser.Options.Skip that leaves out everything but data
// source pages: rule, parser, correlation-rule and use-case folders and
// every other file.
func Skip(rel string, dir bool) bool {
	if dir {
		switch path.Base(rel) {
		case "Ps", "RM", "CR", "Parsers", "Rules_Models", "ParsersLegacy", "UseCases", "resources":
			return true
		}
		return false
	}
	k, _ := parser.Classify(rel)
	return k != model.KindDataSource
}

// Load reads the data source pages below root and takes a snapshot.
func Load(root string) (*Snapshot, error) {
	lib, err := parser.LoadLibrary(root, parser.Options{Skip: Skip})
	if err != nil {
		return nil, err
	}
	return Take(lib), nil
}

// Take takes the snapshot of a loaded library.
func Take(lib *model.Library) *Snapshot {
	s := &Snapshot{Root: lib.Root, Products: []Product{}}
	allT, allU := map[string]bool{}, map[string]bool{}
	for _, pr := range lib.Products() {
		if len(pr.Pages) == 0 {
			continue
		}
		first := pr.Pages[0]
		ds := first.DataSource
		p := Product{
			Name:    navigator.ProductName(pr),
			Vendor:  strings.Join(strings.Fields(ds.Vendor.Value), " "),
			Product: strings.Join(strings.Fields(ds.Product.Value), " "),
			Path:    first.Path,
		}
		if sum := ds.Summary; sum != nil && ds.PageNumber == 1 {
			p.Counts = Counts{num(sum.Rules), num(sum.Models), num(sum.TTPs), num(sum.EventTypes), num(sum.Parsers)}
		}
		ts, us := map[string]bool{}, map[string]bool{}
		for _, pg := range pr.Pages {
			for _, r := range pg.DataSource.Rows {
				p.Rows++
				if u := strings.TrimSpace(r.UseCase.Value); u != "" {
					us[u], allU[u] = true, true
				}
				for _, t := range r.TTPs {
					if t.ID != "" {
						ts[t.ID], allT[t.ID] = true, true
					}
				}
			}
		}
		p.UseCases, p.Techniques = keys(us), keys(ts)
		s.Rows += p.Rows
		s.Products = append(s.Products, p)
	}
	sort.SliceStable(s.Products, func(i, j int) bool {
		a, b := &s.Products[i], &s.Products[j]
		if x, y := strings.ToLower(a.Name), strings.ToLower(b.Name); x != y {
			return x < y
		}
		return a.Path < b.Path
	})
	s.Techniques, s.UseCases = keys(allT), keys(allU)
	return s
}

func num(c *model.Count) *int {
	if c == nil || !c.Valid {
		return nil
	}
	v := c.Value
	return &v
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// fold reduces a name to lower-case words of letters and digits.
func fold(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// exactKey and looseKey identify a product across versions. The loose
// key drops a leading vendor name from the product name ("Check Point"
// + "Check Point NGFW" and "Check Point" + "NGFW" are one product).
func exactKey(p *Product) string { return fold(p.Vendor) + "|" + fold(p.Product) }

func looseKey(p *Product) string {
	v, n := fold(p.Vendor), fold(p.Product)
	if v != "" && strings.HasPrefix(n, v+" ") {
		n = n[len(v)+1:]
	}
	return v + "|" + n
}
