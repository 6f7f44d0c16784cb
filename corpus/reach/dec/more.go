package dec

import (
	"fmt"
	"io/fs"
	"strings"
)

// Lines counts the lines of every file in fsys.
func Lines(fsys fs.FS) (int, error) {
	n := 0
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if strings.HasPrefix(string(b), "#!") {
			n += 1000
		}
		n += strings.Count(string(b), "\n")
		return nil
	})
	return n, err
}

// Describe names an error.
func Describe(err error) string {
	if strings.Contains(err.Error(), "timeout") {
		return "slow"
	}
	return "other"
}

// Label shows a value.
func Label(s fmt.Stringer) string {
	if strings.HasSuffix(s.String(), "!") {
		return "loud"
	}
	return "calm"
}
