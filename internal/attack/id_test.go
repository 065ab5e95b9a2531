package attack

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIsTechniqueID(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"T1548", true},
		{"T1548.002", true},
		{"T0000", true},
		{"", false},
		{"T", false},
		{"T154", false},
		{"T15480", false},
		{"T1548.", false},
		{"T1548.02", false},
		{"T1548.0020", false},
		{"T1548/002", false},
		{"t1548", false},
		{"TA0004", false},
		{"T1548.00a", false},
		{"T15a8", false},
		{" T1548", false},
		{"T1548 ", false},
		{"T１５４８", false}, // full-width digits
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, IsTechniqueID(tt.in), "IsTechniqueID(%q)", tt.in)
	}
}

func TestIsTacticID(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"TA0004", true},
		{"TA0112", true},
		{"TA004", false},
		{"TA00040", false},
		{"ta0004", false},
		{"T0004", false},
		{"TB0004", false},
		{"TA00x4", false},
		{"", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, IsTacticID(tt.in), "IsTacticID(%q)", tt.in)
	}
}

func TestParentID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"T1548.002", "T1548"},
		{"T1548", ""},
		{"TA0004", ""},
		{"T1548.0x2", ""},
		{"X1548.002", ""},
		{"", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, ParentID(tt.in), "ParentID(%q)", tt.in)
	}
}

func TestTechniqueURLPath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"T1548.002", "/techniques/T1548/002"},
		{"T1548", "/techniques/T1548"},
		{"TA0004", ""},
		{"T1548/002", ""},
		{"", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, TechniqueURLPath(tt.in), "TechniqueURLPath(%q)", tt.in)
	}
}

func TestParseAttackURL(t *testing.T) {
	tests := []struct {
		in       string
		kind, id string
		ok       bool
	}{
		{"https://attack.mitre.org/techniques/T1548/002", KindTechnique, "T1548.002", true},
		{"https://attack.mitre.org/techniques/T1548/002/", KindTechnique, "T1548.002", true},
		{"http://attack.mitre.org/techniques/T1548/002", KindTechnique, "T1548.002", true},
		{"https://attack.mitre.org/techniques/T1548", KindTechnique, "T1548", true},
		{"https://attack.mitre.org/techniques/T1548/", KindTechnique, "T1548", true},
		{"HTTPS://Attack.MITRE.org/techniques/T1548/002", KindTechnique, "T1548.002", true},
		{"https://attack.mitre.org/techniques/T1548/002/#mitigations", KindTechnique, "T1548.002", true},
		{"https://attack.mitre.org/techniques/T1548?x=1", KindTechnique, "T1548", true},
		{"https://attack.mitre.org/tactics/TA0004", KindTactic, "TA0004", true},
		{"https://attack.mitre.org/tactics/TA0004/", KindTactic, "TA0004", true},

		{"https://attack.mitre.org/techniques/T1548.002", "", "", false},
		{"https://attack.mitre.org/techniques/T1548/02", "", "", false},
		{"https://attack.mitre.org/techniques/T1548/002//", "", "", false},
		{"https://attack.mitre.org/techniques/t1548", "", "", false},
		{"https://attack.mitre.org/techniques/TA0004", "", "", false},
		{"https://attack.mitre.org/tactics/T1548", "", "", false},
		{"https://attack.mitre.org/tactics/TA0004/extra", "", "", false},
		{"https://attack.mitre.org/techniques/", "", "", false},
		{"https://attack.mitre.org/", "", "", false},
		{"https://attack.mitre.org", "", "", false},
		{"https://attack.mitre.org/versions/v10/techniques/T1548/002/", "", "", false},
		{"https://attack.mitre.org.evil.example/techniques/T1548", "", "", false},
		{"https://example.com/techniques/T1548", "", "", false},
		{"ftp://attack.mitre.org/techniques/T1548", "", "", false},
		{"attack.mitre.org/techniques/T1548", "", "", false},
		{"/techniques/T1548/002", "", "", false},
		{"", "", "", false},
	}
	for _, tt := range tests {
		kind, id, ok := ParseAttackURL(tt.in)
		assert.Equal(t, tt.kind, kind, "kind of %q", tt.in)
		assert.Equal(t, tt.id, id, "id of %q", tt.in)
		assert.Equal(t, tt.ok, ok, "ok of %q", tt.in)
	}
}

func TestURLRoundTrip(t *testing.T) {
	for _, id := range []string{"T1548", "T1548.002", "T0001.999"} {
		kind, got, ok := ParseAttackURL("https://attack.mitre.org" + TechniqueURLPath(id))
		assert.True(t, ok, id)
		assert.Equal(t, KindTechnique, kind, id)
		assert.Equal(t, id, got)
	}
}

func TestHotPathsDoNotAllocate(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		_ = IsTechniqueID("T1548.002")
		_ = IsTacticID("TA0004")
		_ = ParentID("T1548.002")
		_, _, _ = ParseAttackURL("https://attack.mitre.org/techniques/T1548/")
		_, _, _ = ParseAttackURL("https://attack.mitre.org/tactics/TA0004")
	})
	assert.Zero(t, allocs)
}

func BenchmarkIsTechniqueID(b *testing.B) {
	for b.Loop() {
		_ = IsTechniqueID("T1548.002")
	}
}

func BenchmarkParseAttackURL(b *testing.B) {
	for b.Loop() {
		_, _, _ = ParseAttackURL("https://attack.mitre.org/techniques/T1548/002/")
	}
}
