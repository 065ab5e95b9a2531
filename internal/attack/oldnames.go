package attack

// The table of older names is generated from older releases' bundles
// and compared with the built-in catalog, so it must be regenerated
// whenever either changes.
//
//go:generate go run gen_oldnames.go -old ../../../shared/attack/enterprise-attack-v10.1.json -out oldnames_gen.go

// OldName is a name a technique of the built-in catalog had in an older
// ATT&CK release, where it differs from the built-in name.
type OldName struct {
	// ID is the technique's ATT&CK ID, "T1046".
	ID string
	// Name is the display name in that release ("Network Service
	// Scanning"), in the form Technique.Name has.
	Name string
	// Version is the release, such as "10.1".
	Version string
}

// OldNames returns the older names of the built-in catalog's techniques,
// sorted by ID and then by release. They let a check tell a name that
// was official in an older release from a typo without loading that
// release. The table covers the releases named in the header of
// oldnames_gen.go.
func OldNames() []OldName {
	out := make([]OldName, len(oldNames))
	copy(out, oldNames)
	return out
}

// OldNamesBase returns the release the older names were compared with;
// it equals Default().Version while the table is up to date.
func OldNamesBase() string { return oldNamesBase }
