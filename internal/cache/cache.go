// Package cache keeps the result of the last run per library so that an
// unchanged library is answered without parsing: the warm path of the
// pre-commit hook. An entry is keyed by everything that decides the
// result (mdlint's version, the configuration, the ATT&CK data, the
// selected rules) and holds two fingerprints of the library: one from
// names, sizes and times, and one from every page's bytes. A lookup
// first compares the cheap one and then always confirms with the content
// fingerprint, so no edit, not even one that keeps size and time, can
// be answered from a stale entry.
package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"mdlint/lint"
	"mdlint/parser"
)

// Entry is one cached result.
type Entry struct {
	Key     string            `json:"key"`
	Meta    string            `json:"meta"`
	Content string            `json:"content"`
	Files   int               `json:"files"`
	Diags   []lint.Diagnostic `json:"diagnostics"`
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
	return filepath.Join(c.Dir, Key(abs)[:32]+".gob")
}

// Lookup returns the cached diagnostics of root under key, or ok false.
// It reads every page once (to confirm the content fingerprint) when the
// cheap fingerprint matches.
func (c *Cache) Lookup(root, key string, opts parser.Options) (e *Entry, ok bool) {
	b, err := os.ReadFile(c.file(root))
	if err != nil {
		return nil, false
	}
	var ent Entry
	if gob.NewDecoder(bytes.NewReader(b)).Decode(&ent) != nil || ent.Key != key {
		return nil, false
	}
	meta, err := parser.Fingerprint(root, opts, false)
	if err != nil || meta != ent.Meta {
		return nil, false
	}
	content, err := parser.Fingerprint(root, opts, true)
	if err != nil || content != ent.Content {
		return nil, false
	}
	return &ent, true
}

// Store records the result of a run. Call it with fingerprints taken
// before the run read the library, so an edit made during the run makes
// the entry miss next time rather than hide the edit.
func (c *Cache) Store(root string, e *Entry) error {
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(e); err != nil {
		return err
	}
	b := buf.Bytes()
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

// Fingerprints returns the cheap and the content fingerprint of root.
func Fingerprints(root string, opts parser.Options) (meta, content string, err error) {
	if meta, err = parser.Fingerprint(root, opts, false); err != nil {
		return "", "", err
	}
	content, err = parser.Fingerprint(root, opts, true)
	return meta, content, err
}

// IsNotExist reports whether err means there was no entry.
func IsNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
