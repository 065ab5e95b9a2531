//go:build !unix

package parser

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// readPage reads a page, refusing folders and files over MaxPageSize.
// buf is reused on Unix only.
func readPage(full string, _ []byte) ([]byte, error) {
	f, err := os.Open(full)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", unwrapPath(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", unwrapPath(err))
	}
	if st.IsDir() {
		return nil, errors.New("cannot read: is a directory")
	}
	if st.Size() > MaxPageSize {
		return nil, fmt.Errorf("file too large to check (%d bytes, limit %d)", st.Size(), MaxPageSize)
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxPageSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", unwrapPath(err))
	}
	return b, nil
}
