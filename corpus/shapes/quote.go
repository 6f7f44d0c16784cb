package shapes

import (
	"errors"
	"strings"
)

// Request is a shipping quote request.
type Request struct {
	Name    string
	Qty     int
	Express bool
}

// Quote prices a request in cents.
func Quote(r Request) (int, error) {
	if r.Name == "" {
		return 0, errors.New("shapes: name required")
	}
	if r.Qty <= 0 {
		return 0, errors.New("shapes: qty must be positive")
	}
	if r.Express && r.Qty > 500 {
		// Cold: express is limited to small shipments.
		return 0, errors.New("shapes: express limited to 500 units")
	}
	unit := 100
	if r.Qty >= 1000 {
		unit = 70
	} else if r.Qty >= 100 {
		unit = 85
	} else if r.Qty >= 10 {
		unit = 95
	}
	price := unit * r.Qty
	if r.Express {
		price += price / 2
	}
	if r.Name == "ACME" {
		// Cold: house account ships free.
		return 0, nil
	}
	return price, nil
}

// normalizeName is a package-level function literal.
var normalizeName = func(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "~") {
		// Cold: legacy names were stored with a tilde.
		s = s[1:]
	}
	return strings.ToUpper(s)
}

// Normalize cleans a request in place.
func Normalize(r *Request) error {
	if r == nil {
		return errors.New("shapes: nil request")
	}
	r.Name = normalizeName(r.Name)
	if r.Qty < 0 {
		r.Qty = -r.Qty
	}
	if r.Express && r.Qty == 0 {
		r.Express = false
	}
	return nil
}
