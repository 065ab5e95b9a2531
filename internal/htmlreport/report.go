package htmlreport

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"mdlint/internal/attack"
	"mdlint/internal/navigator"
	"mdlint/lint"
	"mdlint/model"
)

// Options describe a report.
type Options struct {
	// Title names the library ("CIM2").
	Title string
	// LinkBase is put before a page's slash path to link it from the
	// report folder ("../docs/"); empty shows paths without links.
	LinkBase string
	// Catalog is the ATT&CK release of the matrix; nil means the
	// built-in one.
	Catalog *attack.Catalog
	// Rules documents the rules (name, doc, default severity); findings
	// of rules not listed are still shown.
	Rules []lint.Rule
}

// Write writes the report into dir (created if needed): index.html and
// one rule-<name>.html per rule with findings.
func Write(dir string, lib *model.Library, diags []lint.Diagnostic, opts Options) error {
	files, err := Build(lib, diags, opts)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), files[n], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Heat classes: the upper bounds of distinct-rule counts of classes
// h1..h5; more is h6, none is h0.
var heatBounds = []int{1, 4, 9, 24, 49}

func heat(n int) int {
	if n <= 0 {
		return 0
	}
	for i, b := range heatBounds {
		if n <= b {
			return i + 1
		}
	}
	return len(heatBounds) + 1
}

// cell is a technique of the matrix.
type cell struct {
	ID, Name string
	Rules    int // distinct rules over the technique and its sub-techniques
	Own      int // rules listed under the technique itself
	Heat     int
	Products int
	Title    string
	Subs     []cell
}

type column struct {
	ID, Name    string
	TacticRules int // rules listed under the tactic ID itself
	Covered     int
	Cells       []cell
}

type ruleRow struct {
	Name, Doc, Severity string
	Count               int
	Page                string
}

type productRow struct {
	Name, Path, Link      string
	Errors, Warnings, Inf int
	Rules                 string
}

type finding struct {
	Where, Link, Product, Message, Severity string
}

type outside struct {
	ID, Why  string
	Rules    int
	Products int
}

type indexData struct {
	Title, Release, Root         string
	Pages, Products, Findings    int
	Errors, Warnings, Infos      int
	Columns                      []column
	Covered, Techniques, MaxRows int
	Legend                       []legend
	Outside                      []outside
	Rules                        []ruleRow
	ProductRows                  []productRow
	CSS                          template.CSS
}

type legend struct {
	Heat  int
	Label string
}

type ruleData struct {
	Title, Rule, Doc, Severity string
	Findings                   []finding
	CSS                        template.CSS
}

// Build returns the report's files by name.
func Build(lib *model.Library, diags []lint.Diagnostic, opts Options) (map[string][]byte, error) {
	cat := opts.Catalog
	if cat == nil {
		cat = attack.Default()
	}
	cov := navigator.Collect(lib, nil)
	byID := map[string]*navigator.Coverage{}
	for i := range cov {
		byID[cov[i].ID] = &cov[i]
	}
	d := indexData{Title: opts.Title, Release: cat.Version, Root: lib.Root, Pages: len(lib.Pages), Products: len(lib.Products()), CSS: css}

	// the matrix
	inMatrix := map[string]bool{}
	for _, tac := range cat.Tactics() {
		col := column{ID: tac.ID, Name: tac.Name}
		if c := byID[tac.ID]; c != nil {
			col.TacticRules = c.Score()
			inMatrix[tac.ID] = true
		}
		for _, t := range cat.Techniques() {
			if t.IsSub || t.Revoked || t.Deprecated || !slices.Contains(t.Tactics, tac.ShortName) {
				continue
			}
			c := techCell(t, cat, cov, byID, inMatrix)
			if c.Rules > 0 {
				col.Covered++
			}
			col.Cells = append(col.Cells, c)
		}
		slices.SortStableFunc(col.Cells, func(a, b cell) int { return cmp.Compare(a.Name, b.Name) })
		d.MaxRows = max(d.MaxRows, len(col.Cells))
		d.Columns = append(d.Columns, col)
	}
	techs, covered := map[string]bool{}, map[string]bool{}
	for _, col := range d.Columns {
		for _, c := range col.Cells {
			techs[c.ID] = true
			if c.Rules > 0 {
				covered[c.ID] = true
			}
		}
	}
	d.Techniques, d.Covered = len(techs), len(covered)
	lo := 1
	for i, b := range heatBounds {
		label := fmt.Sprintf("%d–%d", lo, b)
		if lo == b {
			label = fmt.Sprint(b)
		}
		if label == "1" {
			label += " rule"
		} else {
			label += " rules"
		}
		d.Legend = append(d.Legend, legend{i + 1, label})
		lo = b + 1
	}
	d.Legend = append([]legend{{0, "no rules"}}, append(d.Legend, legend{len(heatBounds) + 1, fmt.Sprintf("%d or more rules", lo)})...)
	for i := range cov {
		c := &cov[i]
		if inMatrix[c.ID] {
			continue
		}
		why := "not in ATT&CK v" + cat.Version
		if t, ok := cat.Technique(c.ID); ok {
			switch {
			case t.Revoked:
				why = "revoked in ATT&CK v" + cat.Version
				if len(t.RevokedBy) > 0 {
					why += " (replaced by " + strings.Join(t.RevokedBy, ", ") + ")"
				}
			case t.Deprecated:
				why = "deprecated in ATT&CK v" + cat.Version
			default:
				why = "in no tactic of ATT&CK v" + cat.Version
			}
		} else if attack.IsTacticID(c.ID) {
			why = "a tactic ATT&CK v" + cat.Version + " does not have"
		}
		d.Outside = append(d.Outside, outside{c.ID, why, c.Score(), len(c.Products)})
	}

	// findings
	docs := map[string]lint.Rule{}
	for _, r := range opts.Rules {
		docs[r.Name] = r
	}
	byRule := map[string][]lint.Diagnostic{}
	type pc struct {
		name, path string
		e, w, i    int
		rules      map[string]int
	}
	byProduct := map[string]*pc{}
	for _, pr := range lib.Products() { // every product, with or without findings
		name, path := cmp.Or(navigator.ProductName(pr), "(unnamed product)"), pr.Pages[0].Path
		byProduct[name+"\x00"+path] = &pc{name: name, path: path, rules: map[string]int{}}
	}
	for _, dg := range diags {
		d.Findings++
		switch dg.Severity {
		case lint.Error:
			d.Errors++
		case lint.Warning:
			d.Warnings++
		default:
			d.Infos++
		}
		byRule[dg.Rule] = append(byRule[dg.Rule], dg)
		name, path := productOf(lib, dg.File)
		p := byProduct[name+"\x00"+path]
		if p == nil {
			p = &pc{name: name, path: path, rules: map[string]int{}}
			byProduct[name+"\x00"+path] = p
		}
		switch dg.Severity {
		case lint.Error:
			p.e++
		case lint.Warning:
			p.w++
		default:
			p.i++
		}
		p.rules[dg.Rule]++
	}
	files := map[string][]byte{}
	ruleNames := make([]string, 0, len(byRule))
	for r := range byRule {
		ruleNames = append(ruleNames, r)
	}
	sort.Strings(ruleNames)
	for _, r := range ruleNames {
		ds := byRule[r]
		sev := ds[0].Severity.String()
		if doc, ok := docs[r]; ok && doc.Severity != 0 {
			sev = doc.Severity.String()
		}
		page := "rule-" + safeName(r) + ".html"
		d.Rules = append(d.Rules, ruleRow{Name: r, Doc: docs[r].Doc, Severity: sev, Count: len(ds), Page: page})
		rd := ruleData{Title: opts.Title, Rule: r, Doc: docs[r].Doc, Severity: sev, CSS: css}
		for _, dg := range ds {
			name, _ := productOf(lib, dg.File)
			where := dg.File
			if dg.Span.Start.Line > 0 {
				where += fmt.Sprintf(":%d:%d", dg.Span.Start.Line, dg.Span.Start.Col)
			}
			if dg.File == "" {
				where = "(library)"
			}
			rd.Findings = append(rd.Findings, finding{Where: where, Link: link(opts.LinkBase, dg.File), Product: name, Message: dg.Message, Severity: dg.Severity.String()})
		}
		var b bytes.Buffer
		if err := ruleTmpl.Execute(&b, rd); err != nil {
			return nil, err
		}
		files[page] = b.Bytes()
	}
	for _, p := range byProduct {
		var rs []string
		for r, n := range p.rules {
			rs = append(rs, fmt.Sprintf("%s %d", r, n))
		}
		sort.Strings(rs)
		d.ProductRows = append(d.ProductRows, productRow{Name: p.name, Path: p.path, Link: link(opts.LinkBase, p.path),
			Errors: p.e, Warnings: p.w, Inf: p.i, Rules: strings.Join(rs, ", ")})
	}
	sort.Slice(d.ProductRows, func(i, j int) bool {
		a, b := d.ProductRows[i], d.ProductRows[j]
		return cmp.Or(-cmp.Compare(a.Errors+a.Warnings+a.Inf, b.Errors+b.Warnings+b.Inf), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Path, b.Path)) < 0
	})
	var b bytes.Buffer
	if err := indexTmpl.Execute(&b, d); err != nil {
		return nil, err
	}
	files["index.html"] = b.Bytes()
	return files, nil
}

// techCell builds the cell of technique t with its covered
// sub-techniques.
func techCell(t *attack.Technique, cat *attack.Catalog, cov []navigator.Coverage, byID map[string]*navigator.Coverage, inMatrix map[string]bool) cell {
	c := cell{ID: t.ID, Name: t.Name}
	rules, products := map[string]bool{}, map[string]bool{}
	if own := byID[t.ID]; own != nil {
		inMatrix[t.ID] = true
		c.Own = own.Score()
		for _, r := range own.Rules {
			rules[r] = true
		}
		for _, p := range own.Products {
			products[p] = true
		}
	}
	for i := range cov {
		s := &cov[i]
		if !strings.HasPrefix(s.ID, t.ID+".") {
			continue
		}
		st, ok := cat.Technique(s.ID)
		if !ok || st.Revoked || st.Deprecated {
			continue
		}
		inMatrix[s.ID] = true
		for _, r := range s.Rules {
			rules[r] = true
		}
		for _, p := range s.Products {
			products[p] = true
		}
		c.Subs = append(c.Subs, cell{ID: s.ID, Name: st.BaseName, Rules: s.Score(), Own: s.Score(), Heat: heat(s.Score()), Products: len(s.Products),
			Title: fmt.Sprintf("%s %s: %s in %s", s.ID, st.Name, plural(s.Score(), "rule"), plural(len(s.Products), "product"))})
	}
	c.Rules, c.Products, c.Heat = len(rules), len(products), heat(len(rules))
	c.Title = fmt.Sprintf("%s %s: %s in %s", t.ID, t.Name, plural(c.Rules, "rule"), plural(c.Products, "product"))
	if len(c.Subs) > 0 {
		c.Title += fmt.Sprintf(" (%d under the technique itself)", c.Own)
	}
	return c
}

// productOf names the product a finding's file belongs to.
func productOf(lib *model.Library, file string) (name, path string) {
	p := lib.Page(file)
	if p == nil {
		return "(library files)", ""
	}
	pr := lib.ProductOf(p)
	if pr == nil {
		if p.RM != nil {
			if n := navigator.PageProduct(lib, p); n != "" {
				return n, ""
			}
		}
		return "(library pages)", ""
	}
	first := ""
	if len(pr.Pages) > 0 {
		first = pr.Pages[0].Path
	}
	return cmp.Or(navigator.ProductName(pr), "(unnamed product)"), first
}

// link is the href of a library file, or "" when there is no base.
func link(base, file string) string {
	if base == "" || file == "" {
		return ""
	}
	segs := strings.Split(file, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return base + strings.Join(segs, "/")
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, s)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
