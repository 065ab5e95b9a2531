package attack

import "strings"

// These helpers sit on hot paths (every technique token of a library,
// about half a million calls), so they check bytes by hand instead of
// using package regexp, and they do not allocate unless they must
// build a new string.

// isDigits reports whether s is non-empty and holds only ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// IsTechniqueID reports whether s is an ATT&CK technique or
// sub-technique ID: T followed by four digits, optionally followed by a
// dot and three digits ("T1548", "T1548.002").
func IsTechniqueID(s string) bool {
	switch len(s) {
	case 5:
		return s[0] == 'T' && isDigits(s[1:5])
	case 9:
		return s[0] == 'T' && isDigits(s[1:5]) && s[5] == '.' && isDigits(s[6:9])
	}
	return false
}

// IsTacticID reports whether s is an ATT&CK tactic ID: TA followed by
// four digits ("TA0004").
func IsTacticID(s string) bool {
	return len(s) == 6 && s[0] == 'T' && s[1] == 'A' && isDigits(s[2:])
}

// ParentID returns the parent technique ID of a sub-technique ID
// ("T1548.002" gives "T1548"). It returns "" for a top-level technique
// ID and for anything that is not a technique ID.
func ParentID(id string) string {
	if len(id) == 9 && IsTechniqueID(id) {
		return id[:5]
	}
	return ""
}

// TechniqueURLPath returns the path of a technique's page on
// attack.mitre.org: "/techniques/T1548" for a technique and
// "/techniques/T1548/002" for a sub-technique. It returns "" when id is
// not a technique ID.
func TechniqueURLPath(id string) string {
	switch {
	case !IsTechniqueID(id):
		return ""
	case len(id) == 9:
		return "/techniques/" + id[:5] + "/" + id[6:]
	default:
		return "/techniques/" + id
	}
}

// URL kinds returned by ParseAttackURL.
const (
	KindTechnique = "techniques"
	KindTactic    = "tactics"
)

// ParseAttackURL parses a link to a technique or tactic page on
// attack.mitre.org. It accepts http and https, any letter case in the
// scheme and host, one trailing slash, and ignores a query or fragment:
//
//	https://attack.mitre.org/techniques/T1548/002  -> "techniques", "T1548.002", true
//	https://attack.mitre.org/techniques/T1548/     -> "techniques", "T1548", true
//	http://attack.mitre.org/tactics/TA0004         -> "tactics", "TA0004", true
//
// IDs must be written as ATT&CK writes them (upper case). For any other
// URL, including other pages of the site and versioned pages under
// /versions/, it returns "", "", false.
func ParseAttackURL(u string) (kind, id string, ok bool) {
	const host = "attack.mitre.org"
	rest, found := cutPrefixFold(u, "https://")
	if !found {
		if rest, found = cutPrefixFold(u, "http://"); !found {
			return "", "", false
		}
	}
	if rest, found = cutPrefixFold(rest, host); !found {
		return "", "", false
	}
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i]
	}
	if strings.HasSuffix(rest, "/") {
		rest = rest[:len(rest)-1]
	}
	if p, found := strings.CutPrefix(rest, "/techniques/"); found {
		switch {
		case len(p) == 5 && IsTechniqueID(p):
			return KindTechnique, p, true
		case len(p) == 9 && p[5] == '/' && IsTechniqueID(p[:5]) && isDigits(p[6:]):
			return KindTechnique, p[:5] + "." + p[6:], true
		}
		return "", "", false
	}
	if p, found := strings.CutPrefix(rest, "/tactics/"); found && IsTacticID(p) {
		return KindTactic, p, true
	}
	return "", "", false
}

// cutPrefixFold is strings.CutPrefix with ASCII case folding; prefix
// must be lower case.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) {
		return s, false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return s, false
		}
	}
	return s[len(prefix):], true
}
