// Package navigator computes the ATT&CK coverage that a library's rule
// pages claim — for every technique (and tactic) heading on the RM
// pages, the distinct rules listed under it, the products and the use
// cases — and writes it as an ATT&CK Navigator layer (layer format
// 4.5), so the coverage opens in the Navigator as a heat map.
//
// The score of a technique is the number of distinct rule IDs listed
// under its heading over the RM pages (of the selected products). It is
// the number the library's own resources/mitre_map.json claims to
// give; the navigator-drift check compares the two.
package navigator
