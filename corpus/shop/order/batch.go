package order

import (
	"fmt"
	"strings"
)

// BatchResult summarises a multi-line import.
type BatchResult struct {
	Orders     []*Order
	Duplicates []string
	Rejected   int
}

// ParseBatch parses newline separated order lines. Duplicate IDs are kept
// out of the result and reported; in practice they are rare, so the branch
// that records them runs far less often than the loop around it.
func ParseBatch(text string, strict bool) (*BatchResult, error) {
	res := &BatchResult{}
	seen := make(map[string]bool)
	for i, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "//") {
			continue
		}
		o, err := ParseOrder(line)
		if err == ErrEmpty {
			continue
		}
		if err != nil {
			if strict {
				return nil, fmt.Errorf("line %d: %w", i+1, err)
			}
			res.Rejected++
			continue
		}
		if seen[o.ID] {
			res.Duplicates = append(res.Duplicates, o.ID)
			continue
		}
		seen[o.ID] = true
		res.Orders = append(res.Orders, o)
	}
	return res, nil
}
