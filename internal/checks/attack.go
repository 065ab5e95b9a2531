package checks

import (
	"fmt"
	"hash/maphash"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"mdlint/internal/attack"
	"mdlint/internal/navigator"
	"mdlint/internal/textdist"
	"mdlint/lint"
	"mdlint/model"
)

// Names of the ATT&CK rules.
const (
	RuleAttackIDFormat    = "attack-id-format"
	RuleAttackUnknownID   = "attack-unknown-id"
	RuleAttackTactic      = "attack-tactic-as-technique"
	RuleAttackMissingName = "attack-missing-name"
	RuleAttackName        = "attack-name-mismatch"
	RuleAttackRevoked     = "attack-revoked"
	RuleAttackDeprecated  = "attack-deprecated"
	RuleAttackURL         = "attack-url"
	RuleMatrixPlacement   = "matrix-placement"
	RuleMatrixCoverage    = "matrix-coverage"
	RuleMatrixLinkText    = "matrix-link-text"
	RuleMitreMapCount     = "mitremap-count"
)

// attackChecks returns the ATT&CK rules. They check against opts.Attack
// (nil: the built-in catalog) and use the built-in table of older names
// (attack.OldNames), the built-in catalog when opts.Attack is another
// release, and opts.Older to tell an outdated official name from a
// typo. Nothing is loaded until a check runs.
//
// The rules that look at single TTP tokens, matrix links and MitreMap
// rows share one pass over the library (computed by whichever of them
// runs first); matrix-coverage and mitremap-count compare whole tables.
func attackChecks(opts Options) []*lint.Check {
	a := &attackSet{opts: opts}
	shared := func(name, doc string, sev lint.Severity) *lint.Check {
		// the cost of the shared scan, which the first of them to run pays
		return &lint.Check{Name: name, Doc: doc, Severity: sev, Cost: 50, Run: func(pass *lint.Pass) {
			// shared: the scan's findings are kept in the library's
			// memos, and lint.Run copies them
			if c := a.findings(pass.Library, pass.Parts())[name]; c != nil {
				for _, ch := range c.chunks {
					pass.ReportShared(ch)
				}
			}
		}}
	}
	return []*lint.Check{
		shared(RuleAttackIDFormat, "a TTP whose ID is not an ATT&CK technique ID (T1234 or T1234.001)", lint.Error),
		shared(RuleAttackUnknownID, "a well-formed technique ID that the ATT&CK release does not have", lint.Error),
		shared(RuleAttackTactic, "a tactic ID (TA0010) listed where a technique belongs", lint.Error),
		shared(RuleAttackMissingName, "a TTP whose name is its ID (T1547.001 - T1547.001)", lint.Warning),
		shared(RuleAttackName, "a TTP name that is not the official name of its ID (typo or outdated name)", lint.Error),
		shared(RuleAttackRevoked, "a technique that the ATT&CK release revoked", lint.Error),
		shared(RuleAttackDeprecated, "a technique that the ATT&CK release deprecated", lint.Warning),
		shared(RuleAttackURL, "an attack.mitre.org link that does not lead to the page of the ID or name it is shown for", lint.Error),
		shared(RuleMatrixPlacement, "a matrix technique under a tactic column it does not belong to, or a column that is no tactic", lint.Error),
		{Name: RuleMatrixCoverage, Doc: "a product's matrix and its TTP column list different techniques", Severity: lint.Error, Cost: 18, Run: a.runCoverage},
		shared(RuleMatrixLinkText, "a matrix link whose text is not the official name of the technique it links", lint.Error),
		{Name: RuleMitreMapCount, Doc: "a MitreMap count (techniques, sub-techniques, rules per TTP) differs from what the pages list", Severity: lint.Error,
			Cost: 13, Also: []lint.Rule{dedupeRule}, Run: a.runMitreMapCount},
	}
}

// idName is a technique ID with a name written for it.
type idName struct{ id, name string }

// attackSet holds what the ATT&CK rules share: the catalog, what other
// releases say; the findings of each library are kept in its memos.
type attackSet struct {
	opts Options

	init      sync.Once
	cat       *attack.Catalog
	release   string              // "ATT&CK v18.1"
	others    map[idName][]string // official names in other releases -> those releases ("10.1")
	elsewhere map[string]string   // IDs of other releases that cat lacks -> "T1659 Content Injection in ATT&CK v18.1"
	byName    map[string][]string // every known name (cat's and other releases') -> technique IDs
	baseOf    map[string][]string // base names of sub-techniques -> their IDs

}

// attackMemo keys the findings of one attackSet in a library's memos,
// by the parts of them that the run builds.
type attackMemo struct {
	a     *attackSet
	parts lint.Parts
}

// setup resolves the catalog and indexes the other releases' names.
func (a *attackSet) setup() {
	a.init.Do(func() {
		a.cat = a.opts.Attack
		if a.cat == nil {
			a.cat = attack.Default()
		}
		a.release = releaseName(a.cat.Version)
		a.others = map[idName][]string{}
		a.elsewhere = map[string]string{}
		a.byName = map[string][]string{}
		a.baseOf = map[string][]string{}
		addName := func(name, id string) {
			if !slices.Contains(a.byName[name], id) {
				a.byName[name] = append(a.byName[name], id)
			}
		}
		for _, t := range a.cat.Techniques() {
			addName(t.Name, t.ID)
			if t.IsSub {
				a.baseOf[t.BaseName] = append(a.baseOf[t.BaseName], t.ID)
			}
		}
		addOther := func(id, name, version string) {
			if version == a.cat.Version {
				return
			}
			if t, ok := a.cat.Technique(id); ok && t.Name == name {
				return
			}
			k := idName{id, name}
			if !slices.Contains(a.others[k], version) {
				a.others[k] = append(a.others[k], version)
			}
			addName(name, id)
			if _, ok := a.cat.Technique(id); !ok {
				if _, seen := a.elsewhere[id]; !seen {
					a.elsewhere[id] = fmt.Sprintf("%s %s in %s", id, name, releaseName(version))
				}
			}
		}
		// The built-in table names older releases relative to the
		// built-in catalog; it is true of any catalog, since it only
		// records what those releases called each ID.
		for _, o := range attack.OldNames() {
			addOther(o.ID, o.Name, o.Version)
		}
		older := a.opts.Older
		if d := attack.Default(); d != a.cat && d.Version != a.cat.Version {
			older = append([]*attack.Catalog{d}, older...)
		}
		for _, c := range older {
			if c == nil {
				continue
			}
			for _, t := range c.Techniques() {
				addOther(t.ID, t.Name, c.Version)
			}
		}
		for _, vs := range a.others {
			sort.Slice(vs, func(i, j int) bool { return versionLess(vs[i], vs[j]) })
		}
	})
}

func releaseName(v string) string {
	if v == "" {
		return "ATT&CK (release unknown)"
	}
	return "ATT&CK v" + v
}

// versionLess orders releases numerically ("9.0" < "10.1").
func versionLess(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, err1 := strconv.Atoi(as[i])
		y, err2 := strconv.Atoi(bs[i])
		if err1 != nil || err2 != nil {
			return a < b
		}
		if x != y {
			return x < y
		}
	}
	return len(as) < len(bs)
}

// findings returns the shared rules' findings for lib by rule, computing
// them once per library.
func (a *attackSet) findings(lib *model.Library, parts lint.Parts) map[string]*diagChunks {
	a.setup()
	return lib.Memo(attackMemo{a, parts}, func() any {
		s := newAttackScan(a, parts)
		s.scan(lib)
		return s.out
	}).(map[string]*diagChunks)
}

func newAttackScan(a *attackSet, parts lint.Parts) *attackScan {
	return &attackScan{a: a, parts: parts, out: map[string]*diagChunks{}, cache: map[string]*idVerdicts{},
		recent: newStrTable[*verdict](256), links: newStrTable[*linkFacts](512), tactics: columnTactics{}}
}

// verdict is what one distinct (ID, name) pair is found to be. It is
// computed once and shared by every token with that pair.
type verdict struct {
	format    string // attack-id-format message
	formatFix string // the ID it likely means
	tactic    string // attack-tactic-as-technique message
	unknown   string // attack-unknown-id message
	unknownTo string // the ID the name belongs to, for an unsafe fix
	tech      *attack.Technique
	missing   string // attack-missing-name message
	mismatch  string // attack-name-mismatch message
	revoked   string
	replace   *attack.Technique // the one live replacement of a revoked technique
	deprec    string
	fine      bool // nothing to report: a live technique with its name
}

type attackScan struct {
	a       *attackSet
	parts   lint.Parts // what the findings carry: keys, edits
	out     map[string]*diagChunks
	cache   map[string]*idVerdicts // by ID
	recent  strTable[*verdict]     // by ID and name (see verdict)
	links   strTable[*linkFacts]   // matrix links (see link)
	tactics columnTactics
	file    string
	// matrix-link-text messages by link text and ID (linkTextMsg)
	linkMsgs map[[2]string]string

	// Finding keys: the keys of the current page, the key being built,
	// and the block the keys are cut from.
	keys  keySet
	kb    []byte
	arena byteArena
	// blocks the findings' fixes are cut from (see oneFix)
	fixes []lint.Fix
	edits []lint.Edit
}

// tokCtx names where a token is, for finding keys: the row's kind and
// identity ("row", use case) and the token's ID.
type tokCtx struct{ kind, row, id string }

// report records a finding of rule on the current page. Its key, when
// the run builds keys, is rule|page|kind:row|id[|extra], with "#n"
// added to the n-th repeat.
func (s *attackScan) report(rule string, ctx tokCtx, extra string, d lint.Diagnostic) {
	d.File = s.file
	if s.parts&lint.PartKey != 0 {
		d.Key = s.key(rule, ctx, extra)
	}
	c := s.out[rule]
	if c == nil {
		c = &diagChunks{}
		s.out[rule] = c
	}
	c.add(d)
}

// key returns the key of a finding of rule on the current page.
func (s *attackScan) key(rule string, ctx tokCtx, extra string) string {
	b := append(s.kb[:0], rule...)
	b = append(append(b, '|'), s.file...)
	b = append(append(b, '|'), ctx.kind...)
	b = append(append(b, ':'), ctx.row...)
	b = append(append(b, '|'), ctx.id...)
	if extra != "" {
		b = append(append(b, '|'), extra...)
	}
	var key string
	if n := s.keys.add(b); n > 1 {
		key = s.arena.string(strconv.AppendInt(append(b, '#'), int64(n), 10))
	} else {
		key = s.arena.string(b)
		s.keys.keep(key)
	}
	s.kb = b[:0]
	return key
}

// keySet counts the repeats of finding keys on one page, so that the
// n-th repeat of a key gets "#n". It is a table of hashes that the next
// page reuses by clearing only the slots it used: a Go map costs more
// per key, and clearing one costs its whole capacity, on each of
// thousands of pages.
type keySet struct {
	seed  maphash.Seed
	slots []keySlot // a power of two, at most half full
	used  []int32   // the slots in use
	keys  []string  // the keys, by keySlot.i-1
	n     []int32   // how many times the page has had each key, as keys
}

type keySlot struct {
	h uint64
	i int32 // 1 + index in keys; 0: empty
}

// add counts key and returns how many times the page has had it. A new
// key must then be handed to keep, as a string that stays as it is.
func (k *keySet) add(key []byte) int {
	if 2*(len(k.used)+1) > len(k.slots) {
		k.grow()
	}
	h := maphash.Bytes(k.seed, key)
	mask := uint64(len(k.slots) - 1)
	for j := h & mask; ; j = (j + 1) & mask {
		sl := &k.slots[j]
		if sl.i == 0 {
			sl.h, sl.i = h, int32(len(k.keys)+1)
			k.used = append(k.used, int32(j))
			k.keys = append(k.keys, "") // set by keep
			k.n = append(k.n, 1)
			return 1
		}
		if sl.h == h && k.keys[sl.i-1] == string(key) {
			k.n[sl.i-1]++
			return int(k.n[sl.i-1])
		}
	}
}

// keep sets the string of the key add took last.
func (k *keySet) keep(key string) { k.keys[len(k.keys)-1] = key }

// grow doubles the table (at least 64 slots) and places the keys again.
func (k *keySet) grow() {
	if k.slots == nil {
		k.seed = maphash.MakeSeed()
	}
	old := k.slots
	k.slots = make([]keySlot, max(64, 2*len(old)))
	mask := uint64(len(k.slots) - 1)
	k.used = k.used[:0]
	for _, sl := range old {
		if sl.i == 0 {
			continue
		}
		j := sl.h & mask
		for k.slots[j].i != 0 {
			j = (j + 1) & mask
		}
		k.slots[j] = sl
		k.used = append(k.used, int32(j))
	}
}

// reset empties the set for the next page.
func (k *keySet) reset() {
	for _, j := range k.used {
		k.slots[j] = keySlot{}
	}
	k.used, k.keys, k.n = k.used[:0], k.keys[:0], k.n[:0]
}

// oneFix returns []Fix{f} with f.Edits = []Edit{e...}, cut from blocks
// shared by the scan's findings instead of two allocations each (the
// scan has tens of thousands). The slices are capped: an append to
// them copies. In a run without edits it returns lint.OmittedFixes.
func (s *attackScan) oneFix(f lint.Fix, e ...lint.Edit) []lint.Fix {
	if s.parts&lint.PartEdits == 0 {
		return lint.OmittedFixes()
	}
	if len(s.edits)+len(e) > cap(s.edits) {
		s.edits = make([]lint.Edit, 0, max(256, len(e)))
	}
	n := len(s.edits)
	s.edits = append(s.edits, e...)
	f.Edits = s.edits[n:len(s.edits):len(s.edits)]
	if len(s.fixes) == cap(s.fixes) {
		s.fixes = make([]lint.Fix, 0, 256)
	}
	s.fixes = append(s.fixes, f)
	return s.fixes[len(s.fixes)-1 : len(s.fixes) : len(s.fixes)]
}

// byteArena makes strings out of large blocks, one allocation for many
// short strings that live as long as one another (finding keys). A
// block is never written again where a string was cut from it.
type byteArena struct{ block []byte }

func (a *byteArena) string(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > cap(a.block)-len(a.block) {
		a.block = make([]byte, 0, max(32<<10, len(b)))
	}
	n := len(a.block)
	a.block = append(a.block, b...)
	return unsafe.String(&a.block[n], len(b))
}

// diagChunks collects findings in fixed-size chunks, which the rule's
// check hands to lint.Run as they are: a rule can have ten thousand
// findings, and growing one slice that far allocates several times its
// final size.
type diagChunks struct {
	chunks [][]lint.Diagnostic
}

func (c *diagChunks) add(d lint.Diagnostic) {
	if len(c.chunks) == 0 || len(c.chunks[len(c.chunks)-1]) == cap(c.chunks[len(c.chunks)-1]) {
		size := 64
		if len(c.chunks) > 0 {
			size = min(2*cap(c.chunks[len(c.chunks)-1]), 2048)
		}
		c.chunks = append(c.chunks, make([]lint.Diagnostic, 0, size))
	}
	last := &c.chunks[len(c.chunks)-1]
	*last = append(*last, d)
}

func (s *attackScan) scan(lib *model.Library) {
	for _, p := range lib.Pages {
		s.file = p.Path
		s.keys.reset()
		switch {
		case p.DataSource != nil:
			for i := range p.DataSource.Rows {
				row := &p.DataSource.Rows[i]
				for j := range row.TTPs {
					s.ttp(tokCtx{kind: "row", row: row.UseCase.Value}, &row.TTPs[j])
				}
			}
			if m := p.DataSource.Matrix; m != nil {
				s.matrix(m)
			}
		case p.RM != nil:
			for i := range p.RM.Rows {
				row := &p.RM.Rows[i]
				for j := range row.TTPs {
					s.ttp(tokCtx{kind: "event", row: row.EventType.Value}, &row.TTPs[j])
				}
			}
		case p.UseCase != nil:
			for _, v := range p.UseCase.Vendors {
				kind := "vendor:" + v.Vendor.Value + "|product"
				for i := range v.Rows {
					row := &v.Rows[i]
					for j := range row.TTPs {
						s.ttp(tokCtx{kind: kind, row: row.ProductText.Value}, &row.TTPs[j])
					}
				}
			}
		case p.MitreMap != nil:
			if m := p.MitreMap.Matrix; m != nil {
				s.matrix(m)
			}
			for i := range p.MitreMap.Rows {
				s.mitreMapRow(&p.MitreMap.Rows[i])
			}
		}
	}
}

// linkFacts is what a matrix link's destination and text say, the same
// for every link with both: matrices repeat the same few hundred links.
type linkFacts struct {
	kind, id string
	ok       bool              // the destination is an ATT&CK page
	t        *attack.Technique // the technique linked, when the release has it
	// the text is the name of techniques other than the one linked
	otherName bool
}

// link returns the facts of a matrix link, computed once per distinct
// destination and text (by where their interned bytes are, as verdict).
func (s *attackScan) link(dest, text string) *linkFacts {
	if f, ok := s.links.get(dest, text); ok {
		return f
	}
	f := &linkFacts{}
	f.kind, f.id, f.ok = attack.ParseAttackURL(dest)
	if f.ok && f.kind == attack.KindTechnique {
		if t, ok := s.a.cat.Technique(f.id); ok {
			f.t = t
			names := s.a.byName[text]
			f.otherName = len(names) > 0 && !slices.Contains(names, f.id)
		}
	}
	s.links.put(dest, text, f)
	return f
}

// columnTactics is Catalog.TacticByName for matrix column headers,
// looked up once per distinct header (nil: the header is no tactic).
type columnTactics map[string]*attack.Tactic

func (m columnTactics) get(cat *attack.Catalog, h string) (*attack.Tactic, bool) {
	if t, ok := m[h]; ok {
		return t, t != nil
	}
	t, ok := cat.TacticByName(h)
	m[h] = t
	return t, ok
}

// idVerdicts caches the verdicts of the names written for one ID: the
// first name seen (nearly always the only one) and a map for the rest.
type idVerdicts struct {
	name string
	v    *verdict
	more map[string]*verdict
}

// verdict classifies one (ID, name) pair, once per distinct pair. The
// cache is keyed by the short ID, so a token costs one small hash and
// one string comparison.
func (s *attackScan) verdict(id, name string) *verdict {
	if v, ok := s.recent.get(id, name); ok {
		return v
	}
	v := s.verdictOf(id, name)
	s.recent.put(id, name, v)
	return v
}

// verdictOf is verdict without the recent entries.
func (s *attackScan) verdictOf(id, name string) *verdict {
	e := s.cache[id]
	if e == nil {
		e = &idVerdicts{name: name, v: s.a.classify(id, name)}
		s.cache[id] = e
		return e.v
	}
	if name == e.name {
		return e.v
	}
	if v, ok := e.more[name]; ok {
		return v
	}
	if e.more == nil {
		e.more = map[string]*verdict{}
	}
	v := s.a.classify(id, name)
	e.more[name] = v
	return v
}

func (a *attackSet) classify(id, name string) *verdict {
	v := &verdict{}
	rel := a.release
	switch {
	case attack.IsTacticID(id):
		if tac, ok := a.cat.Tactic(id); ok {
			v.tactic = fmt.Sprintf("%s is the tactic %s, not a technique (%s)", id, tac.Name, rel)
		} else {
			v.tactic = fmt.Sprintf("%s is a tactic ID, not a technique ID; no tactic has it in %s", id, rel)
		}
		return v
	case !attack.IsTechniqueID(id):
		if id == "" {
			v.format = fmt.Sprintf("TTP `%s` has no technique ID; IDs look like T1234 or T1234.001 (%s)", name, rel)
		} else {
			v.format = fmt.Sprintf("`%s` is not a technique ID; IDs look like T1234 or T1234.001 (%s)", id, rel)
		}
		if fix := fixID(id); fix != "" {
			v.format += "; did you mean " + fix + "?"
			v.formatFix = fix
		}
		return v
	}
	t, ok := a.cat.Technique(id)
	if !ok {
		v.unknown = fmt.Sprintf("%s is not a technique in %s", id, rel)
		if e, ok := a.elsewhere[id]; ok {
			v.unknown += "; it is " + e
		}
		if ids := a.liveByName(name); len(ids) == 1 && ids[0] != id {
			v.unknown += fmt.Sprintf("; `%s` is the name of %s", name, ids[0])
			v.unknownTo = ids[0]
		}
		return v
	}
	v.tech = t
	switch {
	case name == id:
		v.missing = fmt.Sprintf("%s is written without its name; the official name is `%s` (%s)", id, t.Name, rel)
	case name == "":
		v.missing = fmt.Sprintf("%s has no name; the official name is `%s` (%s)", id, t.Name, rel)
	case name != "" && name != t.Name:
		v.mismatch = fmt.Sprintf("%s is named `%s` but its official name is `%s` (%s)%s", id, name, t.Name, rel, a.why(t, name))
	}
	if t.Revoked {
		v.revoked, v.replace = a.revokedMsg(t)
	}
	if t.Deprecated && !t.Revoked {
		v.deprec = fmt.Sprintf("%s %s is deprecated in %s and has no replacement", id, t.Name, rel)
	}
	v.fine = v.missing == "" && v.mismatch == "" && v.revoked == "" && v.deprec == ""
	return v
}

// liveByName returns the IDs of the catalog's techniques with that name
// (current or older), live ones first.
func (a *attackSet) liveByName(name string) []string {
	ids := a.byName[name]
	var live []string
	for _, id := range ids {
		if t, ok := a.cat.Technique(id); ok && !t.Revoked && !t.Deprecated {
			live = append(live, id)
		}
	}
	if len(live) > 0 {
		return live
	}
	return ids
}

// revokedMsg describes a revoked technique and returns its replacement
// when there is exactly one live one.
func (a *attackSet) revokedMsg(t *attack.Technique) (string, *attack.Technique) {
	msg := fmt.Sprintf("%s %s is revoked in %s", t.ID, t.Name, a.release)
	var repl []*attack.Technique
	for _, id := range t.RevokedBy {
		r, ok := a.cat.Technique(id)
		for i := 0; ok && r.Revoked && len(r.RevokedBy) == 1 && i < 10; i++ {
			r, ok = a.cat.Technique(r.RevokedBy[0])
		}
		if ok && !slices.Contains(repl, r) {
			repl = append(repl, r)
		}
	}
	if len(repl) == 0 {
		return msg + " and has no replacement", nil
	}
	parts := make([]string, len(repl))
	for i, r := range repl {
		parts[i] = r.ID + " " + r.Name
	}
	msg += "; it was replaced by " + strings.Join(parts, " and ")
	if len(repl) == 1 && !repl[0].Revoked {
		return msg, repl[0]
	}
	return msg, nil
}

// why explains how name differs from t's official name: an official
// name of another release, a typo, another technique's name.
func (a *attackSet) why(t *attack.Technique, name string) string {
	if vs := a.others[idName{t.ID, name}]; len(vs) > 0 {
		var older, newer []string
		for _, v := range vs {
			if versionLess(v, a.cat.Version) || a.cat.Version == "" {
				older = append(older, "v"+v)
			} else {
				newer = append(newer, "v"+v)
			}
		}
		if len(older) > 0 {
			return ": an older official name (ATT&CK " + strings.Join(older, ", ") + ")"
		}
		return ": the official name in a newer release (ATT&CK " + strings.Join(newer, ", ") + ")"
	}
	if strings.EqualFold(name, t.Name) {
		return ": a typo (letter case)"
	}
	if t.IsSub && name == t.BaseName {
		return ": the sub-technique's own name without its parent's"
	}
	if ids := a.byName[name]; len(ids) > 0 {
		return fmt.Sprintf(": `%s` is the name of %s", name, strings.Join(ids, ", "))
	}
	if ids := a.baseOf[name]; len(ids) > 0 {
		return fmt.Sprintf(": `%s` is the name of sub-technique %s", name, strings.Join(ids, ", "))
	}
	if d := textdist.OSA(name, t.Name, 4); d <= typoLimit(t.Name) {
		return ": a typo"
	}
	if seg := doubled(name, t.Name); seg != "" {
		return fmt.Sprintf(": a typo (`%s` written twice)", seg)
	}
	return ""
}

// typoLimit is the edit distance up to which a name counts as a typo of
// official.
func typoLimit(official string) int {
	if utf8.RuneCountInString(official) >= 24 {
		return 3
	}
	return 2
}

// doubled reports the segment that name has in excess of official when
// name is official with a word sequence repeated ("Create Account:
// Create: Local Account"), or "".
func doubled(name, official string) string {
	if len(name) <= len(official) {
		return ""
	}
	p := 0
	for p < len(official) && name[p] == official[p] {
		p++
	}
	// back up to a word start
	for p > 0 && name[p-1] != ' ' {
		p--
	}
	extra := len(name) - len(official)
	if name[:p]+name[p+extra:] != official {
		return ""
	}
	seg := name[p : p+extra]
	w := strings.TrimFunc(seg, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if w == "" || !strings.Contains(official, w) {
		return ""
	}
	return strings.TrimSpace(seg)
}

// fixID returns the technique ID a malformed one plainly means (letter
// case, "/" for "."), or "".
func fixID(id string) string {
	f := strings.ToUpper(strings.TrimSpace(id))
	f = strings.Replace(f, "/", ".", 1)
	if f != id && attack.IsTechniqueID(f) {
		return f
	}
	return ""
}

// ttp checks one "ID - Name" token.
func (s *attackScan) ttp(ctx tokCtx, t *model.TTP) {
	v := s.verdict(t.ID, t.Name)
	if v.fine {
		return // most tokens: their spans are not worked out
	}
	nameSpan := t.NameSpan()
	editable := int(nameSpan.End.Offset-nameSpan.Start.Offset) == len(t.Name)
	s.token(ctx, v, t.ID, t.IDSpan(), t.Name, nameSpan, editable)
}

// token reports the verdict of one token: ID at idSpan, name at
// nameSpan (editable when the span holds exactly the name).
func (s *attackScan) token(ctx tokCtx, v *verdict, id string, idSpan model.Span, name string, nameSpan model.Span, editable bool) {
	if v.fine {
		return // the common case: nothing to say
	}
	ctx.id = id
	switch {
	case v.format != "":
		d := lint.Diagnostic{Span: idSpan, Message: v.format}
		if v.formatFix != "" {
			d.Fixes = s.oneFix(lint.Fix{Message: "write " + v.formatFix}, lint.Replace(s.file, idSpan, v.formatFix))
		}
		s.report(RuleAttackIDFormat, ctx, "", d)
		return
	case v.tactic != "":
		s.report(RuleAttackTactic, ctx, "", lint.Diagnostic{Span: idSpan, Message: v.tactic})
		return
	case v.unknown != "":
		d := lint.Diagnostic{Span: idSpan, Message: v.unknown}
		if v.unknownTo != "" {
			d.Fixes = s.oneFix(lint.Fix{Message: "write " + v.unknownTo, Unsafe: true}, lint.Replace(s.file, idSpan, v.unknownTo))
		}
		s.report(RuleAttackUnknownID, ctx, "", d)
		return
	}
	t := v.tech
	nameFix := func() []lint.Fix {
		if !editable {
			return nil
		}
		return s.oneFix(lint.Fix{Message: "use the official name"}, lint.Replace(s.file, nameSpan, t.Name))
	}
	if v.missing != "" {
		d := lint.Diagnostic{Span: nameSpan, Message: v.missing}
		if name != "" {
			d.Fixes = nameFix()
		} else {
			d.Span = idSpan
		}
		s.report(RuleAttackMissingName, ctx, "", d)
	}
	if v.mismatch != "" {
		s.report(RuleAttackName, ctx, name, lint.Diagnostic{Span: nameSpan, Message: v.mismatch, Fixes: nameFix()})
	}
	if v.revoked != "" {
		d := lint.Diagnostic{Span: idSpan, Message: v.revoked}
		if r := v.replace; r != nil && editable {
			d.Fixes = s.oneFix(lint.Fix{Message: "replace with " + r.ID + " " + r.Name, Unsafe: true},
				lint.Replace(s.file, idSpan, r.ID),
				lint.Replace(s.file, nameSpan, r.Name))
		}
		s.report(RuleAttackRevoked, ctx, "", d)
	}
	if v.deprec != "" {
		s.report(RuleAttackDeprecated, ctx, "", lint.Diagnostic{Span: idSpan, Message: v.deprec})
	}
}

// linkTextMsg is the matrix-link-text message for a link written text
// that leads to technique t (id), made once per distinct pair: every
// product's matrix repeats the same few links.
func (s *attackScan) linkTextMsg(text, id string, t *attack.Technique) string {
	k := [2]string{text, id}
	if m, ok := s.linkMsgs[k]; ok {
		return m
	}
	a := s.a
	m := fmt.Sprintf("matrix link text `%s` for %s is not its official name `%s` (%s)%s", text, id, t.Name, a.release, a.why(t, text))
	if text == id {
		m = fmt.Sprintf("matrix link text is the ID %s instead of its official name `%s` (%s)", id, t.Name, a.release)
	}
	if s.linkMsgs == nil {
		s.linkMsgs = map[[2]string]string{}
	}
	s.linkMsgs[k] = m
	return m
}

// linkTextSpan returns the span of a link's text when the link is
// written [text](dest) on one line and the text holds no markup.
func linkTextSpan(l *model.Link) (model.Span, bool) {
	start, end := l.Span.Start.Offset+1, l.DestSpan.Start.Offset-2
	if l.Span.Start.Line != l.DestSpan.Start.Line || int(end-start) != len(l.Text) || l.Text == "" {
		return l.Span, false
	}
	s := model.Span{Start: model.Pos{Offset: start, Line: l.Span.Start.Line, Col: l.Span.Start.Col + 1}}
	s.End = model.Pos{Offset: end, Line: s.Start.Line, Col: s.Start.Col + int32(utf8.RuneCountInString(l.Text))}
	return s, true
}

// attackSitePath returns the path of an attack.mitre.org URL without
// query, fragment and trailing slash ("/techniques/TA0001").
func attackSitePath(u string) (string, bool) {
	rest := u
	switch {
	case len(rest) >= 8 && strings.EqualFold(rest[:8], "https://"):
		rest = rest[8:]
	case len(rest) >= 7 && strings.EqualFold(rest[:7], "http://"):
		rest = rest[7:]
	default:
		return "", false
	}
	const host = "attack.mitre.org"
	if len(rest) < len(host) || !strings.EqualFold(rest[:len(host)], host) {
		return "", false
	}
	rest = rest[len(host):]
	if rest != "" && rest[0] != '/' {
		return "", false
	}
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i]
	}
	return strings.TrimSuffix(rest, "/"), true
}

func techniqueURL(id string) string { return "https://attack.mitre.org" + attack.TechniqueURLPath(id) }
func tacticURL(id string) string    { return "https://attack.mitre.org/tactics/" + id }

func (s *attackScan) destFix(l *model.Link, url string) []lint.Fix {
	return s.oneFix(lint.Fix{Message: "link " + url}, lint.Replace(s.file, l.DestSpan, url))
}

// mitreMapRow checks a row "| T1003 | [Name](https://attack.mitre.org/techniques/T1003) | 5 |".
func (s *attackScan) mitreMapRow(r *model.MitreMapRow) {
	id := r.ID.Value
	name, nameSpan, editable := "", r.ID.Span, false
	if r.Link != nil {
		name = r.Link.Text
		nameSpan, editable = linkTextSpan(r.Link)
	}
	s.token(tokCtx{kind: "row"}, s.verdict(id, name), id, r.ID.Span, name, nameSpan, editable)
	if r.Link == nil {
		return
	}
	l := r.Link
	kind, uid, ok := attack.ParseAttackURL(l.Dest)
	switch {
	case ok && uid == id:
		return
	case ok:
		d := lint.Diagnostic{Span: l.DestSpan, Message: fmt.Sprintf("the link of row %s leads to the %s page of %s (%s)", id, strings.TrimSuffix(kind, "s"), uid, s.a.release)}
		switch {
		case attack.IsTechniqueID(id):
			d.Fixes = s.destFix(l, techniqueURL(id))
		case attack.IsTacticID(id):
			d.Fixes = s.destFix(l, tacticURL(id))
		}
		s.report(RuleAttackURL, tokCtx{kind: "row", id: id}, "", d)
	default:
		s.badAttackURL(tokCtx{kind: "row", id: id}, l, id)
	}
}

// badAttackURL reports a link that should lead to the ATT&CK page of id
// but does not parse as a technique or tactic page.
func (s *attackScan) badAttackURL(key tokCtx, l *model.Link, id string) {
	p, onSite := attackSitePath(l.Dest)
	if rest, ok := strings.CutPrefix(p, "/techniques/"); onSite && ok && attack.IsTacticID(rest) {
		msg := fmt.Sprintf("%s is a tactic ID but is linked under /techniques/; tactic pages are under /tactics/", rest)
		if tac, ok := s.a.cat.Tactic(rest); ok {
			msg = fmt.Sprintf("%s is the tactic %s but is linked under /techniques/; tactic pages are under /tactics/ (%s)", rest, tac.Name, s.a.release)
		} else {
			msg += " (" + s.a.release + ")"
		}
		s.report(RuleAttackURL, key, "", lint.Diagnostic{Span: l.DestSpan, Message: msg, Fixes: s.destFix(l, tacticURL(rest))})
		return
	}
	d := lint.Diagnostic{Span: l.DestSpan}
	if onSite {
		d.Message = fmt.Sprintf("`%s` is not the page of a technique or tactic (%s)", l.Dest, s.a.release)
	} else {
		d.Message = fmt.Sprintf("`%s` is not an attack.mitre.org technique page (%s)", l.Dest, s.a.release)
	}
	switch {
	case attack.IsTechniqueID(id):
		d.Message += "; expected " + techniqueURL(id)
		d.Fixes = s.destFix(l, techniqueURL(id))
	case attack.IsTacticID(id):
		d.Message += "; expected " + tacticURL(id)
		d.Fixes = s.destFix(l, tacticURL(id))
	}
	s.report(RuleAttackURL, key, "", d)
}

// matrix checks the links of an ATT&CK matrix: where they lead, their
// text, their column.
func (s *attackScan) matrix(m *model.Matrix) {
	a := s.a
	for ci := range m.Columns {
		col := &m.Columns[ci]
		tac, known := s.tactics.get(a.cat, col.Tactic.Value)
		if !known {
			msg := fmt.Sprintf("matrix column `%s` is not a tactic of %s", col.Tactic.Value, a.release)
			var fixes []lint.Fix
			if near := a.nearTactic(col.Tactic.Value); near != nil {
				msg += "; did you mean " + near.Name + "?"
				fixes = []lint.Fix{{Message: "write " + near.Name, Edits: []lint.Edit{lint.Replace(s.file, col.Tactic.Span, near.Name)}}}
			}
			if len(col.Techniques) > 0 {
				msg += "; its techniques are not checked"
			}
			s.report(RuleMatrixPlacement, tokCtx{kind: "column", row: col.Tactic.Value}, "", lint.Diagnostic{Span: col.Tactic.Span, Message: msg, Fixes: fixes})
		}
		for li := range col.Techniques {
			l := col.Techniques[li].Link
			key := tokCtx{kind: "matrix", id: l.Dest}
			f := s.link(l.Dest, l.Text)
			kind, id, ok := f.kind, f.id, f.ok
			if !ok || kind != attack.KindTechnique {
				textIDs := a.liveByName(l.Text)
				want := ""
				if len(textIDs) == 1 {
					want = textIDs[0]
				}
				if ok {
					d := lint.Diagnostic{Span: l.DestSpan, Message: fmt.Sprintf("matrix link `%s` leads to the tactic page of %s; matrix cells list techniques (%s)", l.Text, id, a.release)}
					if want != "" {
						d.Fixes = s.destFix(l, techniqueURL(want))
					}
					s.report(RuleAttackURL, key, "", d)
				} else {
					s.badAttackURL(key, l, want)
				}
				continue
			}
			t := f.t
			if t == nil {
				msg := fmt.Sprintf("matrix link `%s` leads to %s, which is not a technique in %s", l.Text, id, a.release)
				if e, ok := a.elsewhere[id]; ok {
					msg += "; it is " + e
				}
				d := lint.Diagnostic{Span: l.DestSpan, Message: msg}
				if textIDs := a.liveByName(l.Text); len(textIDs) == 1 {
					d.Fixes = s.destFix(l, techniqueURL(textIDs[0]))
				}
				s.report(RuleAttackUnknownID, key, "", d)
				continue
			}
			if f.otherName {
				textIDs := a.liveByName(l.Text)
				d := lint.Diagnostic{Span: l.DestSpan, Message: fmt.Sprintf("matrix link text `%s` is the name of %s but the link leads to %s %s (%s)", l.Text, strings.Join(textIDs, ", "), id, t.Name, a.release)}
				if len(textIDs) == 1 {
					d.Fixes = s.destFix(l, techniqueURL(textIDs[0]))
				}
				s.report(RuleAttackURL, key, "", d)
				continue
			}
			if l.Text != t.Name {
				d := lint.Diagnostic{Span: l.Span, Message: s.linkTextMsg(l.Text, id, t)}
				if sp, ok := linkTextSpan(l); ok {
					d.Span = sp
					d.Fixes = s.oneFix(lint.Fix{Message: "use the official name"}, lint.Replace(s.file, sp, t.Name))
				}
				s.report(RuleMatrixLinkText, key, "", d)
			}
			if t.Revoked {
				msg, r := a.revokedMsg(t)
				d := lint.Diagnostic{Span: l.DestSpan, Message: "matrix link: " + msg}
				if sp, ok := linkTextSpan(l); ok && r != nil {
					d.Fixes = s.oneFix(lint.Fix{Message: "replace with " + r.ID + " " + r.Name, Unsafe: true},
						lint.Replace(s.file, sp, r.Name),
						lint.Replace(s.file, l.DestSpan, techniqueURL(r.ID)))
				}
				s.report(RuleAttackRevoked, key, "", d)
			} else if t.Deprecated {
				s.report(RuleAttackDeprecated, key, "", lint.Diagnostic{Span: l.DestSpan, Message: fmt.Sprintf("matrix link: %s %s is deprecated in %s and has no replacement", id, t.Name, a.release)})
			}
			if known && len(t.Tactics) > 0 && !slices.Contains(t.Tactics, tac.ShortName) {
				s.report(RuleMatrixPlacement, key, tac.ShortName, lint.Diagnostic{Span: l.Span,
					Message: fmt.Sprintf("%s %s is in the %s column, but %s places it under %s", id, t.Name, tac.Name, a.release, a.tacticNames(t.Tactics))})
			}
		}
	}
}

// tacticNames lists the display names of tactic short names.
func (a *attackSet) tacticNames(shorts []string) string {
	names := make([]string, 0, len(shorts))
	for _, sn := range shorts {
		if t, ok := a.cat.TacticByShortName(sn); ok {
			names = append(names, t.Name)
		} else {
			names = append(names, sn)
		}
	}
	return strings.Join(names, ", ")
}

// nearTactic returns the tactic whose name is closest to a misspelled
// column header, if one is close.
func (a *attackSet) nearTactic(h string) *attack.Tactic {
	h = strings.ToLower(strings.Join(strings.Fields(h), " "))
	var best *attack.Tactic
	bestD := 4
	for _, t := range a.cat.Tactics() {
		if d := textdist.OSA(h, strings.ToLower(t.Name), 3); d < bestD {
			best, bestD = t, d
		}
	}
	return best
}

// runCoverage compares each product's matrix (on its first page) with
// the techniques of its use-case rows, and MitreMap's matrix with its
// TTP table.
func (a *attackSet) runCoverage(pass *lint.Pass) {
	a.setup()
	lib := pass.Library
	var listed []listedTTP
	cs := &coverageScratch{ids: idFlags{num: map[string]int32{}, recent: newStrTable[int32](1024)}, columns: map[string]*model.MatrixColumn{}, tactics: columnTactics{}, dests: newStrTable[string](512)}
	for _, pr := range lib.Products() {
		first := pr.First()
		if first == nil || first.DataSource.Matrix == nil {
			continue
		}
		listed = listed[:0]
		for _, p := range pr.Pages {
			for i := range p.DataSource.Rows {
				for j := range p.DataSource.Rows[i].TTPs {
					listed = append(listed, listedTTP{t: &p.DataSource.Rows[i].TTPs[j], file: p.Path, sep: " - "})
				}
			}
		}
		a.coverage(pass, cs, first.Path, first.DataSource.Matrix, listed, "the use-case rows list")
	}
	for _, p := range lib.Pages {
		if p.MitreMap == nil || p.MitreMap.Matrix == nil || len(p.MitreMap.Rows) == 0 {
			continue
		}
		listed = listed[:0]
		rows := make([]model.TTP, len(p.MitreMap.Rows)) // the rows as TTPs, for listed
		for i, r := range p.MitreMap.Rows {
			name := ""
			lt := listedTTP{t: &rows[i], file: p.Path}
			if r.Link != nil {
				lt.sep, name = " | ", r.Link.Text
			}
			rows[i] = model.NewTTP(r.ID.Value, name, r.ID.Span, model.Span{}, model.Span{})
			listed = append(listed, lt)
		}
		a.coverage(pass, cs, p.Path, p.MitreMap.Matrix, listed, "the TTP table lists")
	}
}

// listedTTP is a technique listed in file as t.ID+sep+t.Name (the text
// is built only for a finding: a product lists hundreds).
type listedTTP struct {
	t         *model.TTP
	file, sep string
}

// coverageScratch holds what coverage reuses from product to product.
type coverageScratch struct {
	ids     idFlags
	columns map[string]*model.MatrixColumn
	links   []matrixLink // the matrix's technique links, each parsed once
	tactics columnTactics
	dests   strTable[string] // matrix link destinations -> technique ID or ""
}

// techniqueDest returns the technique a matrix link leads to, parsing
// each distinct destination once.
func (cs *coverageScratch) techniqueDest(dest string) (string, bool) {
	id, ok := cs.dests.get(dest, "")
	if !ok {
		if kind, tid, ok := attack.ParseAttackURL(dest); ok && kind == attack.KindTechnique {
			id = tid
		}
		cs.dests.put(dest, "", id)
	}
	return id, id != ""
}

// idFlags holds covFlags by technique ID for one matrix: the IDs are
// numbered once for the whole run, and the flags are a slice that the
// next matrix reuses by clearing the places it used.
type idFlags struct {
	num     map[string]int32 // ID -> number
	recent  strTable[int32]  // by where the ID's bytes are
	flags   []uint8          // by number
	touched []int32          // numbers whose flags are set
}

// at returns the flags of id, to read and set.
func (f *idFlags) at(id string) *uint8 {
	i, ok := f.recent.get(id, "")
	if !ok {
		if i, ok = f.num[id]; !ok {
			i = int32(len(f.num))
			f.num[id] = i
			f.flags = append(f.flags, 0)
		}
		f.recent.put(id, "", i)
	}
	fl := &f.flags[i]
	if *fl == 0 {
		f.touched = append(f.touched, i)
	}
	return fl
}

// clear resets every flag.
func (f *idFlags) clear() {
	for _, i := range f.touched {
		f.flags[i] = 0
	}
	f.touched = f.touched[:0]
}

// matrixLink is a matrix link to a technique page and the technique ID.
type matrixLink struct {
	id string
	l  *model.Link
}

// Flags of coverageScratch.ids.
const (
	covInMatrix uint8 = 1 << iota
	covListed
	covParent
	covDone // reported or checked
)

func (a *attackSet) coverage(pass *lint.Pass, cs *coverageScratch, file string, m *model.Matrix, listed []listedTTP, source string) {
	cs.ids.clear()
	clear(cs.columns)
	ids, columns := &cs.ids, cs.columns
	cs.links = cs.links[:0]
	for ci := range m.Columns {
		col := &m.Columns[ci]
		if tac, ok := cs.tactics.get(a.cat, col.Tactic.Value); ok {
			if columns[tac.ShortName] == nil {
				columns[tac.ShortName] = col
			}
		}
		for li := range col.Techniques {
			l := col.Techniques[li].Link
			if id, ok := cs.techniqueDest(l.Dest); ok {
				*ids.at(id) |= covInMatrix
				cs.links = append(cs.links, matrixLink{id, l})
			}
		}
	}
	for _, lt := range listed {
		*ids.at(lt.t.ID) |= covListed
		if p := attack.ParentID(lt.t.ID); p != "" {
			*ids.at(p) |= covParent
		}
	}
	for _, lt := range listed {
		id := lt.t.ID
		f := ids.at(id)
		if *f&(covDone|covInMatrix) != 0 || !attack.IsTechniqueID(id) {
			continue
		}
		*f |= covDone
		t, ok := a.cat.Technique(id)
		if !ok {
			continue // attack-unknown-id
		}
		// The column the technique belongs in; a technique whose
		// tactics have no column (Reconnaissance, Resource Development
		// in a 12-column matrix) cannot be shown and is not reported.
		var col *model.MatrixColumn
		for _, sn := range t.Tactics {
			if c := columns[sn]; c != nil {
				col = c
				break
			}
		}
		if col == nil {
			continue
		}
		pass.Report(lint.Diagnostic{
			File: file, Span: col.Tactic.Span,
			Key:     coverageKey(pass, file, "missing", id),
			Message: source + " " + id + " " + t.Name + " but the matrix does not show it (expected under " + strings.TrimSpace(col.Tactic.Value) + ", " + a.release + ")",
			Related: []lint.Related{{File: lt.file, Span: lt.t.Span(), Message: "listed here as `" + id + lt.sep + lt.t.Name + "`"}},
		})
	}
	for _, ml := range cs.links {
		id, l := ml.id, ml.l
		f := ids.at(id)
		if *f&(covListed|covParent|covDone) != 0 {
			continue
		}
		*f |= covDone
		name := l.Text
		if t, ok := a.cat.Technique(id); ok {
			name = t.Name
		}
		pass.Report(lint.Diagnostic{
			File: file, Span: l.Span,
			Key:     coverageKey(pass, file, "extra", id),
			Message: "the matrix shows " + id + " " + name + " but " + source + " neither it nor one of its sub-techniques (" + a.release + ")",
		})
	}
}

// coverageKey is the key of a matrix-coverage finding, when the run
// builds keys.
func coverageKey(pass *lint.Pass, file, kind, id string) string {
	if !pass.Wants(lint.PartKey) {
		return ""
	}
	return RuleMatrixCoverage + "|" + file + "|" + kind + "|" + id
}

// runMitreMapCount checks MitreMap's "MITRE Techniques: N" and "MITRE
// Sub-techniques: N" against its TTP table, and each row's Rules count
// against the distinct rule IDs listed under that TTP on the RM pages.
func (a *attackSet) runMitreMapCount(pass *lint.Pass) {
	lib := pass.Library
	var maps []*model.Page
	for _, p := range lib.Pages {
		if p.MitreMap != nil {
			maps = append(maps, p)
		}
	}
	if len(maps) == 0 {
		return
	}
	// the distinct rule IDs under each TTP heading over the RM pages
	cov := headingsOf(lib)
	rulesOf := func(id string) []string {
		i, ok := slices.BinarySearchFunc(cov, id, func(c navigator.Coverage, id string) int { return strings.Compare(c.ID, id) })
		if !ok {
			return nil
		}
		return cov[i].Rules
	}
	for _, p := range maps {
		mm := p.MitreMap
		key := RuleMitreMapCount + "|" + p.Path + "|"
		var techs, subs, tactics []string
		seen := map[string]bool{}
		for _, r := range mm.Rows {
			id := r.ID.Value
			if seen[id] {
				continue
			}
			seen[id] = true
			switch {
			case attack.IsTacticID(id):
				tactics = append(tactics, id)
			case attack.ParentID(id) != "":
				subs = append(subs, id)
			case attack.IsTechniqueID(id):
				techs = append(techs, id)
			}
		}
		if c := mm.Techniques; c != nil && c.Valid && c.Value != len(techs) {
			msg := fmt.Sprintf("MitreMap says %d techniques but its TTP table lists %d technique rows", c.Value, len(techs))
			if len(tactics) > 0 && c.Value == len(techs)+len(tactics) {
				msg += fmt.Sprintf("; %d counts its %d tactic rows (%s) as techniques", c.Value, len(tactics), quoteList(tactics))
			}
			pass.Report(lint.Diagnostic{File: p.Path, Span: c.Span, Key: key + "techniques", Message: msg, Fixes: numberFix(p.Path, c, len(techs))})
		}
		if c := mm.SubTechniques; c != nil && c.Valid && c.Value != len(subs) {
			pass.Report(lint.Diagnostic{File: p.Path, Span: c.Span, Key: key + "sub-techniques",
				Message: fmt.Sprintf("MitreMap says %d sub-techniques but its TTP table lists %d sub-technique rows", c.Value, len(subs)),
				Fixes:   numberFix(p.Path, c, len(subs))})
		}
		for i := range mm.Rows {
			r := &mm.Rows[i]
			if r.Rules == nil {
				continue
			}
			id := r.ID.Value
			items := rulesOf(id)
			countCheck{
				pass:     pass,
				claim:    "MitreMap says",
				page:     p,
				label:    "rules for " + id,
				count:    r.Rules,
				items:    items, // distinct and sorted: the order across pages is unknown, so not ordered
				distinct: len(items),
				source:   "the RM pages list",
				key:      [3]string{key, "rules|", id},
			}.run()
		}
	}
}
