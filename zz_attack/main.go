package main

import (
	"fmt"
	"os"
	"sort"
	"time"

	"mdlint/internal/attack"
	"mdlint/model"
	"mdlint/parser"
)

type pair struct{ id, name string }

func main() {
	t0 := time.Now()
	lib, err := parser.LoadLibrary(os.Args[1], parser.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println("load", time.Since(t0))
	cat := attack.Default()
	counts := map[string]int{}
	pairs := map[pair]int{}
	where := map[pair]string{}
	add := func(site string, p *model.Page, ts []model.TTP) {
		for _, t := range ts {
			counts[site]++
			k := pair{t.ID, t.Name}
			pairs[k]++
			if _, ok := where[k]; !ok {
				where[k] = fmt.Sprintf("%s:%d", p.Path, t.Span.Start.Line)
			}
		}
	}
	for _, p := range lib.Pages {
		if p.DataSource != nil {
			for _, r := range p.DataSource.Rows {
				add("ds", p, r.TTPs)
			}
		}
		if p.RM != nil {
			for _, r := range p.RM.Rows {
				add("rm", p, r.TTPs)
			}
		}
		if p.UseCase != nil {
			for _, v := range p.UseCase.Vendors {
				for _, r := range v.Rows {
					add("uc", p, r.TTPs)
				}
			}
		}
	}
	fmt.Println(counts, "distinct pairs", len(pairs))
	var ks []pair
	for k := range pairs {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool { return ks[i].id < ks[j].id || ks[i].id == ks[j].id && ks[i].name < ks[j].name })
	for _, k := range ks {
		verdict := ""
		if attack.IsTacticID(k.id) {
			tac, ok := cat.Tactic(k.id)
			verdict = "TACTIC"
			if ok {
				verdict += " " + tac.Name
			}
		} else if !attack.IsTechniqueID(k.id) {
			verdict = "BADID"
		} else if t, ok := cat.Technique(k.id); !ok {
			verdict = "UNKNOWN"
		} else if k.name == t.Name {
			if t.Revoked || t.Deprecated {
				verdict = fmt.Sprintf("ok-name revoked=%v dep=%v by=%v", t.Revoked, t.Deprecated, t.RevokedBy)
			} else {
				continue
			}
		} else if k.name == k.id {
			verdict = "IDNAME"
			if t.Revoked || t.Deprecated {
				verdict += fmt.Sprintf(" revoked=%v dep=%v", t.Revoked, t.Deprecated)
			}
			if os.Getenv("ALL") == "" {
				continue
			}
		} else {
			verdict = fmt.Sprintf("MISMATCH official=%q rev=%v dep=%v", t.Name, t.Revoked, t.Deprecated)
		}
		fmt.Printf("%d\t%s\t%q\t%s\t%s\n", pairs[k], k.id, k.name, verdict, where[k])
	}
}
