// Package fix applies the fix edits that findings carry.
//
// A fix run has three steps, each usable on its own:
//
//   - NewPlan collects one fix per finding (the first safe one, or the
//     first unsafe one when asked), merges identical edits and refuses
//     every pair of fixes whose edits overlap: neither is applied.
//   - Run iterates in memory to a fixed point: apply the plan to the page
//     bytes, re-parse the pages that changed, lint again, plan again,
//     for at most Options.Rounds rounds. Nothing is written.
//   - Outcome.Write writes each changed page once, atomically (a temp
//     file in the same folder, fsync, rename over, the mode kept), and
//     only if the page still holds the bytes the run read; Outcome.Diff
//     shows the same change as a unified diff.
//
// Edits change only their own byte range, with one exception that is
// still confined to a table cell: an edit that replaces everything a
// padded table cell holds (a summary number) keeps the cell's width, its
// padding spaces absorbing the change of length.
package fix
