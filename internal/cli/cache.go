package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"

	"mdlint/internal/cache"
	"mdlint/internal/config"
	"mdlint/lint"
	"mdlint/model"
	"mdlint/parser"
)

// runCache is the --cache warm path: the result of the last run on an
// unchanged library, for the same mdlint, configuration, ATT&CK data and
// arguments, is printed without parsing. See package cache for why it
// can never hide a finding.
type runCache struct {
	c   *cache.Cache
	key string
}

// openCache returns the cache for this run, or nil when caching is off,
// not possible (no user cache folder) or not meaningful (--fix,
// --write-baseline).
func (f *lintFlags) openCache(root string, args []string, cfg *config.Config, s config.Schema, attackFile string) *runCache {
	if !f.cache || f.fixing() || f.writeBaseline != "" {
		return nil
	}
	c, err := cache.Default()
	if err != nil {
		return nil
	}
	if d := os.Getenv("MDLINT_CACHE_DIR"); d != "" {
		c.Dir = d
	}
	var eff bytes.Buffer
	if err := cfg.Print(&eff, s); err != nil {
		return nil
	}
	data := ""
	if attackFile != "" {
		b, err := os.ReadFile(attackFile)
		if err != nil {
			return nil
		}
		sum := sha256.Sum256(b)
		data = hex.EncodeToString(sum[:])
	}
	abs, _ := filepath.Abs(root)
	return &runCache{c: c, key: cache.Key(Version, abs, strings.Join(args, "\x00"), eff.String(), data)}
}

// lookupOrNil returns the cached findings, or ok false (always when rc
// is nil). named are the pages the run names (nil: none), which a lookup
// compares first.
func (rc *runCache) lookupOrNil(root string, need lint.Parts, named map[string]bool) (*cache.Entry, bool) {
	if rc == nil {
		return nil, false
	}
	pages := make([]string, 0, len(named))
	for p := range named {
		pages = append(pages, p)
	}
	return rc.c.Lookup(root, rc.key, need, pages, parser.Options{})
}

// store records the findings of a run of lib, loaded with its
// fingerprint; errors only cost the next run time.
func (rc *runCache) store(root string, lib *model.Library, e *cache.Entry) {
	if lib.Fingerprint == "" {
		return
	}
	e.Key, e.Content, e.Sums = rc.key, lib.Fingerprint, lib.PageSums
	e.Pages = make([]string, len(lib.Pages))
	for i, p := range lib.Pages {
		e.Pages[i] = p.Path
	}
	_ = rc.c.Store(root, e)
}
