package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"mdlint/lint"
)

// manyErrors is a Result with n errors, 3 warnings and 12 infos.
func manyErrors(n int) *Result {
	r := &Result{Root: ".", Files: 40, ToolVersion: "1.2.3"}
	add := func(i int, sev lint.Severity, rule string) {
		r.Diagnostics = append(r.Diagnostics, lint.Diagnostic{
			File:     fmt.Sprintf("page_%02d.md", i),
			Span:     span(1, 1, 1, 5),
			Rule:     rule,
			Severity: sev,
			Message:  fmt.Sprintf("finding %d", i),
			Key:      fmt.Sprintf("%s/%d", rule, i),
		})
	}
	for i := 0; i < n; i++ {
		add(i, lint.Error, "summary-count")
	}
	for i := 0; i < 3; i++ {
		add(n+i, lint.Warning, "broken-link")
	}
	for i := 0; i < 12; i++ {
		add(n+3+i, lint.Info, "table-pipe")
	}
	lint.Sort(r.Diagnostics)
	return r
}

func TestGitHubLimits(t *testing.T) {
	r := manyErrors(25) // 25 errors, 3 warnings, 12 infos
	var out, summary bytes.Buffer
	if err := GitHub(&out, &summary, r); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	var levels []string
	for _, l := range lines {
		if strings.HasPrefix(l, "::") {
			levels = append(levels, strings.SplitN(l[2:], " ", 2)[0])
		}
	}
	count := map[string]int{}
	for _, l := range levels {
		count[l]++
	}
	if count["error"] != 10 || count["warning"] != 3 || count["notice"] != 10 {
		t.Errorf("annotations per level %v, want 10 errors, 3 warnings, 10 notices", count)
	}
	// errors first, then warnings, then notices
	order := strings.Join(levels, " ")
	want := strings.TrimSpace(strings.Repeat("error ", 10) + strings.Repeat("warning ", 3) + strings.Repeat("notice ", 10))
	if order != want {
		t.Errorf("annotation order %q", order)
	}
	// the first ten errors in input order
	if !strings.Contains(out.String(), "::finding 0\n") || !strings.Contains(out.String(), "::finding 9\n") || strings.Contains(out.String(), "::finding 10\n") {
		t.Errorf("not the first ten errors:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "\nmdlint: 17 findings not shown as annotations; see the job summary\n") {
		t.Errorf("missing the not-shown line:\n%s", out.String())
	}
	s := summary.String()
	if !strings.Contains(s, "17 findings not shown as annotations") {
		t.Errorf("summary does not say how many were not annotated:\n%s", s)
	}
	if got := strings.Count(s, "| finding "); got != 40 {
		t.Errorf("summary lists %d findings, want all 40", got)
	}
	if !strings.Contains(s, "| summary-count | error | 25 |") {
		t.Errorf("summary lacks the per-rule count:\n%s", s)
	}
}

// TestGitHubErrorsOnly is the case of the brief: 25 errors give 10
// annotations and a summary saying 15 were not annotated.
func TestGitHubErrorsOnly(t *testing.T) {
	r := manyErrors(25)
	r.Diagnostics = r.Diagnostics[:0]
	for _, d := range manyErrors(25).Diagnostics {
		if d.Severity == lint.Error {
			r.Diagnostics = append(r.Diagnostics, d)
		}
	}
	var out, summary bytes.Buffer
	if err := GitHub(&out, &summary, r); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "::error "); n != 10 {
		t.Errorf("%d error annotations, want 10", n)
	}
	if !strings.Contains(out.String(), "mdlint: 15 findings not shown as annotations; see the job summary") {
		t.Errorf("output:\n%s", out.String())
	}
	if !strings.Contains(summary.String(), "15 findings not shown as annotations") {
		t.Errorf("summary:\n%s", summary.String())
	}
}

func TestGitHubNoSummary(t *testing.T) {
	var out bytes.Buffer
	if err := GitHub(&out, nil, manyErrors(25)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "job summary") {
		t.Errorf("points at a job summary it did not write:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "mdlint: 17 findings not shown as annotations (GitHub shows at most 10 of each level)") {
		t.Errorf("output:\n%s", out.String())
	}
}

func TestGitHubAllAnnotated(t *testing.T) {
	var out, summary bytes.Buffer
	if err := GitHub(&out, &summary, fixture()); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "not shown") {
		t.Errorf("output:\n%s", out.String())
	}
	if !strings.Contains(summary.String(), "All findings are shown as annotations.") {
		t.Errorf("summary:\n%s", summary.String())
	}
}

func TestGitHubSummaryLimit(t *testing.T) {
	r := &Result{Root: ".", Files: 1}
	long := strings.Repeat("x", 1000)
	for i := int32(0); i < 2000; i++ { // ~2 MB of rows
		r.Diagnostics = append(r.Diagnostics, lint.Diagnostic{
			File: "a.md", Span: span(i+1, 1, i+1, 2), Rule: "r", Severity: lint.Info, Message: long,
		})
	}
	var out, summary bytes.Buffer
	if err := GitHub(&out, &summary, r); err != nil {
		t.Fatal(err)
	}
	if summary.Len() > MaxSummaryBytes {
		t.Errorf("summary is %d bytes, over GitHub's %d", summary.Len(), MaxSummaryBytes)
	}
	listed := strings.Count(summary.String(), "| a.md:")
	if listed == 0 || listed == 2000 {
		t.Fatalf("listed %d rows", listed)
	}
	if !strings.Contains(summary.String(), fmt.Sprintf("%d more findings not listed", 2000-listed)) {
		t.Errorf("summary does not say how many rows it left out:\n%s", summary.String()[summary.Len()-500:])
	}
}

func TestGitHubEscape(t *testing.T) {
	if got, want := escapeData("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d"; got != want {
		t.Errorf("escapeData = %q, want %q", got, want)
	}
	if got, want := escapeProperty("a:b,c%d\ne"), "a%3Ab%2Cc%25d%0Ae"; got != want {
		t.Errorf("escapeProperty = %q, want %q", got, want)
	}
	if got, want := mdEscape("a|b <br> *c*\nd"), `a\|b \<br\> \*c\*<br>d`; got != want {
		t.Errorf("mdEscape = %q, want %q", got, want)
	}
}
