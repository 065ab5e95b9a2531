package fix

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// StaleError reports a file whose bytes no longer match what the
// findings were computed from: an edit range past its end, or a range
// that does not hold the edit's Old text.
type StaleError struct {
	File   string
	Reason string
}

func (e *StaleError) Error() string {
	return e.File + " changed since it was read (" + e.Reason + "); not touched"
}

// ApplyEdits applies changes (sorted by Start, not overlapping, as
// Plan.Edits returns them) to src and returns the new bytes and the
// changes as applied: edits that would not change anything are dropped,
// and an edit that replaces all a padded table cell holds keeps the
// cell's width (see padCell). Bytes outside the changes' ranges are
// copied as they are. It fails with a *StaleError when a range lies
// outside src or does not hold its Old text; src is then not to be
// edited at all.
func ApplyEdits(file string, src []byte, changes []Change) ([]byte, []Change, error) {
	for _, c := range changes {
		if c.End > len(src) {
			return nil, nil, &StaleError{file, fmt.Sprintf("edit range %d-%d is past its end at %d", c.Start, c.End, len(src))}
		}
		if c.Old != "" && string(src[c.Start:c.End]) != c.Old {
			return nil, nil, &StaleError{file, fmt.Sprintf("bytes %d-%d hold %q, not %q", c.Start, c.End, clip(src[c.Start:c.End]), clip([]byte(c.Old)))}
		}
	}
	out := make([]byte, 0, len(src)+64)
	var applied []Change
	pos, line, lineAt := 0, 1, 0
	for i, c := range changes {
		lo, hi := pos, len(src)
		if i+1 < len(changes) {
			hi = changes[i+1].Start
		}
		if c.Start < pos || c.End > hi {
			return nil, nil, fmt.Errorf("%s: internal error: overlapping edits reached ApplyEdits", file)
		}
		if e, ok := padCell(src, c, lo, hi); ok {
			c = e
		}
		if string(src[c.Start:c.End]) == c.New {
			continue
		}
		c.Old = string(src[c.Start:c.End])
		line += bytes.Count(src[lineAt:c.Start], newline)
		lineAt = c.Start
		c.Line = line
		out = append(out, src[pos:c.Start]...)
		out = append(out, c.New...)
		pos = c.End
		applied = append(applied, c)
	}
	out = append(out, src[pos:]...)
	return out, applied, nil
}

var newline = []byte{'\n'}

func clip(b []byte) string {
	if len(b) > 40 {
		return string(b[:37]) + "..."
	}
	return string(b)
}

// padCell widens a change that replaces everything a padded table cell
// holds to the whole cell between its pipes, so that the cell keeps its
// width: "|  85   |" set to 100 becomes "|  100  |", not "|  100   |".
// It applies only when the cell sits on one table row line starting with
// "|", has more than one space of padding in all, the old and new text
// hold no pipe or line break, and the widened range stays within
// [lo, hi) (clear of the neighbouring changes). A centred cell (the
// generator's '^' format: left padding = total/2) is centred again; a
// cell with less padding on the right keeps its right padding; otherwise
// the left padding is kept. A side that had a space keeps at least one;
// when the new text does not fit, the cell grows.
func padCell(src []byte, c Change, lo, hi int) (Change, bool) {
	if c.Start == c.End || strings.ContainsAny(c.New, "|\r\n") || bytes.ContainsAny(src[c.Start:c.End], "|\r\n") {
		return c, false
	}
	l := c.Start
	for l > lo && src[l-1] == ' ' {
		l--
	}
	r := c.End
	for r < hi && r < len(src) && src[r] == ' ' {
		r++
	}
	if l == 0 || src[l-1] != '|' || r >= len(src) || src[r] != '|' {
		return c, false
	}
	if l >= 2 && src[l-2] == '\\' {
		return c, false // an escaped pipe is text, not a cell border
	}
	// the line must be a table row that starts with a pipe
	ls := bytes.LastIndexAny(src[:l], "\r\n") + 1
	if t := bytes.TrimLeft(src[ls:l], " "); len(t) == 0 || t[0] != '|' {
		return c, false
	}
	left, right := c.Start-l, r-c.End
	if left+right <= 2 {
		return c, false // minimal padding: nothing to keep
	}
	delta := utf8.RuneCountInString(c.New) - utf8.RuneCount(src[c.Start:c.End])
	if delta == 0 {
		return c, false
	}
	pad := left + right - delta
	var nl, nr int
	switch {
	case left == (left+right)/2:
		nl = pad / 2
		nr = pad - nl
	case right <= left:
		nr = right
		nl = pad - nr
	default:
		nl = left
		nr = pad - nl
	}
	minL, minR := min(left, 1), min(right, 1)
	if nl < minL {
		nr -= minL - nl
		nl = minL
	}
	if nr < minR {
		nl -= minR - nr
		nr = minR
	}
	if nl < minL || nr < minR {
		nl, nr = minL, minR
	}
	c.Start, c.End = l, r
	c.New = strings.Repeat(" ", nl) + c.New + strings.Repeat(" ", nr)
	c.Old = ""
	return c, true
}
