package cli

import (
	"fmt"
	"io"

	"mdlint/docs"
	"mdlint/internal/attack"
)

// RuleDoc returns the documentation page of a rule.
func RuleDoc(name string) (string, bool) {
	b, err := docs.Rules.ReadFile("rules/" + name + ".md")
	if err != nil {
		return "", false
	}
	return string(b), true
}

// Attribution is the notice that ships with ATT&CK-derived data.
const Attribution = "MITRE ATT&CK® and ATT&CK® are registered trademarks of The MITRE Corporation. ATT&CK data © The MITRE Corporation, reproduced and distributed with the permission of The MITRE Corporation."

func printAttackInfo(w io.Writer, c *attack.Catalog, file string) {
	src := "embedded"
	if file != "" {
		src = "file " + file
	}
	sub, revoked, deprecated := 0, 0, 0
	for _, t := range c.Techniques() {
		if t.IsSub {
			sub++
		}
		if t.Revoked {
			revoked++
		}
		if t.Deprecated {
			deprecated++
		}
	}
	fmt.Fprintf(w, "ATT&CK %s v%s (%s)\n", c.Domain, c.Version, src)
	fmt.Fprintf(w, "tactics: %d\n", c.NumTactics())
	for _, t := range c.Tactics() {
		fmt.Fprintf(w, "  %s %s\n", t.ID, t.Name)
	}
	fmt.Fprintf(w, "techniques: %d (%d sub-techniques, %d revoked, %d deprecated)\n", c.NumTechniques(), sub, revoked, deprecated)
	fmt.Fprintln(w, Attribution)
}
