// Package payment authorizes JSON payment requests and manages carts.
//
// It exercises: json.Unmarshal into a tagged struct followed by field checks
// (req.Amount > 1_000_000, req.Method == "crypto", a currency switch), a
// named string type (OrderID), an iota enum (Status) with a String method,
// typed constants, and a Cart built by NewCart with pointer-receiver
// methods. The tests authorize ordinary card payments only, so the crypto,
// high-value and refund paths are cold.
package payment

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"example.com/shop/internal/money"
)

// OrderID identifies an order across services.
type OrderID string

// Valid reports whether the ID has the "ord_" prefix and a body.
func (id OrderID) Valid() bool {
	return strings.HasPrefix(string(id), "ord_") && len(id) > 4
}

// Status is the lifecycle state of a payment.
type Status int

// Payment states.
const (
	Pending Status = iota
	Paid
	Refunded
	Failed
)

func (s Status) String() string {
	switch s {
	case Pending:
		return "pending"
	case Paid:
		return "paid"
	case Refunded:
		return "refunded"
	case Failed:
		return "failed"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Method is a payment method name.
type Method string

// Accepted payment methods.
const (
	Card   Method = "card"
	Wire   Method = "wire"
	Crypto Method = "crypto"
)

// HighValue is the amount (minor units) above which manual review is needed.
const HighValue int64 = 1_000_000

// Request is the JSON body accepted by Authorize.
type Request struct {
	Order    OrderID           `json:"order_id"`
	Amount   int64             `json:"amount"`
	Currency string            `json:"currency"`
	Method   Method            `json:"method"`
	Card     string            `json:"card,omitempty"`
	Refund   bool              `json:"refund,omitempty"`
	Meta     map[string]string `json:"meta,omitempty"`
}

// Decision is the outcome of Authorize.
type Decision struct {
	Status Status
	Review bool
	Reason string
}

// Errors returned by Authorize.
var (
	ErrBadRequest = errors.New("payment: bad request")
	ErrDeclined   = errors.New("payment: declined")
)

// Authorize decodes a JSON request and decides whether to accept it.
func Authorize(body []byte) (*Decision, error) {
	var req Request
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadRequest, err)
	}
	if !req.Order.Valid() {
		return nil, fmt.Errorf("%w: order id %q", ErrBadRequest, req.Order)
	}
	if req.Amount <= 0 {
		return nil, fmt.Errorf("%w: amount must be positive", ErrBadRequest)
	}
	if _, err := money.MinorUnits(money.Currency(req.Currency)); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadRequest, err)
	}
	d := &Decision{Status: Paid}
	if req.Refund {
		if req.Meta["reason"] == "" {
			return nil, fmt.Errorf("%w: refund needs a reason", ErrBadRequest)
		}
		d.Status = Refunded
		d.Reason = req.Meta["reason"]
		return d, nil
	}
	switch req.Method {
	case Card:
		if !luhn(req.Card) {
			return &Decision{Status: Failed, Reason: "card number"}, ErrDeclined
		}
	case Wire:
		d.Status = Pending
	case Crypto:
		if req.Currency != "USD" {
			return &Decision{Status: Failed, Reason: "crypto only in USD"}, ErrDeclined
		}
		d.Review = true
	default:
		return nil, fmt.Errorf("%w: method %q", ErrBadRequest, req.Method)
	}
	if req.Amount > HighValue {
		d.Review = true
		d.Reason = "high value: " + money.Format(req.Amount, money.Currency(req.Currency))
	}
	return d, nil
}

// luhn validates a card number with the Luhn checksum. Spaces are ignored.
func luhn(number string) bool {
	number = strings.ReplaceAll(number, " ", "")
	if len(number) < 12 || len(number) > 19 {
		return false
	}
	sum := 0
	double := false
	for i := len(number) - 1; i >= 0; i-- {
		c := number[i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}
