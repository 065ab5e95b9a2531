package checks

import "unsafe"

// strTable remembers a value for a pair of strings by where their bytes
// are and how long they are, in a fixed number of places (a newer pair
// takes the place of an older one). The parser interns the strings of a
// page (IDs, names, link texts and destinations), so the same pair of
// strings is nearly always the same two pointers, and a lookup costs no
// hash of the bytes. Strings are immutable and the library's stay alive
// while it is checked, so a place can never come back with other bytes.
// A miss costs only the caller's slow path. The zero value is not
// usable: see newStrTable.
type strTable[V any] struct {
	places []strPlace[V]
}

type strPlace[V any] struct {
	a, b   *byte
	na, nb uint32 // longer strings are never kept
	set    bool
	v      V
}

// newStrTable returns a table of n places (a power of two).
func newStrTable[V any](n int) strTable[V] { return strTable[V]{places: make([]strPlace[V], n)} }

func (t *strTable[V]) place(a, b string) *strPlace[V] {
	pa, pb := uintptr(unsafe.Pointer(unsafe.StringData(a))), uintptr(unsafe.Pointer(unsafe.StringData(b)))
	return &t.places[(pa>>3^pb>>5^uintptr(len(a)))&uintptr(len(t.places)-1)]
}

// get returns the value kept for the pair a, b.
func (t *strTable[V]) get(a, b string) (V, bool) {
	p := t.place(a, b)
	if p.set && p.a == unsafe.StringData(a) && p.b == unsafe.StringData(b) && int(p.na) == len(a) && int(p.nb) == len(b) {
		return p.v, true
	}
	var zero V
	return zero, false
}

// put keeps v for the pair a, b.
func (t *strTable[V]) put(a, b string, v V) {
	if len(a) > 1<<31 || len(b) > 1<<31 {
		return
	}
	*t.place(a, b) = strPlace[V]{unsafe.StringData(a), unsafe.StringData(b), uint32(len(a)), uint32(len(b)), true, v}
}
