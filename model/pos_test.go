package model

import (
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestCountRunesMatchesUTF8(t *testing.T) {
	for _, s := range []string{"", "a", "↳[x](y)", "MITRE ATT&CK® TTPs ↳ • é", "abcdefgh↳ijklmnop↳qrstuvwx"} {
		assert.Equal(t, utf8.RuneCountInString(s), countRunes([]byte(s)), s)
	}
}

func TestLinesPos(t *testing.T) {
	src := []byte("ab\r\n↳c\rd\n" + string(make([]byte, 1000)) + "↳x")
	l := NewLines(src)
	assert.Equal(t, 4, l.Count())
	assert.Equal(t, Pos{Offset: 0, Line: 1, Col: 1}, l.Pos(0))
	assert.Equal(t, Pos{Offset: 4, Line: 2, Col: 1}, l.Pos(4))
	assert.Equal(t, Pos{Offset: 7, Line: 2, Col: 2}, l.Pos(7)) // after the 3-byte arrow
	assert.Equal(t, Pos{Offset: 9, Line: 3, Col: 1}, l.Pos(9))
	end := len(src)
	assert.Equal(t, Pos{Offset: end, Line: 4, Col: 1000 + 3}, l.Pos(end))
	// out-of-order lookups on a long line give the same answers
	assert.Equal(t, Pos{Offset: 500 + 11, Line: 4, Col: 501}, l.Pos(500+11))
	assert.Equal(t, Pos{Offset: end, Line: 4, Col: 1003}, l.Pos(end+50))
}
