package model

import (
	"iter"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Kind is the kind of a page.
type Kind string

// Page kinds. The names are part of the JSON model schema (docs/model.md).
const (
	KindUnknown       Kind = "unknown"
	KindDataSource    Kind = "datasource"        // ds_<vendor>_<product>.md and its continuations
	KindRM            Kind = "rm"                // RM/r_m_*.md, Rules_Models/*
	KindCR            Kind = "cr"                // CR/c_r_*.md
	KindParser        Kind = "parser"            // Ps/pC_*.md, Parsers/parserContent_*.md
	KindUseCase       Kind = "usecase"           // UseCases/uc_*.md
	KindIndex         Kind = "index"             // Exabeam Data Sources.md and friends
	KindMitreMap      Kind = "mitremap"          // MitreMap.md
	KindLegacyDS      Kind = "legacy-datasource" // 2020-era DataSources/datasource_*.md
	KindLegacyUseCase Kind = "legacy-usecase"    // 2020-era UseCases/usecase_*.md
)

// Text is a piece of page text with its span. Value is the text as the
// reader sees it (markup and <br> removed, trimmed).
type Text struct {
	Value string `json:"value"`
	Span  Span   `json:"span"`
}

// Link is a Markdown link [Text](Dest).
type Link struct {
	Text     string `json:"text"`
	Dest     string `json:"dest"`      // destination as written (not decoded)
	Span     Span   `json:"span"`      // the whole [text](dest)
	DestSpan Span   `json:"dest_span"` // the destination inside the parentheses
}

// Count is one number in a page (a summary cell, "34 Rules", "MITRE
// Techniques: 88"). Valid is false when the cell did not hold a number;
// Raw keeps what it held.
type Count struct {
	Value int    `json:"value"`
	Valid bool   `json:"valid"`
	Raw   string `json:"raw,omitempty"`
	Span  Span   `json:"span"` // the digits (or the cell when not valid)
}

// Summary is the one-row table Rules | Models | MITRE TTPs | Event
// Types | Parsers found on data source and RM pages.
type Summary struct {
	Rules      *Count `json:"rules,omitempty"`
	Models     *Count `json:"models,omitempty"`
	TTPs       *Count `json:"ttps,omitempty"`
	EventTypes *Count `json:"event_types,omitempty"`
	Parsers    *Count `json:"parsers,omitempty"`
	// Headers as written, e.g. "MITRE ATT&CK® TTPs", "Activity Types".
	Headers []string `json:"headers"`
	Span    Span     `json:"span"`
}

// TTP is a technique token "T1048.003 - Name" (or a heading <b>ID -
// Name</b> on RM pages, or a MitreMap row). NewTTP makes one; Span,
// IDSpan and NameSpan give where the token, its ID and its name are.
type TTP struct {
	ID   string // as written, e.g. T1048.003, TA0010
	Name string // as written after " - "
	at   ttpAt
}

// ParserRef is a parser link ↳[name](Ps/pC_x.md) under an event type.
// Link points into Page.Links, as do the links of use-case and
// MitreMap rows, matrices, content cells and the Next, Product and
// use-case links of a page (the page's links are held once; rows held
// copies, 80 bytes each, until the eighth round of
// docs/performance.md). Index cells and 2020-era lists hold copies, and
// a content cell without a link has one made of its text.
type ParserRef struct {
	Link *Link `json:"link"`
}

// EventType is an event (activity) type of a use-case row with its
// parser links.
type EventType struct {
	Name    Text        `json:"name"`
	Parsers []ParserRef `json:"parsers,omitempty"`
}

// Content is a content link [<ul><li>N Rules</li></ul><ul><li>M
// Models</li></ul>](RM/...) with the numbers it shows.
type Content struct {
	Link   *Link  `json:"link"`
	Rules  *Count `json:"rules,omitempty"`
	Models *Count `json:"models,omitempty"`
}

// UseCaseRow is one row of a data source page's use-case table.
type UseCaseRow struct {
	UseCase    Text        `json:"use_case"`
	UseCaseURL *Link       `json:"use_case_link,omitempty"`
	EventTypes []EventType `json:"event_types,omitempty"`
	TTPs       []TTP       `json:"ttps,omitempty"`
	Content    *Content    `json:"content,omitempty"`
	Span       Span        `json:"span"`
}

// MatrixLink is a technique link in an ATT&CK matrix cell.
type MatrixLink struct {
	Link *Link `json:"link"`
}

// MatrixColumn is one tactic column of an ATT&CK matrix.
type MatrixColumn struct {
	Tactic     Text         `json:"tactic"`
	Techniques []MatrixLink `json:"techniques,omitempty"`
}

// Matrix is an ATT&CK matrix table.
type Matrix struct {
	Title   Text           `json:"title"`
	Columns []MatrixColumn `json:"columns"`
	Span    Span           `json:"span"`
}

// DataSource is the content of a data source page (first page or
// continuation).
type DataSource struct {
	Vendor  Text `json:"vendor"`
	Product Text `json:"product"`
	// PageNumber is 1 for ds_x.md, N for N_ds_x.md.
	PageNumber int `json:"page_number"`
	// Base is the file name of the chain's first page (ds_x.md).
	Base    string       `json:"base"`
	Summary *Summary     `json:"summary,omitempty"`
	Rows    []UseCaseRow `json:"rows,omitempty"`
	// RowsHeader is the use-case table header as written.
	RowsHeader []string `json:"rows_header,omitempty"`
	Next       *Link    `json:"next,omitempty"`
	Matrix     *Matrix  `json:"matrix,omitempty"`
}

// Rule is a rule or model entry "<b>ID</b>: description".
type Rule struct {
	ID   Text   `json:"id"`
	Desc string `json:"desc,omitempty"`
	// TTPs are the indexes into RMRow.TTPs of the heading(s) the rule is
	// listed under: one, or several where headings are glued together
	// (<b>T1 - A</b><b>T2 - B</b>, the 2021 form); none for models.
	TTPs Indexes `json:"ttps,omitzero"`
}

// Indexes are the consecutive indexes First, First+1, ..., First+N-1:
// the headings a rule is listed under always follow one another, and
// two numbers take 8 bytes where a slice header takes 24 (CIM2 lists
// 199k rules). It is written in JSON as the list of the indexes.
type Indexes struct{ First, N int32 }

// IndexRange returns the n indexes from first (none when n <= 0).
func IndexRange(first, n int) Indexes {
	if n <= 0 {
		return Indexes{}
	}
	return Indexes{int32(first), int32(n)}
}

// Len is the number of indexes.
func (x Indexes) Len() int { return int(x.N) }

// IsZero reports whether x holds no index.
func (x Indexes) IsZero() bool { return x.N <= 0 }

// All yields the indexes in order.
func (x Indexes) All() iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := x.First; i < x.First+x.N; i++ {
			if !yield(int(i)) {
				return
			}
		}
	}
}

// Slice returns the indexes as a new slice (nil when none).
func (x Indexes) Slice() []int { return slices.Collect(x.All()) }

// MarshalJSON writes the indexes as a list.
func (x Indexes) MarshalJSON() ([]byte, error) {
	b := []byte{'['}
	for i := range x.All() {
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(i), 10)
	}
	return append(b, ']'), nil
}

// RMRow is one event-type row of a rule/model page.
type RMRow struct {
	EventType Text   `json:"event_type"`
	TTPs      []TTP  `json:"ttps,omitempty"` // headings in the Rules cell
	Rules     []Rule `json:"rules,omitempty"`
	Models    []Rule `json:"models,omitempty"`
	Span      Span   `json:"span"`
}

// CRRow is one row of a correlation-rule page.
type CRRow struct {
	Name      Text   `json:"name"`
	EventType Text   `json:"event_type"`
	Tactic    Text   `json:"tactic"`
	Severity  string `json:"severity,omitempty"`
	Span      Span   `json:"span"`
}

// RM is the content of a rule/model (or correlation-rule) page.
type RM struct {
	Title   Text     `json:"title"`
	Vendor  Text     `json:"vendor"`
	Product *Link    `json:"product,omitempty"`
	UseCase *Link    `json:"use_case,omitempty"`
	Summary *Summary `json:"summary,omitempty"`
	Rows    []RMRow  `json:"rows,omitempty"`
	CRRows  []CRRow  `json:"cr_rows,omitempty"`
}

// ParserField is one "Key = value" line of a parser config block.
type ParserField struct {
	Key   string `json:"key"`
	Value Text   `json:"value"`
}

// Parser is the content of a parser page: the config fields that matter.
type Parser struct {
	Names     []Text `json:"names,omitempty"`
	Vendors   []Text `json:"vendors,omitempty"`
	Products  []Text `json:"products,omitempty"`
	DataTypes []Text `json:"data_types,omitempty"`
}

// UseCaseProductRow is one product row of a use-case page.
type UseCaseProductRow struct {
	Product     *Link       `json:"product,omitempty"`
	ProductText Text        `json:"product_text"`
	EventTypes  []EventType `json:"event_types,omitempty"`
	TTPs        []TTP       `json:"ttps,omitempty"`
	Content     *Content    `json:"content,omitempty"`
	Span        Span        `json:"span"`
}

// UseCaseVendor is a "### Vendor: X" section of a use-case page.
type UseCaseVendor struct {
	Vendor Text                `json:"vendor"`
	Rows   []UseCaseProductRow `json:"rows,omitempty"`
}

// UseCase is the content of a use-case page.
type UseCase struct {
	Title   Text            `json:"title"`
	Vendors []UseCaseVendor `json:"vendors,omitempty"`
}

// Cell is a generic table cell: its text and the links in it.
type Cell struct {
	Text  Text   `json:"text"`
	Links []Link `json:"links,omitempty"`
}

// Table is a generic table (index pages).
type Table struct {
	Header []Cell   `json:"header"`
	Rows   [][]Cell `json:"rows"`
	Span   Span     `json:"span"`
}

// Index is the content of an index page.
type Index struct {
	Title  Text    `json:"title"`
	Tables []Table `json:"tables,omitempty"`
}

// MitreMapRow is a row of MitreMap's TTP table.
type MitreMapRow struct {
	ID    Text   `json:"id"`
	Link  *Link  `json:"link,omitempty"`
	Rules *Count `json:"rules,omitempty"`
	Span  Span   `json:"span"`
}

// MitreMap is the content of MitreMap.md.
type MitreMap struct {
	Techniques    *Count        `json:"techniques,omitempty"`
	SubTechniques *Count        `json:"sub_techniques,omitempty"`
	Matrix        *Matrix       `json:"matrix,omitempty"`
	Rows          []MitreMapRow `json:"rows,omitempty"`
}

// LegacyDS is a 2020-era flat data source list page.
type LegacyDS struct {
	Vendor     Text   `json:"vendor"`
	Product    Text   `json:"product"`
	UseCases   []Link `json:"use_cases,omitempty"`
	EventTypes []Text `json:"event_types,omitempty"`
	Parsers    []Link `json:"parsers,omitempty"`
}

// Malformed is a stretch of a page that looks like a table but is not
// one, or a row whose cell count differs from its header.
type Malformed struct {
	Reason string `json:"reason"`
	Span   Span   `json:"span"`
}

// Comment is an HTML comment <!-- ... --> (suppressions, expectations).
type Comment struct {
	Text string `json:"text"`
	Span Span   `json:"span"`
}

// Page is one file of the library.
type Page struct {
	Path    string `json:"path"` // slash path relative to the library root
	Kind    Kind   `json:"kind"`
	Dialect string `json:"dialect,omitempty"`
	Size    int    `json:"size"`
	// Err is set when the file could not be read or parsed; the other
	// fields are then empty.
	Err string `json:"error,omitempty"`

	DataSource *DataSource `json:"datasource,omitempty"`
	RM         *RM         `json:"rm,omitempty"`
	Parser     *Parser     `json:"parser,omitempty"`
	UseCase    *UseCase    `json:"usecase,omitempty"`
	Index      *Index      `json:"index,omitempty"`
	MitreMap   *MitreMap   `json:"mitremap,omitempty"`
	LegacyDS   *LegacyDS   `json:"legacy_datasource,omitempty"`

	Links     []Link      `json:"links,omitempty"`
	Malformed []Malformed `json:"malformed,omitempty"`
	Comments  []Comment   `json:"comments,omitempty"`

	idx int32 // position in Library.Pages, set by Library.Index
}

// Library is a whole content library.
type Library struct {
	// Root is the root as the user gave it (never made absolute).
	Root  string  `json:"root"`
	Pages []*Page `json:"pages"` // sorted by Path
	// Dirs lists every directory below the root (slash paths, "" for
	// the root), so link checks can tell a link to a folder.
	Dirs []string `json:"-"`
	// Files lists every regular file below the root that is not a page
	// (images, JSON, LICENSE), as slash paths, for link checks.
	Files []string `json:"-"`
	// Errors are problems with the tree itself (unreadable folders,
	// symlink loops) that belong to no page.
	Errors []string `json:"errors,omitempty"`
	// Data holds the bytes of the library's small JSON files (such as
	// resources/mitre_map.json), keyed by slash path, so checks that
	// compare them with the pages never read files themselves.
	Data map[string][]byte `json:"-"`
	// Fingerprint identifies the bytes read, when the loader was asked
	// for it (result caching).
	Fingerprint string `json:"-"`
	// PageSums are, with Fingerprint, the content sum of each page
	// (parser.PageSum), in the order of Pages; for a page that could not
	// be read, the sum of why.
	PageSums [][]byte `json:"-"`

	d        derived
	byPath   map[string]*Page
	foldOnce *sync.Once // byFold is built on first use (FoldMatches)
	byFold   map[string][]string
	dirSet   map[string]bool
	fileSet  map[string]bool
}

// Index builds the lookup tables; call it after Pages and Dirs are set.
func (l *Library) Index() {
	byPath := func(a, b *Page) int { return strings.Compare(a.Path, b.Path) }
	if !slices.IsSortedFunc(l.Pages, byPath) { // the loader's are sorted
		slices.SortFunc(l.Pages, byPath)
	}
	l.byPath = make(map[string]*Page, len(l.Pages))
	for i, p := range l.Pages {
		l.byPath[p.Path] = p
		p.idx = int32(i)
	}
	l.dirSet = make(map[string]bool, len(l.Dirs))
	for _, d := range l.Dirs {
		l.dirSet[d] = true
	}
	l.fileSet = make(map[string]bool, len(l.Files))
	for _, f := range l.Files {
		l.fileSet[f] = true
	}
	// only a link that misses its target needs the case-folded paths:
	// built then, off the serial end of a load
	l.foldOnce, l.byFold = &sync.Once{}, nil
}

// buildFold indexes every page and file path by its lower case.
func (l *Library) buildFold() {
	l.byFold = make(map[string][]string, len(l.Pages)+len(l.Files))
	for _, p := range l.Pages {
		k := strings.ToLower(p.Path)
		l.byFold[k] = append(l.byFold[k], p.Path)
	}
	for _, f := range l.Files {
		k := strings.ToLower(f)
		l.byFold[k] = append(l.byFold[k], f)
	}
}

// Exists reports whether p names a page, another file or a directory.
func (l *Library) Exists(p string) bool {
	return l.byPath[p] != nil || l.fileSet[p] || l.dirSet[p]
}

// Page returns the page at slash path p (exact, case-sensitive), or nil.
func (l *Library) Page(p string) *Page { return l.byPath[p] }

// IsDir reports whether p is a directory of the library.
func (l *Library) IsDir(p string) bool { return l.dirSet[p] }

// FoldMatches returns the pages and files whose path equals p ignoring case.
func (l *Library) FoldMatches(p string) []string {
	if l.foldOnce == nil { // a library that was never indexed
		return nil
	}
	l.foldOnce.Do(l.buildFold)
	return l.byFold[strings.ToLower(p)]
}
