package fix

import (
	"errors"
	"strings"
	"testing"

	"mdlint/lint"
)

// at returns a change replacing the first occurrence of old in src.
func at(t *testing.T, src, old, new string) Change {
	t.Helper()
	i := strings.Index(src, old)
	if i < 0 {
		t.Fatalf("%q not in %q", old, src)
	}
	return Change{Edit: lint.Edit{Start: i, End: i + len(old), New: new, Old: old}}
}

func TestPadCell(t *testing.T) {
	for _, tc := range []struct{ src, old, new, want string }{
		// centred cells (the generator's format) are centred again
		{"|  85   |", "85", "100", "|  100  |"},
		{"|  114  |", "114", "99", "|  99   |"},
		{"|   9   |", "9", "10", "|  10   |"},
		{"|  104  |", "104", "4", "|   4   |"},
		{"|         10         |", "10", "6", "|         6          |"},
		// left-aligned keeps its left padding, right-aligned its right
		{"| 15    |", "15", "5", "| 5     |"},
		{"| 7     |", "7", "1000", "| 1000  |"},
		{"|     7 |", "7", "12", "|    12 |"},
		// no room: the cell grows, one space stays on each side
		{"|  9 |", "9", "12345", "| 12345 |"},
		// same width: only the digits change
		{"|  85   |", "85", "84", "|  84   |"},
		// minimal padding, not a whole cell, or no table row: untouched
		{"| 85 |", "85", "100", "| 100 |"},
		{"| <li>5 Rules</li> |", "5", "12", "| <li>12 Rules</li> |"},
		{"### MITRE Techniques: 104", "104", "4", "### MITRE Techniques: 4"},
		{"x |  85   |", "85", "100", "x |  100   |"},
		{"|  a\\|  85   |", "85", "100", "|  a\\|  100   |"},
		// multi-byte text counts in code points
		{"|  é   |", "é", "ab", "|  ab  |"},
	} {
		src := tc.src
		out, applied, err := ApplyEdits("x.md", []byte(src), []Change{at(t, src, tc.old, tc.new)})
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if string(out) != tc.want {
			t.Errorf("%q: %s -> %s = %q, want %q", src, tc.old, tc.new, out, tc.want)
		}
		if len(applied) != 1 || applied[0].Old != src[applied[0].Start:applied[0].End] {
			t.Errorf("%q: applied %+v", src, applied)
		}
	}
}

func TestPadCellStaysClearOfNeighbours(t *testing.T) {
	src := "|  85   |  3   |"
	a, b := at(t, src, "85", "100"), at(t, src, "3", "12")
	out, _, err := ApplyEdits("x.md", []byte(src), []Change{a, b})
	if err != nil || string(out) != "|  100  |  12  |" {
		t.Errorf("got %q, %v", out, err)
	}
}

func TestApplyEditsKeepsOtherBytes(t *testing.T) {
	// CRLF, a lone CR, trailing spaces, invalid UTF-8 and no final newline
	src := "a  \r\n|  85   |\rb\xff\xfe  \r\nend"
	out, applied, err := ApplyEdits("x.md", []byte(src), []Change{at(t, src, "85", "7")})
	want := "a  \r\n|   7   |\rb\xff\xfe  \r\nend"
	if err != nil || string(out) != want {
		t.Fatalf("got %q, %v; want %q", out, err, want)
	}
	if applied[0].Line != 2 {
		t.Errorf("line = %d, want 2", applied[0].Line)
	}
}

func TestApplyEditsDropsNoOps(t *testing.T) {
	src := "| 85 |"
	out, applied, err := ApplyEdits("x.md", []byte(src), []Change{at(t, src, "85", "85")})
	if err != nil || string(out) != src || len(applied) != 0 {
		t.Errorf("got %q %v %v", out, applied, err)
	}
}

func TestApplyEditsStale(t *testing.T) {
	src := "| 85 |"
	c := at(t, src, "85", "7")
	c.Old = "86"
	_, _, err := ApplyEdits("x.md", []byte(src), []Change{c})
	var se *StaleError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), `hold "85", not "86"`) {
		t.Errorf("err = %v", err)
	}
	c = Change{Edit: lint.Edit{Start: 4, End: 9, New: "x"}}
	if _, _, err := ApplyEdits("x.md", []byte(src), []Change{c}); !errors.As(err, &se) {
		t.Errorf("range past the end: err = %v", err)
	}
}
