package cache

import (
	"bytes"
	"encoding/gob"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"mdlint/internal/checks"
	"mdlint/lint"
	"mdlint/model"
	"mdlint/parser"
)

func codecSpan(a, b, c, d, e, f int32) model.Span {
	return model.Span{Start: model.Pos{Offset: a, Line: b, Col: c}, End: model.Pos{Offset: d, Line: e, Col: f}}
}

// codecDiags are findings with every field set and unset, repeated and
// awkward strings, negative and large numbers.
func codecDiags() []lint.Diagnostic {
	return []lint.Diagnostic{
		{},
		{File: "a.md", Span: codecSpan(1, 2, 3, 4, 5, 6), Rule: "r", Severity: lint.Error, Message: "m", Key: "r|a.md|x"},
		{File: "a.md", Span: codecSpan(-1, 0, 2147483647, -2147483648, 7, 8), Rule: "r", Severity: lint.Severity(-3), Message: "bad \xff\x00 é ↳ \n",
			Related: []lint.Related{{File: "b.md", Span: codecSpan(9, 9, 9, 9, 9, 9), Message: "here"}, {}},
			Fixes:   []lint.Fix{{Message: "fix", Unsafe: true, Edits: []lint.Edit{{File: "a.md", Start: 3, End: 1 << 40, New: "n", Old: "o"}, {}}}, {Message: "none"}},
			Key:     "k"},
		{File: "b.md", Rule: "r", Message: "m", Key: "r|a.md|x"},
	}
}

// What encodeDiags writes, decodeDiags reads back, field for field.
func TestCodecRoundTrip(t *testing.T) {
	for _, ds := range [][]lint.Diagnostic{nil, codecDiags()} {
		got, err := decodeDiags(encodeDiags(ds))
		require.NoError(t, err)
		if len(ds) == 0 {
			require.Empty(t, got)
			continue
		}
		require.Equal(t, ds, got)
	}
}

// The findings of a real library come back as they were, in a quarter
// of gob's size.
func TestCodecCorpus(t *testing.T) {
	root := "../../../shared/corpus/CIM2"
	if _, err := os.Stat(root); err != nil {
		t.Skipf("real corpus not present (%v); skipping", err)
	}
	lib, err := parser.LoadLibrary(root, parser.Options{})
	require.NoError(t, err)
	ds := lint.Run(lib, checks.All(checks.Options{}))
	b := encodeDiags(ds)
	got, err := decodeDiags(b)
	require.NoError(t, err)
	require.Equal(t, len(ds), len(got))
	for i := range ds {
		if len(ds[i].Related) == 0 {
			ds[i].Related = nil
		}
		if len(ds[i].Fixes) == 0 {
			ds[i].Fixes = nil
		}
		require.Equal(t, ds[i], got[i], "finding %d", i)
	}
	t.Logf("%d findings in %d bytes", len(ds), len(b))
	require.Less(t, len(b), 8<<20)
}

// Damaged bytes are an error, never a panic nor a huge allocation.
func TestCodecCorrupt(t *testing.T) {
	good := encodeDiags(codecDiags())
	for i := range len(good) {
		_, _ = decodeDiags(good[:i])
		bad := append([]byte(nil), good...)
		bad[i] ^= 0xff
		_, _ = decodeDiags(bad)
	}
	_, err := decodeDiags(good[:len(good)-1])
	require.Error(t, err)
	_, err = decodeDiags(append(good, 0))
	require.Error(t, err, "trailing bytes")
	_, err = decodeDiags([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f})
	require.Error(t, err, "a count larger than the bytes")
}

func FuzzDecodeDiags(f *testing.F) {
	f.Add(encodeDiags(codecDiags()))
	f.Add([]byte{})
	f.Add([]byte{1, 0, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		ds, err := decodeDiags(b)
		if err != nil {
			return
		}
		// what decodes, encodes and decodes to the same findings
		again, err := decodeDiags(encodeDiags(ds))
		require.NoError(t, err)
		require.Equal(t, len(ds), len(again))
	})
}

// BenchmarkCodec encodes and decodes CIM2's findings, as a store and a
// hit do, in this form and with encoding/gob (the form until the
// seventh round).
func BenchmarkCodec(b *testing.B) {
	root := "../../../shared/corpus/CIM2"
	if _, err := os.Stat(root); err != nil {
		b.Skipf("real corpus not present (%v); skipping", err)
	}
	lib, err := parser.LoadLibrary(root, parser.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ds := lint.Run(lib, checks.All(checks.Options{}))
	enc := encodeDiags(ds)
	var gobbed bytes.Buffer
	if err := gob.NewEncoder(&gobbed).Encode(ds); err != nil {
		b.Fatal(err)
	}
	b.Run("encode", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(enc)))
		for b.Loop() {
			encodeDiags(ds)
		}
	})
	b.Run("decode", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(enc)))
		for b.Loop() {
			if _, err := decodeDiags(enc); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("gob-encode", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(gobbed.Len()))
		for b.Loop() {
			var buf bytes.Buffer
			if err := gob.NewEncoder(&buf).Encode(ds); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("gob-decode", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(gobbed.Len()))
		for b.Loop() {
			var got []lint.Diagnostic
			if err := gob.NewDecoder(bytes.NewReader(gobbed.Bytes())).Decode(&got); err != nil {
				b.Fatal(err)
			}
		}
	})
}
