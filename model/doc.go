// Package model holds the typed model of an Exabeam-style content
// library: pages of several kinds (data source, rule/model, parser,
// use-case, index, MitreMap), each item with its byte span and
// line:column. It imports no Markdown parser and does no I/O; package
// parser fills it, and the checks read it.
package model
