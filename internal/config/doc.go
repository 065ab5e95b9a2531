// Package config reads mdlint's configuration file, .mdlint.yaml.
//
// The file is looked for in the library root and each folder above it,
// up to the repository root (the first folder holding .git); --config
// names one explicitly. It says which rules run and at which severity,
// per-rule options, which pages nothing is reported in (ignore globs),
// which rules are not reported in which pages (exclude), the ATT&CK
// data file, and the defaults of the output flags:
//
//	rules:
//	  summary-count: off             # on, off, true, false, or a severity
//	  count-substring-dedupe: info   # a severity turns the rule on
//	  broken-link:
//	    enabled: true
//	    severity: warning
//	    options: {}
//	ignore:
//	  - "DS/Legacy/**"               # doublestar globs, relative to this file's folder
//	exclude:
//	  - paths: ["DS/Acme/**"]
//	    rules: [page-chain]
//	attack-data: attack/enterprise-attack-v18.1.json   # relative to this file's folder
//	fail-level: error
//	quiet: false
//	color: auto
//
// Every problem (an unknown key, an unknown rule name, a bad value) is
// an error that names file:line:column. Paths and globs are relative to
// the folder of the configuration file.
package config
