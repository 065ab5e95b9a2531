// Package summary tells the semantic difference between two versions of
// a content library — products added and removed, use cases and
// techniques added and removed per product and overall, and the summary
// numbers that changed ("Microsoft 365 Defender: Rules 73 -> 85,
// Parsers 5 -> 6") — as Markdown for a pull-request comment or a GitHub
// step summary, and as JSON.
//
// Everything it reports is read from the data source pages (their
// summary tables and use-case rows), so it loads only those: both
// versions of the real library load in a fraction of a second.
// Products are matched by vendor and product name, not by path, since
// folder layouts change between versions (DataSources/ and DS/).
package summary
