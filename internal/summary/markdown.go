package summary

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// WriteJSON writes the diff as indented JSON.
func (d *Diff) WriteJSON(w io.Writer) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// foldAfter is the list length above which a Markdown list is folded
// into a <details> block.
const foldAfter = 15

// WriteMarkdown writes the diff as GitHub-flavoured Markdown, for a
// pull-request comment or $GITHUB_STEP_SUMMARY. Each product list shows
// at most limit entries (0: all); GitHub takes comments of up to 65536
// characters.
func (d *Diff) WriteMarkdown(w io.Writer, limit int) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("## Content library changes\n\n")
	p("`%s` → `%s`\n\n", d.Base, d.Head)
	p("| | base | head | change |\n|---|---:|---:|---:|\n")
	row := func(name string, c Change) { p("| %s | %d | %d | %s |\n", name, c.From, c.To, delta(c.From, c.To)) }
	row("Products", d.Totals.Products)
	row("Use cases", d.Totals.UseCases)
	row("MITRE TTPs", d.Totals.Techniques)
	row("Use-case rows", d.Totals.Rows)
	p("\n")
	if len(d.ProductsAdded)+len(d.ProductsRemoved)+len(d.ProductsChanged) == 0 &&
		len(d.TechniquesAdded)+len(d.TechniquesRemoved)+len(d.UseCasesAdded)+len(d.UseCasesRemoved) == 0 {
		p("No product, use case, technique or summary number changed.\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	inline := func(label string, items []string) {
		if len(items) > 0 {
			p("**%s (%d):** %s\n\n", label, len(items), strings.Join(items, ", "))
		}
	}
	inline("Use cases added", d.UseCasesAdded)
	inline("Use cases removed", d.UseCasesRemoved)
	inline("MITRE TTPs added", d.TechniquesAdded)
	inline("MITRE TTPs removed", d.TechniquesRemoved)

	list := func(title string, lines []string) {
		if len(lines) == 0 {
			return
		}
		p("### %s (%d)\n\n", title, len(lines))
		shown := len(lines)
		if limit > 0 {
			shown = min(shown, limit)
		}
		folded := shown > foldAfter
		if folded {
			p("<details><summary>Show all %d</summary>\n\n", len(lines))
		}
		for i, l := range lines {
			if limit > 0 && i == limit {
				p("- … and %d more (the JSON output lists them all)\n", len(lines)-limit)
				break
			}
			p("- %s\n", l)
		}
		if folded {
			p("\n</details>\n")
		}
		p("\n")
	}
	var added, removed, changed []string
	for _, x := range d.ProductsAdded {
		added = append(added, refLine(x))
	}
	for _, x := range d.ProductsRemoved {
		removed = append(removed, refLine(x))
	}
	for _, c := range d.ProductsChanged {
		changed = append(changed, changeLine(c))
	}
	list("Products added", added)
	list("Products removed", removed)
	list("Products changed", changed)
	p("%d matched products unchanged.\n", d.ProductsUnchanged)
	_, err := io.WriteString(w, b.String())
	return err
}

func refLine(x ProductRef) string {
	s := "**" + named(x.Name) + "**"
	if x.Counts.Rules != nil {
		s += fmt.Sprintf(" (%s)", plural(*x.Counts.Rules, "rule"))
	}
	return s + " — `" + x.Path + "`"
}

func changeLine(c ProductChange) string {
	var parts []string
	if c.OldName != "" {
		parts = append(parts, "was "+md(c.OldName))
	}
	if len(c.Counts) > 0 {
		var cs []string
		for _, x := range c.Counts {
			cs = append(cs, fmt.Sprintf("%s %s -> %s", x.Field, numText(x.From), numText(x.To)))
		}
		parts = append(parts, strings.Join(cs, ", "))
	}
	if s := plusMinus(c.UseCasesAdded, c.UseCasesRemoved); s != "" {
		parts = append(parts, "use cases "+s)
	}
	if s := plusMinus(c.TechniquesAdded, c.TechniquesRemoved); s != "" {
		parts = append(parts, "TTPs "+s)
	}
	return "**" + named(c.Name) + "**: " + strings.Join(parts, "; ")
}

// named is a product's name for Markdown; a data source page may name
// neither vendor nor product.
func named(s string) string {
	if s == "" {
		return "(no vendor or product name)"
	}
	return md(s)
}

func plusMinus(added, removed []string) string {
	var out []string
	for _, a := range added {
		out = append(out, "+"+md(a))
	}
	for _, r := range removed {
		out = append(out, "−"+md(r))
	}
	return strings.Join(out, " ")
}

func numText(v *int) string {
	if v == nil {
		return "none"
	}
	return fmt.Sprint(*v)
}

func delta(a, b int) string {
	switch {
	case b > a:
		return fmt.Sprintf("+%d", b-a)
	case b < a:
		return fmt.Sprintf("−%d", a-b)
	}
	return ""
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// md escapes the characters that would start Markdown or HTML markup in
// a name.
var mdEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`, "|", `\|`)

func md(s string) string { return mdEscaper.Replace(s) }
