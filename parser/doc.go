// Package parser turns the Markdown pages of a content library into the
// typed model of package model. It is the only package that imports
// goldmark.
//
// goldmark finds the block structure (headings, tables, paragraphs, code
// blocks, lists) and the links; pages made only of what the generators
// write (headings, paragraphs, pipe tables, fenced code) take a scanner
// of their own that finds the same blocks in a third of the time and a
// fiftieth of the allocations (fastBlocks, compared with goldmark on
// every real page and by a fuzz test); the cell grammars of the generated pages
// (<br>-separated lines, ↳ parser links, "ID - Name" TTP tokens,
// <b>-headed rules, <ul><li> content counts) are read here from the
// source bytes, so every item keeps its exact byte span. goldmark's
// raw-HTML inline parser is left out: these pages hold about a million
// <br>, <b>, <ul> and <li> tags, which it would spend most of the parse
// time on, and which the cell grammars read faster and more exactly.
package parser
