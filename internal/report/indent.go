package report

import "strconv"

// indentWriter appends JSON as encoding/json's Encoder writes it with
// two-space indentation and HTML escaping off: members and elements on
// lines of their own, "key": value, empty objects and arrays as {} and
// []. The caller writes a document as a sequence of calls: open, then
// key or elem before each member or element, then close.
type indentWriter struct {
	b     []byte
	q     quoter
	depth int
	// empty: the innermost open object or array has nothing in it yet
	empty bool
}

// open starts an object ('{') or an array ('[').
func (j *indentWriter) open(c byte) {
	j.b = append(j.b, c)
	j.depth++
	j.empty = true
}

// close ends the innermost object ('}') or array (']').
func (j *indentWriter) close(c byte) {
	j.depth--
	if !j.empty {
		j.newline()
	}
	j.b = append(j.b, c)
	j.empty = false
}

// elem starts an element of the innermost array.
func (j *indentWriter) elem() {
	if !j.empty {
		j.b = append(j.b, ',')
	}
	j.newline()
	j.empty = false
}

// key starts a member of the innermost object; its value follows.
func (j *indentWriter) key(k string) {
	j.elem()
	j.b = appendJSONString(j.b, k)
	j.b = append(j.b, ':', ' ')
}

// str writes a member whose value is a string.
func (j *indentWriter) str(k, v string) {
	j.key(k)
	j.b = j.q.append(j.b, v)
}

// int writes a member whose value is a number.
func (j *indentWriter) int(k string, v int) {
	j.key(k)
	j.b = strconv.AppendInt(j.b, int64(v), 10)
}

// text writes a member whose value is a SARIF message: {"text": v}.
func (j *indentWriter) text(k, v string) {
	j.key(k)
	j.open('{')
	j.str("text", v)
	j.close('}')
}

const indentSpaces = "                                                                "

func (j *indentWriter) newline() {
	j.b = append(j.b, '\n')
	for n := 2 * j.depth; n > 0; {
		k := min(n, len(indentSpaces))
		j.b = append(j.b, indentSpaces[:k]...)
		n -= k
	}
}
