package checks

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mdlint/lint"
	"mdlint/lint/linttest"
	"mdlint/model"
)

func TestUseCasePage(t *testing.T) {
	linttest.Run(t, "../../testdata/rules/usecase-page", UseCasePage)
}

func TestRMBacklink(t *testing.T) {
	linttest.Run(t, "../../testdata/rules/rm-backlink", RMBacklink)
}

func TestIndex(t *testing.T) {
	linttest.Run(t, "../../testdata/rules/index", IndexCheck)
}

// TestResolveFastPath checks that the fast path agrees with model.Resolve.
func TestResolveFastPath(t *testing.T) {
	cases := []struct{ from, dest string }{
		{"DS/Acme/acme_edr/ds_acme_acme_edr.md", "../../../UseCases/uc_malware.md"},
		{"DS/Acme/acme_edr/ds_acme_acme_edr.md", "RM/r_m_acme_acme_edr_Malware.md"},
		{"DS/Acme/acme_edr/ds_acme_acme_edr.md", "../../../UseCases/uc_abnormal_authentication_&_access.md"},
		{"DS/ds__.md", "../../../UseCases/uc_malware.md"},
		{"DS/ds__.md", "../UseCases/uc_malware.md"},
		{"UseCases/uc_malware.md", "../DS///ds__.md"},
		{"UseCases/uc_malware.md", "../DS/McAfee/x_(ips)/ds_x_(ips).md"},
		{"Exabeam Data Sources.md", "DS/Acme/acme_edr/ds_acme_acme_edr.md"},
		{"Exabeam Data Sources.md", "DS//zendesk/ds__zendesk.md"},
		{"Exabeam Data Sources.md", "../x.md"},
		{"README.md", "Exabeam%20Data%20Sources.md"},
		{"README.md", "https://example.com/x.md"},
		{"README.md", "#anchor"},
		{"README.md", "./a/./b/../c.md"},
		{"a/b.md", "c/.."},
		{"a/b.md", "c/."},
		{"a/b.md", "..."},
		{"a/b.md", "..x/y.md"},
		{"a/b.md", " x.md "},
		{"a/b.md", "x.md?y"},
		{"a/b.md", "/abs.md"},
		{"a/b.md", "c/"},
		{"a/b.md", ""},
	}
	for _, c := range cases {
		want, wok := model.Resolve(c.from, c.dest)
		got, gok := resolve(c.from, c.dest)
		assert.Equal(t, wok, gok, "%s + %s", c.from, c.dest)
		assert.Equal(t, want, got, "%s + %s", c.from, c.dest)
	}
}

func TestRelPath(t *testing.T) {
	assert.Equal(t, "../ds_acme_acme_edr.md", relPath("DS/Acme/acme_edr/RM/r_m_x.md", "DS/Acme/acme_edr/ds_acme_acme_edr.md"))
	assert.Equal(t, "../../../../UseCases/uc_malware.md", relPath("DS/Acme/acme_edr/RM/r_m_x.md", "UseCases/uc_malware.md"))
	assert.Equal(t, "DS/Acme/acme_edr/ds_acme_acme_edr.md", relPath("Exabeam Data Sources.md", "DS/Acme/acme_edr/ds_acme_acme_edr.md"))
	assert.Equal(t, "RM/r_m_x.md", relPath("DS/Acme/acme_edr/ds_x.md", "DS/Acme/acme_edr/RM/r_m_x.md"))
	for _, c := range [][2]string{{"DS/Acme/acme_edr/RM/r_m_x.md", "DS/Acme/acme_edr/ds_acme_acme_edr.md"}, {"UseCases/uc_x.md", "DS/A/b/RM/r.md"}, {"a.md", "b.md"}} {
		tg, _ := model.Resolve(c[0], relPath(c[0], c[1]))
		assert.Equal(t, c[1], tg.Path)
	}
}

// TestCrossPageKeys checks that every finding has its own key.
func TestCrossPageKeys(t *testing.T) {
	for rule, c := range map[string]*lint.Check{"usecase-page": UseCasePage, "rm-backlink": RMBacklink, "index": IndexCheck} {
		lib := linttest.Load(t, "../../testdata/rules/"+rule)
		seen := map[string]bool{}
		for _, d := range lint.Run(lib, []*lint.Check{c}) {
			require.True(t, strings.HasPrefix(d.Key, rule+"|"), d.Key)
			require.False(t, seen[d.Key], "duplicate key %s", d.Key)
			seen[d.Key] = true
		}
	}
}
