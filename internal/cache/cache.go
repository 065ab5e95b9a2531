// Package cache keeps the result of the last run per library so that an
// unchanged library is answered without parsing: the warm path of the
// pre-commit hook. An entry is keyed by everything that decides the
// result (mdlint's version, the configuration, the ATT&CK data, the
// selected rules) and holds the content fingerprint of the library (every
// page's bytes) and each page's own sum. A lookup answers only when the
// content fingerprint matches, so no edit, not even one that keeps size
// and time, can be answered from a stale entry; when the run names pages
// (the pre-commit hook names the staged ones), a named page whose bytes
// differ from its sum in the entry is a miss found without reading the
// library.
package cache

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"mdlint/lint"
	"mdlint/parser"
)

// Entry is one cached result.
type Entry struct {
	Key     string
	Content string // the content fingerprint (model.Library.Fingerprint)
	Files   int
	// Pages are the library's pages and Sums their content sums
	// (model.Library.PageSums), 32 bytes each in the same order.
	Pages []string
	Sums  [][]byte
	Diags []lint.Diagnostic
	// Omitted are the parts the findings were built without (a run
	// builds only those its outputs read, lint.RunParts): a lookup
	// that needs one of them misses.
	Omitted lint.Parts
}

// Cache stores entries in a folder.
type Cache struct {
	Dir string
}

// Default returns the cache in the user cache folder, or an error when
// there is none.
func Default() (*Cache, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return nil, err
	}
	return &Cache{Dir: filepath.Join(d, "mdlint")}, nil
}

// Key combines what decides a run's result into one key.
func Key(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:%s\n", len(p), p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (c *Cache) file(root string) string {
	abs, err := filepath.Abs(root)
	if err != nil {
		abs = root
	}
	// ".2": entries hold a header, then the findings (codec.go)
	return filepath.Join(c.Dir, Key(abs)[:32]+".2.gob")
}

// header is what an entry's file holds first: what Lookup compares
// before it decodes the findings, which a miss never needs. The pages
// and their sums are two blobs, decoded as such (a copy each) and split
// only when a run names pages.
type header struct {
	Key, Content string
	Files        int
	Pages        string // joined by NUL, which no file name holds
	Sums         []byte // sumSize bytes a page; zero for a page without
	Omitted      uint8  // Entry.Omitted (absent, zero, in entries before it)
}

// sumSize is the size of a page's content sum (parser.PageSum).
const sumSize = 32

// Lookup returns the cached diagnostics of root under key, with at least
// the parts need, or ok false. named are pages the run names (slash
// paths relative to root): when one of them differs from the entry, the
// lookup misses without reading the library; otherwise it reads every
// page once to confirm the content fingerprint.
func (c *Cache) Lookup(root, key string, need lint.Parts, named []string, opts parser.Options) (e *Entry, ok bool) {
	fh, err := os.Open(c.file(root))
	if err != nil {
		return nil, false
	}
	defer fh.Close()
	dec := gob.NewDecoder(bufio.NewReaderSize(fh, 64<<10))
	var h header
	if dec.Decode(&h) != nil || h.Key != key || lint.Parts(h.Omitted)&need != 0 {
		return nil, false
	}
	index := h.index()
	if len(named) > 0 && h.changed(root, named, index) {
		return nil, false
	}
	// the whole library, stopping at the first page that is not the
	// entry's: a miss need not read every page
	content, err := parser.FingerprintUnless(root, opts, func(rel string, sum []byte) bool {
		return !h.same(index, rel, sum)
	})
	if err != nil || content != h.Content {
		return nil, false
	}
	ent := h.entry()
	if ent.Diags, err = readFindings(dec); err != nil {
		return nil, false
	}
	return ent, true
}

// entry is the entry h heads, without its pages and findings.
func (h *header) entry() *Entry {
	return &Entry{Key: h.Key, Content: h.Content, Files: h.Files, Omitted: lint.Parts(h.Omitted)}
}

// readFindings reads an entry's findings, which follow its header.
func readFindings(dec *gob.Decoder) ([]lint.Diagnostic, error) {
	var blob []byte
	if err := dec.Decode(&blob); err != nil {
		return nil, err
	}
	return decodeDiags(blob)
}

// changed reports whether one of the named pages is not the page the
// entry summed: not in it, or other bytes. A page that cannot be read
// is left to the content fingerprint.
func (h *header) changed(root string, named []string, index map[string]int) bool {
	for _, p := range named {
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			continue
		}
		if !h.same(index, p, parser.PageSum(src)) {
			return true
		}
	}
	return false
}

// index numbers the entry's pages.
func (h *header) index() map[string]int {
	index := map[string]int{}
	if h.Pages != "" {
		for i, p := range strings.Split(h.Pages, "\x00") {
			index[p] = i
		}
	}
	return index
}

// same reports whether the page rel has the content sum it had in the
// entry.
func (h *header) same(index map[string]int, rel string, sum []byte) bool {
	i, ok := index[rel]
	return ok && (i+1)*sumSize <= len(h.Sums) && bytes.Equal(h.Sums[i*sumSize:(i+1)*sumSize], sum)
}

// Store records the result of a run. Call it with the fingerprint and
// sums the run took of the bytes it read, so that an edit made during
// the run makes the entry miss next time rather than hide the edit.
func (c *Cache) Store(root string, e *Entry) error {
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return err
	}
	b, err := EncodeEntry(e)
	if err != nil {
		return err
	}
	f := c.file(root)
	tmp, err := os.CreateTemp(c.Dir, ".entry-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), f)
}

// EncodeEntry returns e as an entry's file holds it: its header, then
// its findings.
func EncodeEntry(e *Entry) ([]byte, error) {
	h := header{Key: e.Key, Content: e.Content, Files: e.Files, Pages: strings.Join(e.Pages, "\x00"), Omitted: uint8(e.Omitted)}
	h.Sums = make([]byte, sumSize*len(e.Pages))
	for i, s := range e.Sums {
		if i < len(e.Pages) && len(s) == sumSize {
			copy(h.Sums[i*sumSize:], s)
		}
	}
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	if err := enc.Encode(h); err != nil {
		return nil, err
	}
	if err := enc.Encode(encodeDiags(e.Diags)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// DecodeEntry reads what EncodeEntry writes.
func DecodeEntry(b []byte) (*Entry, error) {
	dec := gob.NewDecoder(bytes.NewReader(b))
	var h header
	if err := dec.Decode(&h); err != nil {
		return nil, err
	}
	e := h.entry()
	if h.Pages != "" {
		e.Pages = strings.Split(h.Pages, "\x00")
	}
	for i := range e.Pages {
		if (i+1)*sumSize <= len(h.Sums) {
			e.Sums = append(e.Sums, h.Sums[i*sumSize:(i+1)*sumSize])
		}
	}
	var err error
	if e.Diags, err = readFindings(dec); err != nil {
		return nil, err
	}
	return e, nil
}
