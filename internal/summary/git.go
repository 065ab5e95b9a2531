package summary

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
)

// Materialize writes the library folder at dir as it was at git
// revision rev into a new temporary folder, and returns that folder and
// a function that removes it. Only the files a summary reads (Skip) are
// written. It runs git archive in the repository that holds dir.
func Materialize(dir, rev string) (string, func(), error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", nil, err
	}
	top, err := git(abs, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", nil, fmt.Errorf("--base needs %s to be in a git repository: %w", dir, err)
	}
	prefix, err := git(abs, "rev-parse", "--show-prefix")
	if err != nil {
		return "", nil, err
	}
	if strings.HasPrefix(rev, "-") {
		return "", nil, fmt.Errorf("bad revision %q", rev)
	}
	args := []string{"-C", top, "archive", "--format=tar", rev}
	if prefix != "" {
		args = append(args, "--", prefix)
	}
	cmd := exec.Command("git", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	tmp, err := os.MkdirTemp("", "mdlint-base-")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.RemoveAll(tmp) }
	if err := cmd.Start(); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("git archive: %w", err)
	}
	n, xerr := extract(out, tmp, prefix)
	io.Copy(io.Discard, out)
	if err := cmd.Wait(); err != nil {
		cleanup()
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return "", nil, fmt.Errorf("git archive %s: %s", rev, msg)
	}
	if xerr != nil {
		cleanup()
		return "", nil, fmt.Errorf("git archive %s: %w", rev, xerr)
	}
	if n == 0 {
		cleanup()
		return "", nil, fmt.Errorf("%s has no data source pages at %s", dir, rev)
	}
	return tmp, cleanup, nil
}

// extract writes the files of a tar stream below prefix that a summary
// reads into dst, and returns how many it wrote.
func extract(r io.Reader, dst, prefix string) (int, error) {
	tr := tar.NewReader(r)
	n := 0
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		rel, ok := strings.CutPrefix(h.Name, prefix)
		if !ok || rel == "" || !filepath.IsLocal(filepath.FromSlash(rel)) || skipped(rel) {
			continue
		}
		target := filepath.Join(dst, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return n, err
		}
		fh, err := os.Create(target)
		if err != nil {
			return n, err
		}
		_, err = io.Copy(fh, tr)
		if cerr := fh.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return n, err
		}
		n++
	}
}

// skipped reports whether Skip leaves out the file at slash path rel or
// one of its folders.
func skipped(rel string) bool {
	for d := path.Dir(rel); d != "." && d != "/"; d = path.Dir(d) {
		if Skip(d, true) {
			return true
		}
	}
	return Skip(rel, false)
}

func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", errors.New(msg)
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}
