//go:build unix

package fix

import (
	"io/fs"
	"os"
	"syscall"
)

// chown gives the temp file the page's owner and group, where allowed
// (best effort: only root may give a file away).
func chown(f *os.File, st fs.FileInfo) {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		if s.Uid != uint32(os.Getuid()) || s.Gid != uint32(os.Getgid()) {
			f.Chown(int(s.Uid), int(s.Gid))
		}
	}
}
