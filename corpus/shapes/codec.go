package shapes

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Point is a labelled 2D point with a text form "(x,y)" or "(x,y) label",
// where the label is a Go-quoted string.
type Point struct {
	X, Y  int
	Label string
}

// Format renders p; ParsePoint(p.Format()) == p for every p.
func (p Point) Format() string {
	s := "(" + strconv.Itoa(p.X) + "," + strconv.Itoa(p.Y) + ")"
	if p.Label != "" {
		s += " " + strconv.Quote(p.Label)
	}
	return s
}

// ParsePoint is the inverse of Point.Format.
func ParsePoint(s string) (Point, error) {
	var p Point
	if !strings.HasPrefix(s, "(") {
		return p, errors.New("shapes: point must start with '('")
	}
	coords, rest, ok := strings.Cut(s[1:], ")")
	if !ok {
		return p, errors.New("shapes: missing ')'")
	}
	xs, ys, ok := strings.Cut(coords, ",")
	if !ok {
		return p, errors.New("shapes: missing ','")
	}
	var err error
	if p.X, err = strconv.Atoi(xs); err != nil {
		return p, fmt.Errorf("shapes: x: %w", err)
	}
	if p.Y, err = strconv.Atoi(ys); err != nil {
		return p, fmt.Errorf("shapes: y: %w", err)
	}
	if rest == "" {
		return p, nil
	}
	if !strings.HasPrefix(rest, " ") {
		return p, errors.New("shapes: junk after point")
	}
	label, err := strconv.Unquote(rest[1:])
	if err != nil {
		return p, fmt.Errorf("shapes: label: %w", err)
	}
	if label == "" {
		// Cold: Format never writes an empty label.
		return p, errors.New("shapes: empty label must be omitted")
	}
	p.Label = label
	return p, nil
}
