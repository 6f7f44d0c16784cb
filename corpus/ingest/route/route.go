// Package route matches request paths and headers of the ingest API with package-level regular
// expressions and parses their captures.
package route

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
)

var (
	orderPath = regexp.MustCompile(`^/v1/orders/([a-z]{2,8})/(\d{1,6})$`)
	byteRange = regexp.MustCompile(`^bytes=(\d{1,9})-(\d{0,9})$`)
	tagName   = regexp.MustCompile(`^[a-z][a-z0-9_]{2,15}$`)
)

// Errors returned by the parsers.
var (
	ErrNoRoute  = errors.New("route: no route")
	ErrArchived = errors.New("route: shop archived")
	ErrRange    = errors.New("route: bad range")
)

// Order is a parsed order path.
type Order struct {
	Shop   string
	ID     int
	Legacy bool
}

// ParseOrder parses /v1/orders/<shop>/<id>.
func ParseOrder(path string) (Order, error) {
	m := orderPath.FindStringSubmatch(path)
	if m == nil {
		return Order{}, ErrNoRoute
	}
	id, err := strconv.Atoi(m[2])
	if err != nil {
		return Order{}, err
	}
	if m[1] == "archive" {
		return Order{}, ErrArchived
	}
	o := Order{Shop: m[1], ID: id}
	if id > 500000 {
		o.Legacy = true
	}
	return o, nil
}

// ParseRange parses a single-range Range header ("bytes=10-99", "bytes=10-").
func ParseRange(h string) (start, end int64, err error) {
	m := byteRange.FindStringSubmatch(h)
	if m == nil {
		return 0, 0, ErrRange
	}
	start, err = strconv.ParseInt(m[1], 10, 64)
	if err != nil {
		return 0, 0, err
	}
	if m[2] == "" {
		return start, -1, nil
	}
	end, err = strconv.ParseInt(m[2], 10, 64)
	if err != nil {
		return 0, 0, err
	}
	if end > 1<<24 {
		return 0, 0, ErrRange
	}
	return start, end, nil
}

// ValidTag reports whether s is a usable tag name.
func ValidTag(s string) bool {
	if !tagName.MatchString(s) {
		return false
	}
	if strings.HasSuffix(s, "_") {
		return false
	}
	return true
}
