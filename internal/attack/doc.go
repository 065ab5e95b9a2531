// Package attack knows the MITRE ATT&CK facts mdlint checks library
// pages against: the grammar of technique and tactic IDs and of
// attack.mitre.org links, and a Catalog of one release's techniques
// (IDs, names, tactics, revoked and deprecated status, replacements)
// and tactics (IDs, names, short names, matrix order).
//
// A Catalog comes from a STIX 2 bundle, MITRE's enterprise-attack.json
// of any release or a trimmed copy (Load, LoadFile), or is the one
// built into mdlint (Default), generated from such a bundle by gen.go.
// A check that needs a catalog should be given one, so that its tests
// can load a tiny bundle instead.
//
// MITRE ATT&CK® and ATT&CK® are registered trademarks of The MITRE
// Corporation. ATT&CK data © The MITRE Corporation, reproduced and
// distributed with the permission of The MITRE Corporation.
package attack
