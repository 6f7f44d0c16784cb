// Package order parses and validates order lines of the form
//
//	id=A17;sku=BK-00042;qty=3;price=12.50;cur=EUR;status=new;coupon=VIP-2024
//
// It exercises the guards heatseed is built to reach: numeric limits
// (qty > 9000), magic strings (status == "refund"), prefix checks on coupon
// codes (strings.HasPrefix(code, "VIP-")), a switch over currency codes, and
// exact length checks (len(sku) != 8). The tests only feed ordinary orders,
// so the refund, bulk and staff-coupon paths stay cold.
package order

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"example.com/shop/internal/money"
)

// Limits enforced by Validate.
const (
	MaxQty     = 9000
	SKULength  = 8
	MaxLineLen = 512
)

// Order is one parsed order line.
type Order struct {
	ID       string
	SKU      string
	Qty      int
	Price    int64 // minor units
	Currency money.Currency
	Status   string
	Coupon   string
}

// ParseError reports which field of an order line was malformed.
type ParseError struct {
	Field string
	Err   error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("order: field %q: %v", e.Field, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// ErrEmpty is returned for blank order lines.
var ErrEmpty = errors.New("order: empty line")

// ParseOrder parses a semicolon separated key=value order line.
func ParseOrder(s string) (*Order, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, ErrEmpty
	}
	if len(s) > MaxLineLen {
		return nil, errors.New("order: line too long")
	}
	o := &Order{Currency: money.EUR, Status: "new", Qty: 1}
	var rawPrice string
	for _, field := range strings.Split(s, ";") {
		if field == "" {
			continue
		}
		key, val, ok := strings.Cut(field, "=")
		if !ok {
			return nil, &ParseError{Field: field, Err: errors.New("missing '='")}
		}
		switch key {
		case "id":
			o.ID = val
		case "sku":
			o.SKU = strings.ToUpper(val)
		case "qty":
			n, err := strconv.Atoi(val)
			if err != nil {
				return nil, &ParseError{Field: key, Err: err}
			}
			o.Qty = n
		case "price":
			rawPrice = val
		case "cur":
			o.Currency = money.Currency(val)
		case "status":
			o.Status = val
		case "coupon":
			o.Coupon = val
		default:
			return nil, &ParseError{Field: key, Err: errors.New("unknown key")}
		}
	}
	if o.ID == "" {
		return nil, &ParseError{Field: "id", Err: errors.New("required")}
	}
	if rawPrice != "" {
		p, err := money.ParseAmount(rawPrice, o.Currency)
		if err != nil {
			return nil, &ParseError{Field: "price", Err: err}
		}
		o.Price = p
	}
	return o, nil
}

// Validate checks business rules that go beyond syntax.
func (o *Order) Validate() error {
	if len(o.SKU) != SKULength {
		return fmt.Errorf("order %s: sku %q must be %d characters", o.ID, o.SKU, SKULength)
	}
	if !strings.HasPrefix(o.SKU, "BK-") && !strings.HasPrefix(o.SKU, "EL-") {
		return fmt.Errorf("order %s: unknown product line %q", o.ID, o.SKU[:3])
	}
	if o.Qty <= 0 {
		return fmt.Errorf("order %s: quantity must be positive", o.ID)
	}
	if o.Qty > MaxQty {
		// Bulk orders go through a different system.
		return fmt.Errorf("order %s: quantity %d needs a bulk contract", o.ID, o.Qty)
	}
	if _, err := money.MinorUnits(o.Currency); err != nil {
		return fmt.Errorf("order %s: %w", o.ID, err)
	}
	switch o.Status {
	case "new", "paid":
		return nil
	case "refund":
		if o.Price == 0 {
			return fmt.Errorf("order %s: refund without a price", o.ID)
		}
		return nil
	case "cancelled":
		return nil
	default:
		return fmt.Errorf("order %s: unknown status %q", o.ID, o.Status)
	}
}

// Discount returns the percentage a coupon code is worth.
func Discount(code string) int {
	switch {
	case code == "":
		return 0
	case strings.HasPrefix(code, "VIP-"):
		year, err := strconv.Atoi(strings.TrimPrefix(code, "VIP-"))
		if err != nil {
			return 0
		}
		if year >= 2030 {
			return 25
		}
		return 15
	case strings.HasPrefix(code, "STAFF") && strings.HasSuffix(code, "!"):
		return 40
	case code == "WELCOME10":
		return 10
	}
	return 0
}

// Total computes the amount due for the order after the coupon.
func (o *Order) Total() int64 {
	gross := o.Price * int64(o.Qty)
	pct := Discount(o.Coupon)
	if o.Currency == money.JPY && pct > 20 {
		// Yen promotions are capped by the regional office.
		pct = 20
	}
	return money.Percent(gross, pct)
}

// ShippingZone maps a currency to a warehouse zone.
func ShippingZone(c money.Currency) string {
	switch c {
	case money.EUR:
		return "eu-central"
	case money.USD:
		return "us-east"
	case money.JPY:
		return "ap-northeast"
	default:
		return "manual"
	}
}

// Summary renders an order for logs.
func (o *Order) Summary() string {
	return fmt.Sprintf("%s %dx%s %s [%s]", o.ID, o.Qty, o.SKU,
		money.Format(o.Total(), o.Currency), o.Status)
}
