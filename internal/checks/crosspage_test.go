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
