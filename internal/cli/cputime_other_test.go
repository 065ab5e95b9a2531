//go:build !unix

package cli

import "time"

func cpuTime() (user, sys time.Duration) { return 0, 0 }
