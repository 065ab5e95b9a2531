package main

import (
	"fmt"
	"os"
	"strings"

	"mdlint/model"
	"mdlint/parser"
)

func norm(s string) string {
	s = strings.ToLower(strings.Trim(s, "\" "))
	return strings.Join(strings.Fields(s), " ")
}

func main() {
	lib, err := parser.LoadLibrary(os.Args[1], parser.Options{})
	if err != nil {
		panic(err)
	}
	stats := map[string]int{}
	pairs := map[string]int{}
	for _, p := range lib.Pages {
		if p.DataSource == nil {
			continue
		}
		pr := lib.ProductOf(p)
		f := pr.First()
		if f == nil {
			continue
		}
		dv, dp := norm(f.DataSource.Vendor.Value), norm(f.DataSource.Product.Value)
		seen := map[string]bool{}
		for _, r := range p.DataSource.Rows {
			for _, et := range r.EventTypes {
				for _, ps := range et.Parsers {
					t, _ := model.Resolve(p.Path, ps.Link.Dest)
					if seen[t.Path] {
						continue
					}
					seen[t.Path] = true
					tp := lib.Page(t.Path)
					if tp == nil || tp.Parser == nil {
						continue
					}
					stats["pairs"]++
					pv, pp := "", ""
					if len(tp.Parser.Vendors) > 0 {
						pv = norm(tp.Parser.Vendors[0].Value)
					}
					if len(tp.Parser.Products) > 0 {
						pp = norm(tp.Parser.Products[0].Value)
					}
					if len(tp.Parser.Vendors) > 1 {
						stats["multivendor"]++
					}
					if pv == "" && pp == "" {
						stats["nothing"]++
						continue
					}
					vm := pv == "" || pv == dv
					pm := pp == "" || pp == dp
					switch {
					case vm && pm:
						stats["match"]++
					case vm:
						stats["product-diff"]++
						pairs[fmt.Sprintf("P %q/%q vs %q/%q", dv, dp, pv, pp)]++
					case pm:
						stats["vendor-diff"]++
						pairs[fmt.Sprintf("V %q/%q vs %q/%q", dv, dp, pv, pp)]++
					default:
						stats["both-diff"]++
						pairs[fmt.Sprintf("B %q/%q vs %q/%q", dv, dp, pv, pp)]++
					}
				}
			}
		}
	}
	fmt.Println(stats)
	for k, v := range pairs {
		fmt.Println(v, k)
	}
}
