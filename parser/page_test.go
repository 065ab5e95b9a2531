package parser

import (
	"strings"
	"testing"

	"mdlint/model"
)

// TestClassifyNames: the kind of a page from its path, with the .md
// suffix matched in any letter case.
func TestClassifyNames(t *testing.T) {
	for p, want := range map[string]model.Kind{
		"DS/V/p/ds_v_p.md":      model.KindDataSource,
		"DS/V/p/ds_v_p.MD":      model.KindDataSource,
		"DS/V/p/Ps/pC_x.Md":     model.KindParser,
		"DS/V/p/RM/r_m_v_p.md":  model.KindRM,
		"UseCases/uc_x.md":      model.KindUseCase,
		"DS/V/p/ds_v_p.mdx":     model.KindUnknown,
		"DS/V/p/ds_v_p.m\u00e9": model.KindUnknown,
	} {
		if got, _ := Classify(p); got != want {
			t.Errorf("Classify(%q) = %v, want %v", p, got, want)
		}
	}
	// isMarkdownName is the lower-cased name's suffix test, on names of
	// every sort (capitals, other scripts, invalid UTF-8, too short)
	for _, base := range []string{"a.md", "A.MD", "a.mD", ".md", "md", "", "x.m", "\u00e9.md", "x.\u212Ad", "x.\xff", "\xffmd",
		"Ps.md", "\u0130.MD", "x.\u1E40D", "x.M\u0110"} {
		if got, want := isMarkdownName(base), strings.HasSuffix(strings.ToLower(base), ".md"); got != want {
			t.Errorf("isMarkdownName(%q) = %v, want %v", base, got, want)
		}
	}
}
