package model

import (
	"encoding/json"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

func sp(off, line, col, endOff, endLine, endCol int32) Span {
	return Span{Start: Pos{off, line, col}, End: Pos{endOff, endLine, endCol}}
}

// A TTP gives back the spans it was made with, in the short form and
// in every case that does not fit it.
func TestTTPSpans(t *testing.T) {
	for name, c := range map[string][3]Span{
		"one line":        {sp(100, 3, 40, 128, 3, 66), sp(100, 3, 40, 109, 3, 49), sp(112, 3, 52, 128, 3, 66)},
		"no name":         {sp(5, 1, 6, 10, 1, 11), sp(5, 1, 6, 10, 1, 11), sp(10, 1, 11, 10, 1, 11)},
		"markup in name":  {sp(0, 1, 1, 90, 1, 60), sp(0, 1, 1, 5, 1, 6), sp(8, 1, 9, 90, 1, 60)},
		"zero":            {},
		"only the token":  {sp(7, 2, 1, 12, 2, 6), {}, {}},
		"two lines":       {sp(0, 1, 1, 30, 2, 4), sp(0, 1, 1, 5, 1, 6), sp(8, 2, 1, 30, 2, 4)},
		"far apart":       {sp(0, 1, 1, 70000, 1, 70000), sp(0, 1, 1, 5, 1, 6), sp(8, 1, 9, 70000, 1, 70000)},
		"name before ID":  {sp(50, 1, 51, 60, 1, 61), sp(55, 1, 56, 60, 1, 61), sp(40, 1, 41, 45, 1, 46)},
		"at the far edge": {sp(1, 9, 2, 1+0xffff, 9, 2+0xffff), sp(1, 9, 2, 6, 9, 7), sp(9, 9, 10, 1+0xffff, 9, 2+0xffff)},
	} {
		tt := NewTTP("T1234", "Name", c[0], c[1], c[2])
		require.Equal(t, c[0], tt.Span(), name)
		require.Equal(t, c[1], tt.IDSpan(), name)
		require.Equal(t, c[2], tt.NameSpan(), name)
		b, err := json.Marshal(tt)
		require.NoError(t, err)
		var back TTP
		require.NoError(t, json.Unmarshal(b, &back))
		require.Equal(t, tt.Span(), back.Span(), name)
		require.Equal(t, tt.NameSpan(), back.NameSpan(), name)
	}
	require.LessOrEqual(t, unsafe.Sizeof(TTP{}), uintptr(72), "the short form is the point")
}

// The model's JSON shows a TTP as before it had a short form.
func TestTTPJSON(t *testing.T) {
	b, err := json.Marshal(NewTTP("T1", "N", sp(1, 2, 3, 4, 2, 6), sp(1, 2, 3, 2, 2, 4), sp(3, 2, 5, 4, 2, 6)))
	require.NoError(t, err)
	require.JSONEq(t, `{"id":"T1","name":"N",
		"span":{"start":{"offset":1,"line":2,"column":3},"end":{"offset":4,"line":2,"column":6}},
		"id_span":{"start":{"offset":1,"line":2,"column":3},"end":{"offset":2,"line":2,"column":4}},
		"name_span":{"start":{"offset":3,"line":2,"column":5},"end":{"offset":4,"line":2,"column":6}}}`, string(b))
}
