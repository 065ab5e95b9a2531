package attackdiff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// WriteText writes the report for people. It lists at most maxPlaces
// places per change (0: all).
func (r *Report) WriteText(w io.Writer, maxPlaces int) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	t := r.Totals
	p("ATT&CK %s -> %s over %s: %d technique IDs in use\n", release(r.From), release(r.To), r.Root, t.InUse)
	if t.Techniques == 0 && t.Tactics == 0 {
		p("nothing to change\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	var kinds []string
	for _, k := range []string{Revoked, Deprecated, Removed, Renamed, Tactics} {
		if n := t.ByChange[k]; n > 0 {
			name := k
			if k == Tactics {
				name = "tactics changed"
			}
			kinds = append(kinds, fmt.Sprintf("%d %s", n, name))
		}
	}
	p("%s (%s), %s; %s to change on %s (%s, %s)\n",
		plural(t.Techniques, "technique change"), strings.Join(kinds, ", "), plural(t.Tactics, "tactic change"),
		plural(t.Places, "place"), plural(t.Pages, "page"), plural(t.Rows, "table row"), plural(t.MatrixCells, "matrix cell"))
	section := ""
	for _, c := range r.Techniques {
		if c.Change != section {
			section = c.Change
			p("\n%s\n", heading(section))
		}
		switch c.Change {
		case Revoked:
			var repl []string
			for _, x := range c.ReplacedBy {
				repl = append(repl, strings.TrimSpace(x.ID+" "+x.Name))
			}
			by := "no replacement"
			if len(repl) > 0 {
				by = "replaced by " + strings.Join(repl, ", ")
			}
			p("  %s %s: %s; used in %s\n", c.ID, name(c), by, plural(c.Uses, "place"))
		case Deprecated, Removed:
			p("  %s %s: used in %s\n", c.ID, name(c), plural(c.Uses, "place"))
		case Renamed:
			other := ""
			for _, o := range c.OtherNames {
				other += fmt.Sprintf("; %q in %s", o.Name, plural(o.Count, "place"))
			}
			p("  %s %q -> %q: old name in %d of %s%s\n", c.ID, c.OldName, c.NewName, len(c.Places), plural(c.Uses, "place"), other)
		case Tactics:
			leave, add := 0, 0
			for _, pl := range c.Places {
				if pl.Kind == KindMatrixAdd {
					add++
				} else {
					leave++
				}
			}
			p("  %s %s: %s -> %s; %s under a column it leaves, %s to add it to\n", c.ID, name(c), strings.Join(c.OldTactics, ", "), strings.Join(c.NewTactics, ", "),
				plural(leave, "matrix link"), plural(add, "matrix column"))
		}
		writePlaces(&b, c.Places, maxPlaces)
	}
	if len(r.Tactics) > 0 {
		p("\ntactics\n")
	}
	for _, c := range r.Tactics {
		switch c.Change {
		case New:
			p("  %s %s: new; %s lack a column for it\n", c.ID, c.NewName, plural(c.Matrices, "matrix"))
		case Renamed:
			p("  %s %q -> %q: old name in %s\n", c.ID, c.OldName, c.NewName, plural(len(c.Places), "place"))
		case Removed:
			p("  %s %s: removed; named in %s\n", c.ID, c.OldName, plural(len(c.Places), "place"))
		}
		writePlaces(&b, c.Places, maxPlaces)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writePlaces(b *strings.Builder, ps []Place, max int) {
	for i, pl := range ps {
		if max > 0 && i == max {
			fmt.Fprintf(b, "    … and %d more (--all or --json lists them)\n", len(ps)-max)
			return
		}
		col := ""
		if pl.Column != "" {
			col = " in column " + pl.Column
		}
		fmt.Fprintf(b, "    %s:%d:%d %s %q%s\n", pl.File, pl.Line, pl.Col, pl.Kind, pl.Text, col)
	}
}

func heading(change string) string {
	switch change {
	case Revoked:
		return "revoked (replace the ID)"
	case Deprecated:
		return "deprecated (no replacement in ATT&CK)"
	case Removed:
		return "removed (the new release lacks the ID)"
	case Renamed:
		return "renamed (places that show the old name)"
	case Tactics:
		return "tactics changed (matrix cells that move)"
	}
	return change
}

func name(c TechniqueChange) string {
	if c.OldName != "" {
		return c.OldName
	}
	return c.NewName
}

func release(r Release) string {
	s := "v" + r.Version
	if r.Version == "" {
		s = "(unnamed release)"
	}
	if r.Source != "" {
		s += " (" + r.Source + ")"
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "x") {
		if word == "matrix" {
			return fmt.Sprintf("%d matrices", n)
		}
		return fmt.Sprintf("%d %ses", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
