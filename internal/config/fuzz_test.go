package config

import "testing"

// FuzzParse feeds arbitrary bytes to the configuration parser: it must
// return a config or an error, never panic.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "rules:\n  summary-count: off\n", "rules: {summary-count: {severity: warning, options: {}}}\n",
		"ignore: ['**/README.md']\nexclude:\n  - paths: ['DS/**']\n    rules: [broken-link]\n",
		"attack-data: x.json\nfail-level: warning\nquiet: true\ncolor: never\n",
		"rules: [1, 2]\n", "&a [*a, *a]", "? {a: b}\n: c\n", "rules:\n  nope: on\n", "\xff\xfe", "---\n...\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := Parse(".mdlint.yaml", b, ".", testSchema)
		if err == nil && c == nil {
			t.Fatal("no config and no error")
		}
	})
}
