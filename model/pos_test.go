package model

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	end := int32(len(src))
	assert.Equal(t, Pos{Offset: end, Line: 4, Col: 1000 + 3}, l.Pos(int(end)))
	// out-of-order lookups on a long line give the same answers
	assert.Equal(t, Pos{Offset: 500 + 11, Line: 4, Col: 501}, l.Pos(500+11))
	assert.Equal(t, Pos{Offset: end, Line: 4, Col: 1003}, l.Pos(int(end)+50))
}

// Any order of lookups — left-to-right runs as the builders make them,
// jumps back, other lines — gives what a plain scan from the line start
// gives.
func TestLinesPosAnyOrder(t *testing.T) {
	var src []byte
	for i := range 4000 {
		switch {
		case i%700 == 699:
			src = append(src, '\n')
		case i%13 == 0:
			src = append(src, "↳"...)
		case i%29 == 0:
			src = append(src, 0xff) // invalid UTF-8 counts as one column
		default:
			src = append(src, 'a')
		}
	}
	naive := func(off int) Pos {
		ls := bytes.LastIndexByte(src[:off], '\n') + 1
		return Pos{Offset: int32(off), Line: int32(1 + bytes.Count(src[:off], []byte("\n"))), Col: int32(1 + countRunes(src[ls:off]))}
	}
	l := NewLines(src)
	rng := rand.New(rand.NewPCG(3, 4))
	off := 0
	for range 20000 {
		switch rng.IntN(4) {
		case 0:
			off = rng.IntN(len(src) + 1)
		default:
			off = min(len(src), off+rng.IntN(150))
		}
		require.Equal(t, naive(off), l.Pos(off), "offset %d", off)
	}
}

func TestIndexes(t *testing.T) {
	x := IndexRange(3, 2)
	assert.Equal(t, []int{3, 4}, x.Slice())
	assert.Equal(t, 2, x.Len())
	b, err := json.Marshal(struct {
		A Indexes `json:"a,omitzero"`
		B Indexes `json:"b,omitzero"`
	}{A: x, B: IndexRange(7, 0)})
	require.NoError(t, err)
	assert.JSONEq(t, `{"a":[3,4]}`, string(b))
	assert.True(t, IndexRange(5, 0).IsZero())
	assert.Nil(t, Indexes{}.Slice())
}
