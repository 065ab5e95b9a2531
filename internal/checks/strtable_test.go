package checks

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// strTable answers only for the very strings it was given: the same
// bytes elsewhere, or a prefix of the same bytes, are other keys.
func TestStrTable(t *testing.T) {
	tab := newStrTable[int](8)
	id := strings.Repeat("T1566.002", 1)
	name := "Phishing: Spearphishing Link"
	tab.put(id, name, 7)
	v, ok := tab.get(id, name)
	assert.True(t, ok)
	assert.Equal(t, 7, v)

	copyOf := func(s string) string { return string(append([]byte(nil), s...)) }
	_, ok = tab.get(copyOf(id), name)
	assert.False(t, ok, "equal bytes elsewhere")
	_, ok = tab.get(id[:5], name)
	assert.False(t, ok, "a prefix of the same bytes")
	_, ok = tab.get(id, name[:8])
	assert.False(t, ok)
	_, ok = tab.get(name, id)
	assert.False(t, ok, "the pair the other way round")

	// one key, the second string empty; then many keys in few places:
	// each answer is the value put last for that pair, or none
	tab.put(id, "", 1)
	keys := make([]string, 100)
	for i := range keys {
		keys[i] = copyOf(id)
		tab.put(keys[i], "", i)
	}
	for i, k := range keys {
		if v, ok := tab.get(k, ""); ok {
			assert.Equal(t, i, v)
		}
	}
	v, ok = tab.get(keys[99], "")
	assert.True(t, ok, "the last one put")
	assert.Equal(t, 99, v)
}
