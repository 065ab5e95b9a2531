package config

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"mdlint/lint"
)

// Overrides are the command line flags that take precedence over the
// file.
type Overrides struct {
	// Enable, when not empty, names the only rules that run. Naming a
	// check also turns on the further rule names it reports under
	// (lint.Check.Also) unless the file or Disable turns them off.
	Enable []string
	// Disable names rules that do not run.
	Disable   []string
	FailLevel string // "" keeps the file's (default error)
	Quiet     *bool
	Color     string // "" keeps the file's (default auto)
}

// UnknownRuleError is a rule name on the command line that no rule has.
type UnknownRuleError struct{ Flag, Name string }

func (e *UnknownRuleError) Error() string {
	return fmt.Sprintf("%s: unknown rule %q (see mdlint rules)", e.Flag, e.Name)
}

// expandRules checks the rule names given to flag and replaces each
// glob pattern (attack-*, matrix-?lacement) with the rules it matches.
func expandRules(flag string, names []string, known map[string]lint.Rule) ([]string, error) {
	var out []string
	for _, n := range names {
		if !strings.ContainsAny(n, "*?[") {
			if _, ok := known[n]; !ok {
				return nil, &UnknownRuleError{flag, n}
			}
			out = append(out, n)
			continue
		}
		if _, err := path.Match(n, ""); err != nil {
			return nil, fmt.Errorf("%s: bad pattern %q: %v", flag, n, err)
		}
		var matched []string
		for k := range known {
			if ok, _ := path.Match(n, k); ok {
				matched = append(matched, k)
			}
		}
		if len(matched) == 0 {
			return nil, fmt.Errorf("%s: no rule matches %q (see mdlint rules)", flag, n)
		}
		sort.Strings(matched)
		out = append(out, matched...)
	}
	return out, nil
}

// Apply makes c the effective configuration: the file's settings with
// the overrides applied. Afterwards Rules has an entry for every rule
// of s with Enabled set, FailLevel and Color are set and Quiet is not
// nil.
func (c *Config) Apply(s Schema, o Overrides) error {
	known := s.known()
	var err error
	if o.Enable, err = expandRules("--enable", o.Enable, known); err != nil {
		return err
	}
	if o.Disable, err = expandRules("--disable", o.Disable, known); err != nil {
		return err
	}
	if o.FailLevel != "" {
		sev, err := lint.ParseSeverity(o.FailLevel)
		if err != nil {
			return fmt.Errorf("--fail-level: %w", err)
		}
		c.FailLevel = sev
	}
	if c.FailLevel == 0 {
		c.FailLevel = lint.Error
	}
	if o.Color != "" {
		switch o.Color {
		case "auto", "always", "never":
		default:
			return fmt.Errorf("--color: want auto, always or never, got %q", o.Color)
		}
		c.Color = o.Color
	}
	if c.Color == "" {
		c.Color = "auto"
	}
	if o.Quiet != nil {
		c.Quiet = o.Quiet
	}
	if c.Quiet == nil {
		f := false
		c.Quiet = &f
	}

	fileOff := func(n string) bool {
		r, ok := c.Rules[n]
		return ok && r.Enabled != nil && !*r.Enabled
	}
	on := map[string]bool{}
	if len(o.Enable) > 0 {
		also := map[string][]string{}
		for _, ch := range s.Checks {
			for _, r := range ch.Also {
				also[ch.Name] = append(also[ch.Name], r.Name)
			}
		}
		for _, n := range o.Enable {
			on[n] = true
		}
		for _, n := range o.Enable {
			for _, a := range also[n] {
				if !fileOff(a) {
					on[a] = true
				}
			}
		}
	} else {
		for n := range known {
			on[n] = !fileOff(n)
		}
	}
	for _, n := range o.Disable {
		on[n] = false
	}
	if c.Rules == nil {
		c.Rules = map[string]Rule{}
	}
	for n := range known {
		r := c.Rules[n]
		b := on[n]
		r.Enabled = &b
		c.Rules[n] = r
	}
	return nil
}

// On reports whether rule name runs. Before Apply it reports what the
// file says (on unless turned off).
func (c *Config) On(name string) bool {
	r, ok := c.Rules[name]
	return !ok || r.Enabled == nil || *r.Enabled
}

// SeverityOf returns the severity the file sets for rule name, if any.
func (c *Config) SeverityOf(name string) (lint.Severity, bool) {
	r, ok := c.Rules[name]
	return r.Severity, ok && r.Severity != 0
}

// Checks returns the checks that must run: those with any rule name on.
func (c *Config) Checks(all []*lint.Check) []*lint.Check {
	var out []*lint.Check
	for _, ch := range all {
		for _, r := range ch.Rules() {
			if c.On(r.Name) {
				out = append(out, ch)
				break
			}
		}
	}
	return out
}

// Print writes c as YAML that Load accepts: every rule of s with whether
// it runs and its severity, then the other settings. Call it after
// Apply. Comments say where the settings came from.
func (c *Config) Print(w io.Writer, s Schema) error {
	var buf bytes.Buffer
	buf.WriteString("# effective mdlint configuration\n")
	if c.File != "" {
		fmt.Fprintf(&buf, "# read from %s; command line flags applied\n", c.File)
	} else {
		buf.WriteString("# no configuration file found: defaults; command line flags applied\n")
	}
	buf.WriteString("# globs and paths are relative to " + relIfBelowWD(c.Dir) + "\n")

	doc := &yaml.Node{Kind: yaml.MappingNode}
	add := func(m *yaml.Node, k string, v *yaml.Node) {
		m.Content = append(m.Content, scalar(k), v)
	}
	rules := &yaml.Node{Kind: yaml.MappingNode}
	for _, r := range s.Rules() {
		m := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
		add(m, "enabled", boolNode(c.On(r.Name)))
		sev := r.Severity
		if o, ok := c.SeverityOf(r.Name); ok {
			sev = o
		}
		add(m, "severity", scalar(sev.String()))
		if opts := c.Rules[r.Name].Options; len(opts) > 0 {
			var on yaml.Node
			if err := on.Encode(opts); err != nil {
				return err
			}
			add(m, "options", &on)
		}
		add(rules, r.Name, m)
	}
	add(doc, "rules", rules)
	add(doc, "ignore", strList(c.Ignore))
	ex := &yaml.Node{Kind: yaml.SequenceNode}
	for _, e := range c.Exclude {
		m := &yaml.Node{Kind: yaml.MappingNode}
		add(m, "paths", strList(e.Paths))
		add(m, "rules", strList(e.Rules))
		ex.Content = append(ex.Content, m)
	}
	if len(ex.Content) == 0 {
		ex.Style = yaml.FlowStyle
	}
	add(doc, "exclude", ex)
	if c.AttackData != "" {
		add(doc, "attack-data", scalar(c.AttackData))
	} else {
		n := scalar("")
		n.Tag, n.Value = "!!null", "null"
		n.LineComment = "embedded ATT&CK release (see mdlint attack info)"
		add(doc, "attack-data", n)
	}
	fail := c.FailLevel
	if fail == 0 {
		fail = lint.Error
	}
	add(doc, "fail-level", scalar(fail.String()))
	add(doc, "quiet", boolNode(c.Quiet != nil && *c.Quiet))
	color := c.Color
	if color == "" {
		color = "auto"
	}
	add(doc, "color", scalar(color))

	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func scalar(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

func boolNode(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(b)}
}

func strList(ss []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode}
	if len(ss) == 0 {
		n.Style = yaml.FlowStyle
	}
	for _, s := range ss {
		n.Content = append(n.Content, scalar(s))
	}
	return n
}

// SplitList splits a comma-separated flag value, dropping blanks.
func SplitList(s string) []string {
	var out []string
	for _, n := range strings.Split(s, ",") {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}
