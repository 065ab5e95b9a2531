//go:build !unix

package benchcmp

import "os"

// maxRSSKB is 0 where the system does not report peak memory this way.
func maxRSSKB(*os.ProcessState) int64 { return 0 }
