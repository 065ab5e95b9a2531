package parser

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// wantComment matches the expectation comments of fixture pages.
var wantComment = regexp.MustCompile(`[ \t]*<!--[^>]*-->`)

// blocksDump renders blocks with everything the page grammars read.
func blocksDump(src []byte, bs []block) string {
	var sb strings.Builder
	for _, b := range bs {
		fmt.Fprintf(&sb, "kind=%d level=%d setext=%v r=%v text=%q info=%q\n", b.kind, b.level, b.setext, b.r, src[b.text.s:b.text.e], b.info)
		for _, l := range b.lines {
			fmt.Fprintf(&sb, "  line %v %q\n", l, src[l.s:l.e])
		}
		for _, l := range b.links {
			fmt.Fprintf(&sb, "  link %v %v %v\n", l.all, l.text, l.dest)
		}
	}
	return sb.String()
}

// agree parses src with both scanners and reports whether the fast one
// took it; it fails t when it took it and disagrees with goldmark.
func agree(t testing.TB, name string, src []byte) bool {
	t.Helper()
	m := newMD()
	fast, ok := m.fastBlocks(src)
	if !ok {
		return false
	}
	got := blocksDump(src, fast)
	want := blocksDump(src, newMD().goldmarkBlocks(src))
	if got != want {
		t.Fatalf("%s: fastBlocks and goldmark disagree\nfast:\n%s\ngoldmark:\n%s", name, got, want)
	}
	return true
}

func TestFastBlocksAgree(t *testing.T) {
	for _, src := range []string{
		"",
		"# Title\n\nText\nmore text\n",
		"Title\n=====\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
		"intro\n| a | b |\n| --- | :-: |\n| 1 | 2 |   \n",
		"| a |\n|---|---|\n| 1 |\n",
		"```Java\ncode\n\n  ```\n",
		"```\nunclosed\n",
		"Vendor: X\n---\n## H ##x\n### T #\n",
		"[Next Page -->>](2_ds_a.md)\n",
		"[a]: b\n",
		"1. one\n",
		"12 Rules\n",
		"    indented\n",
		"- item\n",
		"####### seven\n",
		"#\n",
		"a\r\nb\n",
		"```\n\tx\n```\n", "```\n\t```\nx\n```\n", "```\n   \t```\n```\n", "```\n \t \ty\n\n```\nz\n",
		"````\n\t````\n````\n", "```\n\t\n```\n",
	} {
		agree(t, fmt.Sprintf("%q", src), []byte(src))
	}
	for _, name := range []string{"CIM1", "CIM2"} {
		root := filepath.Join("..", "..", "shared", "corpus", name)
		if _, err := os.Stat(root); err != nil {
			t.Logf("skipping %s: %v (../shared is not beside the repository)", name, err)
			continue
		}
		var fast, all int
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
				return err
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			all++
			if agree(t, p, src) {
				fast++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: fastBlocks took %d of %d pages", name, fast, all)
		if fast < all*9/10 {
			t.Errorf("%s: fastBlocks took only %d of %d pages", name, fast, all)
		}
	}
}

// FuzzFastBlocks compares the two block scanners on made-up pages,
// seeded from every fixture page of testdata/ (their want comments
// removed, so that fastBlocks takes them) and a few snippets.
func FuzzFastBlocks(f *testing.F) {
	eachFixturePage(func(b []byte) { f.Add(wantComment.ReplaceAll(b, nil)) })
	for _, s := range []string{
		"# T\n\nA\n| a | b |\n|---|---|\n| 1 | 2 |\n",
		"T\n===\n```x\ny\n```\n",
		"a\n---\n[x](y)\n",
		"```\n\t\"\"\"x\"\"\",\n  \t```\n```\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		agree(t, "fuzz", src)
	})
}

// BenchmarkBlocks compares the two block scanners (links included) on
// every page of CIM2 that fastBlocks takes.
func BenchmarkBlocks(b *testing.B) {
	root := filepath.Join("..", "..", "shared", "corpus", "CIM2")
	var pages [][]byte
	m := newMD()
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			if src, err := os.ReadFile(p); err == nil {
				if _, ok := m.fastBlocks(src); ok {
					pages = append(pages, src)
				}
			}
		}
		return nil
	})
	if len(pages) == 0 {
		b.Skip("../shared/corpus/CIM2 is not beside the repository")
	}
	var size int64
	for _, p := range pages {
		size += int64(len(p))
	}
	for _, bc := range []struct {
		name string
		scan func(*md, []byte)
	}{
		{"fast", func(m *md, src []byte) { m.fastBlocks(src) }},
		{"goldmark", func(m *md, src []byte) { m.goldmarkBlocks(src) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			m := newMD()
			for b.Loop() {
				for _, p := range pages {
					bc.scan(m, p)
				}
			}
		})
	}
}
