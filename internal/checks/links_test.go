package checks

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mdlint/lint/linttest"
	"mdlint/model"
)

func TestBrokenLink(t *testing.T) {
	diags := linttest.Run(t, "../../testdata/rules/broken-link", BrokenLink)
	// fixes: a case-only difference is safe, a guess is not
	fixes := map[string]bool{}
	for _, d := range diags {
		for _, f := range d.Fixes {
			require.Len(t, f.Edits, 1)
			fixes[f.Edits[0].New] = f.Unsafe
		}
	}
	assert.Equal(t, map[string]bool{
		"DS/Globex/globex_idp/ds_globex_globex_idp.md":             false,
		"Ps/pC_acmeaejsonprocesscreatesuccessprocstart.md":         false,
		"../../../UseCases/uc_abnormal_authentication_&_access.md": true,
		"RM/r_m_acme_acme_edr_Abnormal_Authentication_&_Access.md": true,
		"UseCases/uc_abnormal_authentication_&_access.md":          true,
	}, fixes)
}

func TestLinkOutsideRoot(t *testing.T) {
	diags := linttest.Run(t, "../../testdata/rules/link-outside-root", LinkOutsideRoot)
	var news []string
	for _, d := range diags {
		for _, f := range d.Fixes {
			assert.False(t, f.Unsafe, "the page exists at the root: %s", d.Message)
			news = append(news, f.Edits[0].New)
		}
	}
	assert.ElementsMatch(t, []string{"../UseCases/uc_malware.md", "../UseCases/uc_abnormal_authentication_&_access.md", "../../UseCases/uc_malware.md", "DS/Acme/acme_edr/ds_acme_acme_edr.md"}, news)
}

func TestPageChain(t *testing.T) {
	diags := linttest.Run(t, "../../testdata/rules/page-chain", PageChain)
	var fixed []string
	for _, d := range diags {
		for _, f := range d.Fixes {
			for _, e := range f.Edits {
				fixed = append(fixed, e.File+" "+e.New)
			}
		}
	}
	assert.ElementsMatch(t, []string{
		"DS/Globex/globex_idp/2_ds_globex_globex_idp.md 3_ds_globex_globex_idp.md",
		"DS/Initech/initech_sso/ds_initech_initech_sso.md \n[Next Page -->>](2_ds_initech_initech_sso.md)",
		"DS/Hooli/hooli_mail/2_ds_hooli_hooli_mail.md 3_ds_hooli_hooli_mail.md",
		"DS/Soylent/soylent_db/ds_soylent_soylent_db.md 2_ds_soylent_soylent_db.md",
	}, fixed)
}

func TestStaysInside(t *testing.T) {
	for _, c := range []struct {
		depth int
		dest  string
		want  bool
	}{
		{3, "../../../UseCases/uc_x.md", true},
		{1, "../../../UseCases/uc_x.md", false},
		{0, "Ps/pC_x.md", true},
		{2, "a/../../../x.md", false},
		{2, "/x.md", false},
		{2, "%2e%2e/x.md", false},
		{2, "file:x.md", false},
	} {
		assert.Equal(t, c.want, staysInside(c.depth, c.dest), "%d %s", c.depth, c.dest)
		if c.want {
			from := strings.Repeat("d/", c.depth) + "p.md"
			tg, ok := model.Resolve(from, c.dest)
			assert.True(t, ok && !tg.Outside, "%d %s", c.depth, c.dest)
		}
	}
}

func TestSuggestions(t *testing.T) {
	lib := &model.Library{
		Pages: []*model.Page{
			{Path: "UseCases/uc_malware.md"}, {Path: "UseCases/uc_data_leak.md"},
			{Path: "DS/A/a/Ps/pC_x.md"}, {Path: "DS/B/b/Ps/pC_x.md"},
			{Path: "DS/A/a/RM/r_m_a_a_Malware.md"},
		},
		Dirs:  []string{"", "UseCases", "DS", "DS/A", "DS/A/a", "DS/A/a/Ps", "DS/A/a/RM", "DS/B", "DS/B/b", "DS/B/b/Ps"},
		Files: []string{"resources/logo.png"},
	}
	lib.Index()
	s := newSuggester(lib)
	got := func(target string) string {
		r, ok := s.suggest(target)
		if !ok {
			return ""
		}
		return r.path
	}
	assert.Equal(t, "UseCases/uc_malware.md", got("DS/UseCases/uc_malware.md"))
	assert.Equal(t, "UseCases/uc_malware.md", got("UseCases/uc_Malware.md"))
	assert.Equal(t, "DS/A/a/Ps/pC_x.md", got("DS/A/a/Ps2/pC_x.md"), "the candidate sharing more folders wins")
	assert.Equal(t, "", got("X/pC_x.md"), "a tie names nothing")
	assert.Equal(t, "DS/A/a/RM/r_m_a_a_Malware.md", got("DS/A/a/RM/r_m_a_a_Malwar.md"))
	assert.Equal(t, "", got("UseCases/uc_enrichment.md"))
	assert.Equal(t, "resources/logo.png", got("img/logo.png"))
}

func TestRelDest(t *testing.T) {
	assert.Equal(t, "../UseCases/uc_x.md", relDest("DS/ds__.md", "UseCases/uc_x.md"))
	assert.Equal(t, "Ps/pC_x.md", relDest("DS/A/a/ds_a.md", "DS/A/a/Ps/pC_x.md"))
	assert.Equal(t, "../../../UseCases/uc_a_&_b.md", relDest("DS/A/a/ds_a.md", "UseCases/uc_a_&_b.md"))
	assert.Equal(t, "Exabeam%20Data%20Sources.md", relDest("README.md", "Exabeam Data Sources.md"))
	assert.Equal(t, "../ds_a.md", relDest("DS/A/a/RM/r.md", "DS/A/a/ds_a.md"))
}

func TestChainNumber(t *testing.T) {
	n, b := chainNumber("ds_a_b.md")
	assert.Equal(t, 1, n)
	assert.Equal(t, "ds_a_b.md", b)
	n, b = chainNumber("12_ds_a_b.md")
	assert.Equal(t, 12, n)
	assert.Equal(t, "ds_a_b.md", b)
	n, _ = chainNumber("x_ds_a.md")
	assert.Equal(t, 0, n)
	n, _ = chainNumber("1_ds_a.md")
	assert.Equal(t, 0, n)
}
