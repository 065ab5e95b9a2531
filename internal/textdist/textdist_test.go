package textdist

import "testing"

func TestDistances(t *testing.T) {
	for _, tt := range []struct {
		a, b     string
		max      int
		lev, osa int
	}{
		{"kitten", "sitting", 5, 3, 3},
		{"kitten", "sitting", 1, 2, 2}, // capped at max+1
		{"abc", "abcdef", 1, 2, 2},     // lengths alone exceed max
		{"Interpreter", "Interperter", 4, 2, 1},
		{"ab", "ba", 4, 2, 1},
		{"", "", 0, 0, 0},
		{"é", "e", 4, 2, 1}, // bytes vs runes
		{"Fasing", "Facing", 4, 1, 1},
	} {
		if got := Levenshtein(tt.a, tt.b, tt.max); got != tt.lev {
			t.Errorf("Levenshtein(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.max, got, tt.lev)
		}
		if got := OSA(tt.a, tt.b, tt.max); got != tt.osa {
			t.Errorf("OSA(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.max, got, tt.osa)
		}
	}
}

// The cases the ATT&CK typo check and the link suggestions relied on
// when each had its own copy of the algorithm.
func TestFormerCallers(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"Interperter", "Interpreter", 1},
		{"Exploit Public Fasing Application", "Exploit Public-Facing Application", 2},
		{"abc", "abc", 0},
		{"", "abc", 3},
		{"Remote Access Software", "Remote Access Tools", 5},
	} {
		if got := OSA(tt.a, tt.b, 4); got != tt.want {
			t.Errorf("OSA(%q, %q, 4) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
	if got := OSA("abcdef", "", 2); got != 3 {
		t.Errorf("OSA capped: %d, want 3", got)
	}
	for _, tt := range []struct {
		a, b    string
		k, want int
	}{
		{"kitten", "sitting", 3, 3},
		{"abc", "abcdef", 1, 2},
		{"kitten", "sitting", 1, 2},
	} {
		if got := Levenshtein(tt.a, tt.b, tt.k); got != tt.want {
			t.Errorf("Levenshtein(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.k, got, tt.want)
		}
	}
}
