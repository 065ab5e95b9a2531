//go:build !linux

package cli

// adviseHugePages does nothing outside Linux.
func adviseHugePages(int) {}
