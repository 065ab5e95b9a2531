package main

import (
	"fmt"
	"os"
	"slices"
	"sort"

	"mdlint/internal/attack"
	"mdlint/model"
	"mdlint/parser"
)

func main() {
	lib, err := parser.LoadLibrary(os.Args[1], parser.Options{})
	if err != nil {
		panic(err)
	}
	cat := attack.Default()
	stats := map[string]int{}
	ex := map[string]string{}
	note := func(k, w string) {
		stats[k]++
		if _, ok := ex[k]; !ok {
			ex[k] = w
		}
	}
	doMatrix := func(p *model.Page, m *model.Matrix) {
		for _, c := range m.Columns {
			tac, ok := cat.TacticByName(c.Tactic.Value)
			if !ok {
				note("header-unknown "+c.Tactic.Value, p.Path)
				continue
			}
			for _, t := range c.Techniques {
				kind, id, ok := attack.ParseAttackURL(t.Link.Dest)
				w := fmt.Sprintf("%s:%d %q %s", p.Path, t.Link.Span.Start.Line, t.Link.Text, t.Link.Dest)
				if !ok || kind != "techniques" {
					note("badurl", w)
					continue
				}
				tech, ok := cat.Technique(id)
				if !ok {
					note("unknown "+id, w)
					continue
				}
				if t.Link.Text != tech.Name {
					note(fmt.Sprintf("text %s %q official %q", id, t.Link.Text, tech.Name), w)
				}
				if !slices.Contains(tech.Tactics, tac.ShortName) {
					note(fmt.Sprintf("placement %s (%v) under %s", id, tech.Tactics, tac.ShortName), w)
				}
				if tech.Revoked {
					note("revoked "+id, w)
				}
			}
		}
	}
	for _, p := range lib.Pages {
		if p.DataSource != nil && p.DataSource.Matrix != nil {
			stats["matrices"]++
			doMatrix(p, p.DataSource.Matrix)
		}
		if p.MitreMap != nil {
			if p.MitreMap.Matrix != nil {
				doMatrix(p, p.MitreMap.Matrix)
			}
			for _, r := range p.MitreMap.Rows {
				w := fmt.Sprintf("%s:%d", p.Path, r.Span.Start.Line)
				if r.Link == nil {
					note("mm-nolink", w)
					continue
				}
				kind, id, ok := attack.ParseAttackURL(r.Link.Dest)
				if !ok {
					note("mm-badurl "+r.Link.Dest, w)
				} else if id != r.ID.Value {
					note("mm-urlid "+id+" vs "+r.ID.Value, w)
				} else if kind == "techniques" && attack.IsTacticID(id) {
					note("mm-tactic-under-techniques", w)
				}
				if r.Link.Text == r.ID.Value {
					note("mm-text=id", w)
				} else if t, ok := cat.Technique(r.ID.Value); ok && t.Name != r.Link.Text {
					note(fmt.Sprintf("mm-text %s %q official %q", r.ID.Value, r.Link.Text, t.Name), w)
				}
			}
		}
	}
	var ks []string
	for k := range stats {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range ks {
		fmt.Printf("%6d %s\t%s\n", stats[k], k, ex[k])
	}
}
