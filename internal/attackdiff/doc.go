// Package attackdiff tells what moving a library from one ATT&CK
// release to another would break or rename: the techniques in use that
// the newer release revokes, deprecates, drops, renames or moves to
// other tactics, and the tactics (matrix columns) it renames, adds or
// drops — each with every place in the pages that would have to change.
package attackdiff
