// Package textdist measures how far two strings are apart, for the "did
// you mean" suggestions of the link and config checks and the typo
// classification of ATT&CK names. One dynamic-programming core serves
// the plain edit distance and the one that also counts adjacent swaps.
package textdist

// Levenshtein returns the edit distance of a and b counted in bytes
// (insertions, deletions, substitutions), or max+1 when it exceeds max.
func Levenshtein(a, b string, max int) int {
	return distance([]byte(a), []byte(b), max, false)
}

// OSA returns the optimal string alignment distance of a and b counted
// in runes (insertions, deletions, substitutions and swaps of adjacent
// runes), or max+1 when it exceeds max.
func OSA(a, b string, max int) int {
	return distance([]rune(a), []rune(b), max, true)
}

func distance[T byte | rune](a, b []T, max int, swaps bool) int {
	if d := len(a) - len(b); d > max || -d > max {
		return max + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			c := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if swaps && i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				c = min(c, prev2[j-2]+1)
			}
			cur[j] = c
			best = min(best, c)
		}
		if best > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], max+1)
}
