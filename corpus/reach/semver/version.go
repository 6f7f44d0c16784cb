package semver

import (
	"errors"
	"strconv"
	"strings"
)

// Version is MAJOR.MINOR.PATCH.
type Version struct {
	Major, Minor, Patch int
}

var errSyntax = errors.New("semver: bad syntax")

// Parse reads a version written MAJOR.MINOR.PATCH.
func Parse(s string) (Version, error) {
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return Version{}, errSyntax
	}
	var n [3]int
	for i, p := range parts {
		x, err := strconv.Atoi(p)
		if err != nil || x < 0 {
			return Version{}, errSyntax
		}
		n[i] = x
	}
	v := Version{Major: n[0], Minor: n[1], Patch: n[2]}
	if v.Major > 9000 {
		return Version{}, errors.New("semver: major version too large")
	}
	return v, nil
}
