package parser

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// plainReplacer is plain as it was written until the eighth round of
// docs/performance.md, the oracle of TestPlainMatchesReplacer and
// FuzzPlain: comments out, tags replaced, words joined.
func plainReplacer(src []byte, r rng) string {
	b := src[r.s:r.e]
	if plainIsRaw(b) {
		return string(b)
	}
	str := string(b)
	if strings.Contains(str, "<!--") {
		var sb strings.Builder
		for {
			i := strings.Index(str, "<!--")
			if i < 0 {
				break
			}
			j := strings.Index(str[i:], "-->")
			if j < 0 {
				break
			}
			sb.WriteString(str[:i])
			sb.WriteByte(' ')
			str = str[i+j+3:]
		}
		sb.WriteString(str)
		str = sb.String()
	}
	return collapseReplacer(str)
}

var oracleTags = strings.NewReplacer(
	"<br>", " ", "<br/>", " ", "<br />", " ",
	"<b>", "", "</b>", "", "<ul>", "", "</ul>", "", "<li>", "", "</li>", "",
	"<i>", "", "</i>", "", "<strong>", "", "</strong>", "",
)

func collapseReplacer(s string) string {
	return strings.Join(strings.Fields(oracleTags.Replace(s)), " ")
}

// checkPlain compares plain, appendPlain and collapse with their oracles on every
// line of src and on every stretch between blank lines.
func checkPlain(t *testing.T, name string, src []byte) int {
	t.Helper()
	n := 0
	check := func(r rng) {
		n++
		if got, want := plain(src, r), plainReplacer(src, r); got != want {
			t.Fatalf("%s %d-%d: plain %q, want %q", name, r.s, r.e, got, want)
		}
		// appended after other bytes, as into a scratch buffer
		if got, want := string(appendPlain([]byte("x "), src, r)), "x "+plainReplacer(src, r); got != want {
			t.Fatalf("%s %d-%d: appendPlain %q, want %q", name, r.s, r.e, got, want)
		}
		if got, want := collapse(src[r.s:r.e]), collapseReplacer(string(src[r.s:r.e])); got != want {
			t.Fatalf("%s %d-%d: collapse %q, want %q", name, r.s, r.e, got, want)
		}
	}
	start, para := 0, 0
	for i := 0; i <= len(src); i++ {
		if i < len(src) && src[i] != '\n' {
			continue
		}
		check(rng{start, i})
		if i == start || i+1 < len(src) && src[i+1] == '\n' {
			check(rng{para, i})
			para = i + 1
		}
		start = i + 1
	}
	check(rng{0, len(src)})
	return n
}

// TestPlainMatchesReplacer holds plain and collapse to what the
// strings.Replacer, strings.Fields and strings.Join they replace give,
// on every line and paragraph of the fixtures and, unless -short, of
// every fifth page of the real libraries (78,000 stretches in 2.4 s;
// every page, 350,000 stretches in 9 s, was too slow for each run).
func TestPlainMatchesReplacer(t *testing.T) {
	for _, s := range []string{
		"", " ", "a", " a  b ", "<b>a</b><br>b", "a<b>b", "a <b> b", "<br/><br />x<br>", "\u00a0a\u2028b\u0085c",
		"a\xffb \xc2", "<!-- x --> a", "a<!-- x", "<!-- a --><!-- b -->c<b", "<strong>T1 - A</strong><ul><li>1</li></ul>",
		"<BR>a", "<br  />", "a\tb\r\nc\vd\fe",
	} {
		checkPlain(t, "case", []byte(s))
	}
	n := 0
	eachFixturePage(func(b []byte) { n += checkPlain(t, "fixture", b) })
	if !testing.Short() {
		for _, c := range []string{"CIM1", "CIM2"} {
			root := filepath.Join("..", "..", "shared", "corpus", c)
			if _, err := os.Stat(root); err != nil {
				t.Logf("real library %s not present (%v)", root, err)
				continue
			}
			k := 0 // every fifth page, for time
			_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && k%5 == 0 {
					if b, err := os.ReadFile(p); err == nil && bytes.IndexByte(b, '<') >= 0 {
						n += checkPlain(t, p, b)
					}
				}
				if err == nil && !d.IsDir() {
					k++
				}
				return nil
			})
		}
	}
	t.Logf("%d stretches", n)
}

// FuzzPlain holds plain and collapse to their oracles on any bytes.
func FuzzPlain(f *testing.F) {
	for _, s := range []string{"<b>a</b><br>b", "a <br />\u00a0 b", "<!-- x -->y<!--", "x\xff<i>\xc2</i>", "<strong>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkPlain(t, "fuzz", []byte(s))
	})
}
