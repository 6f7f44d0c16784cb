// Package money holds small currency helpers shared by the order and payment
// packages. It exists so the shop module has cross-package calls inside one
// module: order.Validate and payment.Authorize both call into here, and
// heatseed has to follow a cold call site across the package boundary.
package money

import (
	"errors"
	"strconv"
	"strings"
)

// Currency is an ISO 4217 currency code.
type Currency string

// Supported currencies.
const (
	EUR Currency = "EUR"
	USD Currency = "USD"
	JPY Currency = "JPY"
)

// ErrUnknownCurrency is returned for currencies the shop does not sell in.
var ErrUnknownCurrency = errors.New("money: unknown currency")

// MinorUnits reports how many decimal digits the currency uses.
func MinorUnits(c Currency) (int, error) {
	switch c {
	case EUR, USD:
		return 2, nil
	case JPY:
		return 0, nil
	default:
		return 0, ErrUnknownCurrency
	}
}

// ParseAmount converts a decimal string such as "12.50" into minor units
// (1250) for the given currency.
func ParseAmount(s string, c Currency) (int64, error) {
	digits, err := MinorUnits(c)
	if err != nil {
		return 0, err
	}
	whole, frac, hasDot := strings.Cut(s, ".")
	if hasDot && digits == 0 {
		return 0, errors.New("money: currency has no minor units")
	}
	if len(frac) > digits {
		return 0, errors.New("money: too many decimal places")
	}
	for len(frac) < digits {
		frac += "0"
	}
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		return 0, err
	}
	if n < 0 {
		return 0, errors.New("money: negative amount")
	}
	return n, nil
}

// Format renders minor units as a decimal string with the currency code.
func Format(amount int64, c Currency) string {
	digits, err := MinorUnits(c)
	if err != nil {
		return strconv.FormatInt(amount, 10) + " ???"
	}
	s := strconv.FormatInt(amount, 10)
	if digits == 0 {
		return s + " " + string(c)
	}
	for len(s) <= digits {
		s = "0" + s
	}
	return s[:len(s)-digits] + "." + s[len(s)-digits:] + " " + string(c)
}

// Percent returns amount reduced by pct percent, rounding down.
func Percent(amount int64, pct int) int64 {
	if pct <= 0 {
		return amount
	}
	if pct >= 100 {
		return 0
	}
	return amount * int64(100-pct) / 100
}
