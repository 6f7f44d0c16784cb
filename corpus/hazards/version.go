package hazards

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// SemVer is a validated "vMAJOR.MINOR.PATCH" version; only NewVersion makes one.
type SemVer struct {
	major, minor, patch int
}

// NewVersion parses "vMAJOR.MINOR.PATCH".
func NewVersion(s string) (*SemVer, error) {
	if !strings.HasPrefix(s, "v") {
		return nil, errors.New("hazards: version must start with v")
	}
	parts := strings.Split(s[1:], ".")
	if len(parts) != 3 {
		return nil, errors.New("hazards: version needs three parts")
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return nil, fmt.Errorf("hazards: bad version part %q", p)
		}
		n[i] = v
	}
	return &SemVer{major: n[0], minor: n[1], patch: n[2]}, nil
}

// Bump returns the next version: part is "major", "minor" or "patch".
func (v *SemVer) Bump(part string) *SemVer {
	switch part {
	case "major":
		return &SemVer{major: v.major + 1}
	case "minor":
		return &SemVer{major: v.major, minor: v.minor + 1}
	}
	return &SemVer{major: v.major, minor: v.minor, patch: v.patch + 1}
}

// String formats the version as NewVersion reads it.
func (v *SemVer) String() string {
	return fmt.Sprintf("v%d.%d.%d", v.major, v.minor, v.patch)
}
