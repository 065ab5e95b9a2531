package main

import (
	"fmt"
	"os"

	"mdlint/internal/attack"
)

func main() {
	old, err := attack.LoadFile("/work/shared/attack/enterprise-attack-v10.1.json")
	if err != nil {
		panic(err)
	}
	cur := attack.Default()
	for _, id := range os.Args[1:] {
		o, ok1 := old.Technique(id)
		c, ok2 := cur.Technique(id)
		fmt.Printf("%s\n  v10: %v %+v\n  v18: %v %+v\n", id, ok1, o, ok2, c)
	}
	n := 0
	for _, o := range old.Techniques() {
		c, ok := cur.Technique(o.ID)
		if !ok {
			fmt.Println("MISSING in v18", o.ID, o.Name)
			continue
		}
		if c.Name != o.Name {
			n++
			fmt.Printf("DIFF %s %q -> %q rev=%v/%v\n", o.ID, o.Name, c.Name, o.Revoked, c.Revoked)
		}
	}
	fmt.Println(n)
	for _, t := range old.Tactics() { fmt.Println(t) }
}
