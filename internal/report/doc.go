// Package report prints the findings of an mdlint run in one of several
// output formats: text for people, json for scripts, sarif for code
// scanning, github for workflow annotations and the job summary, junit
// and checkstyle for CI dashboards. Each format is one small printer in
// its own file, tested against a golden file in testdata/golden.
//
// Every printer takes a Result: the root as the user gave it, the number
// of pages read, the findings (already sorted by lint.Sort), the rule
// catalog and the tool version. Printers keep the order of the findings
// and write no timestamps and no paths the caller did not give them, so
// the same Result always prints the same bytes. Write dispatches on a
// format name; Formats lists the names.
//
// Paths: lint.Diagnostic.File is a slash path relative to Result.Root.
// The json format keeps the two apart ("root" and "file"). Every other
// format prints Root joined with File (path.Join after filepath.ToSlash;
// a Root of "" or "." adds nothing), so a relative Root gives paths
// relative to the directory mdlint ran in — what editors, GitHub
// annotations and code scanning need when the library is a
// subdirectory of the repository.
package report
