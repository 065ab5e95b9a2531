package config

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"go.yaml.in/yaml/v3"

	"mdlint/internal/textdist"
	"mdlint/lint"
)

// FileNames are the names looked for, in this order, in each folder.
var FileNames = []string{".mdlint.yaml", ".mdlint.yml"}

// Rule is the configuration of one rule name.
type Rule struct {
	// Enabled is nil when the file does not say.
	Enabled *bool
	// Severity overrides the rule's default; zero keeps it.
	Severity lint.Severity
	// Options are the rule's options as YAML decoded them.
	Options map[string]any
}

// Exclusion drops the findings of Rules in the pages matching Paths.
type Exclusion struct {
	Paths []string
	Rules []string
}

// Config is a parsed configuration file, or the defaults.
type Config struct {
	// File is the file read, as found or given; empty for the defaults.
	File string
	// Dir is the absolute folder that globs and paths are relative to:
	// the file's folder, or the library root for the defaults.
	Dir string
	// Rules holds the rules the file names. After Apply it holds every
	// known rule with Enabled and Severity set.
	Rules      map[string]Rule
	Ignore     []string
	Exclude    []Exclusion
	AttackData string        // as written; see AttackDataPath
	FailLevel  lint.Severity // zero: not set
	Quiet      *bool
	Color      string // "", auto, always or never
}

// OptionCheck validates the value of one rule option.
type OptionCheck func(value any) error

// Schema is what Load validates against: the checks (with the rule
// names they report under), further rule names reported outside checks
// (such as unused-suppression), and the options each rule takes.
type Schema struct {
	Checks  []*lint.Check
	Extra   []lint.Rule
	Options map[string]map[string]OptionCheck // rule -> option -> check
}

// Rules lists every rule name of s with its default, sorted by name.
func (s Schema) Rules() []lint.Rule {
	seen := map[string]bool{}
	var out []lint.Rule
	add := func(r lint.Rule) {
		if !seen[r.Name] {
			seen[r.Name] = true
			out = append(out, r)
		}
	}
	for _, c := range s.Checks {
		for _, r := range c.Rules() {
			add(r)
		}
	}
	for _, r := range s.Extra {
		add(r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func (s Schema) known() map[string]lint.Rule {
	m := map[string]lint.Rule{}
	for _, r := range s.Rules() {
		m[r.Name] = r
	}
	return m
}

// Error is a problem in a configuration file at a position.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// Errors are all the problems of one file, in file order.
type Errors []*Error

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Default returns the configuration used when there is no file: every
// rule on at its default severity, patterns relative to dir.
func Default(dir string) *Config {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	return &Config{Dir: abs, Rules: map[string]Rule{}}
}

// Find looks for a configuration file in dir and each folder above it,
// stopping after the first folder that holds .git (the repository
// root). It returns "" when there is none.
func Find(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		for _, n := range FileNames {
			p := filepath.Join(abs, n)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return relIfBelowWD(p), nil
			}
		}
		if _, err := os.Stat(filepath.Join(abs, ".git")); err == nil {
			return "", nil
		}
		up := filepath.Dir(abs)
		if up == abs {
			return "", nil
		}
		abs = up
	}
}

// relIfBelowWD shortens an absolute path below the working directory to
// a relative one, so messages name files as users see them.
func relIfBelowWD(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	r, err := filepath.Rel(wd, p)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return p
	}
	return r
}

// Load reads and validates the configuration file at file.
func Load(file string, s Schema) (*Config, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	return Parse(file, data, filepath.Dir(abs), s)
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse parses a configuration file's data. name is used in messages and
// dir is the folder paths are relative to.
func Parse(name string, data []byte, dir string, s Schema) (*Config, error) {
	c := &Config{File: name, Dir: dir, Rules: map[string]Rule{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := err.Error()
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			return nil, Errors{{File: name, Line: n, Msg: "invalid YAML: " + m[2]}}
		}
		return nil, Errors{{File: name, Msg: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")}}
	}
	p := &parser{name: name, schema: s, known: s.known(), c: c}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return c, nil
	}
	root := deref(doc.Content[0])
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return c, nil
	}
	p.top(root)
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return c, nil
}

type parser struct {
	name   string
	schema Schema
	known  map[string]lint.Rule
	c      *Config
	errs   Errors
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.errs = append(p.errs, &Error{File: p.name, Line: n.Line, Col: n.Column, Msg: fmt.Sprintf(format, args...)})
}

func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// pairs returns the key/value pairs of a mapping, reporting duplicate
// keys and non-mappings.
func (p *parser) pairs(n *yaml.Node, what string) [][2]*yaml.Node {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s: want a mapping, got %s", what, describe(n))
		return nil
	}
	seen := map[string]bool{}
	var out [][2]*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			p.errorf(k, "%s: keys must be plain names", what)
			continue
		}
		if seen[k.Value] {
			p.errorf(k, "%s: duplicate key %q", what, k.Value)
			continue
		}
		seen[k.Value] = true
		out = append(out, [2]*yaml.Node{k, v})
	}
	return out
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return strconv.Quote(n.Value)
	}
	return "something else"
}

// TopKeys are the keys a configuration file may hold.
var TopKeys = []string{"rules", "ignore", "exclude", "attack-data", "fail-level", "quiet", "color"}

func (p *parser) top(n *yaml.Node) {
	for _, kv := range p.pairs(n, "configuration") {
		k, v := kv[0], kv[1]
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" && (k.Value == "ignore" || k.Value == "exclude" || k.Value == "attack-data") {
			continue // an empty list, or the embedded ATT&CK release
		}
		switch k.Value {
		case "rules":
			p.rules(v)
		case "ignore":
			p.c.Ignore = p.globs(v, "ignore")
		case "exclude":
			p.exclude(v)
		case "attack-data":
			if s, ok := p.str(v, "attack-data"); ok {
				p.c.AttackData = s
				if _, err := os.Stat(p.c.AttackDataPath()); err != nil {
					p.errorf(v, "attack-data: %v", unwrapPath(err))
				}
			}
		case "fail-level":
			if s, ok := p.str(v, "fail-level"); ok {
				sev, err := lint.ParseSeverity(s)
				if err != nil {
					p.errorf(v, "fail-level: %v", err)
				}
				p.c.FailLevel = sev
			}
		case "quiet":
			if b, ok := p.boolean(v, "quiet"); ok {
				p.c.Quiet = &b
			}
		case "color":
			if s, ok := p.str(v, "color"); ok {
				switch s {
				case "auto", "always", "never":
					p.c.Color = s
				default:
					p.errorf(v, "color: want auto, always or never, got %q", s)
				}
			}
		default:
			p.errorf(k, "unknown key %q (want one of %s)", k.Value, strings.Join(TopKeys, ", "))
		}
	}
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}

func (p *parser) str(n *yaml.Node, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.errorf(n, "%s: want a string, got %s", what, describe(n))
		return "", false
	}
	if n.Value == "" {
		p.errorf(n, "%s: empty", what)
		return "", false
	}
	return n.Value, true
}

func (p *parser) boolean(n *yaml.Node, what string) (bool, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		var b bool
		if err := n.Decode(&b); err == nil {
			return b, true
		}
	}
	p.errorf(n, "%s: want true or false, got %s", what, describe(n))
	return false, false
}

// strings reads a list of strings, or one string.
func (p *parser) strings(n *yaml.Node, what string) []*yaml.Node {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		return []*yaml.Node{n}
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s: want a list of strings, got %s", what, describe(n))
		return nil
	}
	var out []*yaml.Node
	for _, e := range n.Content {
		e = deref(e)
		if e.Kind != yaml.ScalarNode || e.Tag == "!!null" || e.Value == "" {
			p.errorf(e, "%s: want a string, got %s", what, describe(e))
			continue
		}
		out = append(out, e)
	}
	return out
}

func (p *parser) globs(n *yaml.Node, what string) []string {
	var out []string
	for _, e := range p.strings(n, what) {
		g := strings.TrimPrefix(e.Value, "./")
		switch {
		case strings.HasPrefix(g, "/") || filepath.IsAbs(g):
			p.errorf(e, "%s: glob %q must be relative to the configuration file's folder", what, e.Value)
		case !doublestar.ValidatePattern(g):
			p.errorf(e, "%s: invalid glob %q", what, e.Value)
		default:
			out = append(out, g)
		}
	}
	return out
}

func (p *parser) ruleName(n *yaml.Node, what string) bool {
	if _, ok := p.known[n.Value]; !ok {
		p.errorf(n, "%s: unknown rule %q%s (see mdlint rules)", what, n.Value, p.suggest(n.Value))
		return false
	}
	return true
}

// suggest proposes a known rule name close to name.
func (p *parser) suggest(name string) string {
	best, bestD := "", 4
	for k := range p.known {
		if d := textdist.Levenshtein(name, k, bestD); d < bestD || (d == bestD && k < best) {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return "; did you mean " + best + "?"
}

func (p *parser) rules(n *yaml.Node) {
	for _, kv := range p.pairs(n, "rules") {
		k, v := kv[0], kv[1]
		if !p.ruleName(k, "rules") {
			continue
		}
		what := "rules." + k.Value
		var r Rule
		on := true
		switch {
		case v.Kind == yaml.ScalarNode && v.Tag == "!!bool":
			b, _ := p.boolean(v, what)
			r.Enabled = &b
		case v.Kind == yaml.ScalarNode && (v.Value == "on" || v.Value == "off"):
			b := v.Value == "on"
			r.Enabled = &b
		case v.Kind == yaml.ScalarNode && v.Tag == "!!str":
			sev, err := lint.ParseSeverity(v.Value)
			if err != nil {
				p.errorf(v, "%s: want on, off, true, false, error, warning, info or a mapping, got %q", what, v.Value)
				continue
			}
			r.Enabled, r.Severity = &on, sev
		case v.Kind == yaml.MappingNode:
			p.ruleMap(k.Value, v, &r)
		default:
			p.errorf(v, "%s: want on, off, a severity or a mapping, got %s", what, describe(v))
			continue
		}
		p.c.Rules[k.Value] = r
	}
}

// RuleKeys are the keys of a rule's mapping.
var RuleKeys = []string{"enabled", "severity", "options"}

func (p *parser) ruleMap(name string, n *yaml.Node, r *Rule) {
	what := "rules." + name
	for _, kv := range p.pairs(n, what) {
		k, v := kv[0], kv[1]
		switch k.Value {
		case "enabled":
			if b, ok := p.boolean(v, what+".enabled"); ok {
				r.Enabled = &b
			}
		case "severity":
			if s, ok := p.str(v, what+".severity"); ok {
				sev, err := lint.ParseSeverity(s)
				if err != nil {
					p.errorf(v, "%s.severity: %v", what, err)
					continue
				}
				r.Severity = sev
			}
		case "options":
			r.Options = p.options(name, v)
		default:
			p.errorf(k, "%s: unknown key %q (want one of %s)", what, k.Value, strings.Join(RuleKeys, ", "))
		}
	}
}

func (p *parser) options(rule string, n *yaml.Node) map[string]any {
	what := "rules." + rule + ".options"
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	checks := p.schema.Options[rule]
	out := map[string]any{}
	for _, kv := range p.pairs(n, what) {
		k, v := kv[0], kv[1]
		check, ok := checks[k.Value]
		if !ok {
			if len(checks) == 0 {
				p.errorf(k, "%s: rule %s takes no options, got %q", what, rule, k.Value)
			} else {
				names := make([]string, 0, len(checks))
				for o := range checks {
					names = append(names, o)
				}
				sort.Strings(names)
				p.errorf(k, "%s: unknown option %q (want one of %s)", what, k.Value, strings.Join(names, ", "))
			}
			continue
		}
		var val any
		if err := v.Decode(&val); err != nil {
			p.errorf(v, "%s.%s: %v", what, k.Value, err)
			continue
		}
		if err := check(val); err != nil {
			p.errorf(v, "%s.%s: %v", what, k.Value, err)
			continue
		}
		out[k.Value] = val
	}
	return out
}

// ExcludeKeys are the keys of an exclude entry.
var ExcludeKeys = []string{"paths", "rules"}

func (p *parser) exclude(n *yaml.Node) {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "exclude: want a list of {paths, rules}, got %s", describe(n))
		return
	}
	for _, e := range n.Content {
		e = deref(e)
		var ex Exclusion
		var sawPaths, sawRules bool
		for _, kv := range p.pairs(e, "exclude") {
			k, v := kv[0], kv[1]
			switch k.Value {
			case "paths":
				sawPaths = true
				ex.Paths = p.globs(v, "exclude.paths")
			case "rules":
				sawRules = true
				for _, r := range p.strings(v, "exclude.rules") {
					if p.ruleName(r, "exclude.rules") {
						ex.Rules = append(ex.Rules, r.Value)
					}
				}
			default:
				p.errorf(k, "exclude: unknown key %q (want one of %s)", k.Value, strings.Join(ExcludeKeys, ", "))
			}
		}
		if e.Kind == yaml.MappingNode && (!sawPaths || !sawRules) {
			p.errorf(e, "exclude: an entry needs both paths and rules")
		}
		if len(ex.Paths) > 0 && len(ex.Rules) > 0 {
			p.c.Exclude = append(p.c.Exclude, ex)
		}
	}
}

// AttackDataPath is the attack-data file resolved against Dir, or "".
func (c *Config) AttackDataPath() string {
	if c.AttackData == "" || filepath.IsAbs(c.AttackData) {
		return c.AttackData
	}
	return filepath.Join(c.Dir, filepath.FromSlash(c.AttackData))
}

// Matcher answers, for findings of one library root, whether the
// configuration drops them.
type Matcher struct {
	c    *Config
	base string // slash path from c.Dir to the root; "" when the same

	// Drops' answers for the last file it was asked about
	file     string
	cached   bool
	ignored  bool
	excluded map[string]bool // by rule
	// whether a folder or one of its parents matches the ignore globs
	// (-1) or those of exclude entry i
	folders map[folderKey]bool
}

type folderKey struct {
	which int
	dir   string
}

// Matcher returns the matcher for the library at root.
func (c *Config) Matcher(root string) (*Matcher, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(c.Dir, abs)
	if err != nil {
		return nil, err
	}
	rel = filepath.ToSlash(rel)
	if rel == "." {
		rel = ""
	}
	return &Matcher{c: c, base: rel}, nil
}

func (m *Matcher) path(file string) string {
	if m.base == "" {
		return file
	}
	return path.Join(m.base, file)
}

// Ignored reports whether file (a slash path relative to the root)
// matches an ignore glob.
func (m *Matcher) Ignored(file string) bool {
	return file != "" && matchAny(m.c.Ignore, m.path(file))
}

// Excluded reports whether findings of rule in file are excluded.
func (m *Matcher) Excluded(rule, file string) bool {
	if file == "" {
		return false
	}
	return m.excludedBy(rule, m.path(file), func(_ int, globs []string, p string) bool { return matchAny(globs, p) })
}

// excludedBy reports whether an exclude entry naming rule has a glob
// that match (given the entry's index) finds for the path p.
func (m *Matcher) excludedBy(rule, p string, match func(i int, globs []string, p string) bool) bool {
	for i, ex := range m.c.Exclude {
		if slices.Contains(ex.Rules, rule) && match(i, ex.Paths, p) {
			return true
		}
	}
	return false
}

// Drops reports whether the configuration drops the findings of rule in
// file: Ignored(file) or Excluded(rule, file). It keeps the answers for
// the last file asked about (findings come sorted by file) and for every
// folder (the pages of a folder share its parents): matching the globs
// against a path and each of its parents, for each of tens of thousands
// of findings, cost a run on a real library 60 ms. Not safe for
// concurrent use.
func (m *Matcher) Drops(rule, file string) bool {
	if file == "" || len(m.c.Ignore) == 0 && len(m.c.Exclude) == 0 {
		return false
	}
	if !m.cached || file != m.file {
		m.file, m.cached = file, true
		m.ignored = m.matchFolders(-1, m.c.Ignore, m.path(file))
		clear(m.excluded)
	}
	if m.ignored || len(m.c.Exclude) == 0 {
		return m.ignored
	}
	ex, ok := m.excluded[rule]
	if !ok {
		ex = m.excludedBy(rule, m.path(file), m.matchFolders)
		if m.excluded == nil {
			m.excluded = map[string]bool{}
		}
		m.excluded[rule] = ex
	}
	return ex
}

// matchFolders is matchAny(globs, p), with the answers for p's folders
// kept under which: the pages of a folder share them.
func (m *Matcher) matchFolders(which int, globs []string, p string) bool {
	if p == "." || p == "/" || p == "" {
		return false
	}
	for _, g := range globs {
		if ok, _ := doublestar.Match(g, p); ok {
			return true
		}
	}
	dir := path.Dir(p)
	if dir == p {
		return false
	}
	k := folderKey{which, dir}
	v, ok := m.folders[k]
	if !ok {
		v = m.matchFolders(which, globs, dir)
		if m.folders == nil {
			m.folders = map[folderKey]bool{}
		}
		m.folders[k] = v
	}
	return v
}

// matchAny reports whether a glob matches p or one of its parent
// folders, so "DS/Legacy" also covers the pages below it.
func matchAny(globs []string, p string) bool {
	for _, g := range globs {
		for q := p; q != "." && q != "/" && q != ""; q = path.Dir(q) {
			if ok, _ := doublestar.Match(g, q); ok {
				return true
			}
		}
	}
	return false
}
