package lim

import (
	"strconv"
	"strings"
)

const limit = 500

// Parse reads a size directive.
func Parse(s string) string {
	if strings.HasPrefix(s, "size=") {
		n, err := strconv.Atoi(s[len("size="):])
		if err != nil {
			return "bad"
		}
		if n > limit {
			return "big"
		}
		return "ok"
	}
	return "none"
}

// Check runs the helper chain.
func Check(in string) int {
	return outer(in, 3)
}

func outer(x string, k int) int {
	if k > 2 {
		return inner(x)
	}
	return 0
}

func inner(y string) int {
	if strings.HasSuffix(y, ".cfg") {
		if len(y) > 10 {
			return 7
		}
	}
	return 1
}
