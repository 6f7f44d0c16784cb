package payment

import (
	"errors"
	"fmt"
	"sort"

	"example.com/shop/internal/money"
)

// Line is one product line in a cart.
type Line struct {
	SKU   string
	Qty   int
	Price int64
}

// Cart accumulates lines for a single order and currency.
type Cart struct {
	Order    OrderID
	Currency money.Currency
	lines    map[string]*Line
	coupon   string
	maxLines int
}

// ErrCartFull is returned by Add when the line limit is reached.
var ErrCartFull = errors.New("payment: cart is full")

// NewCart creates an empty cart. maxLines <= 0 means the default of 50.
func NewCart(id OrderID, cur money.Currency, maxLines int) (*Cart, error) {
	if !id.Valid() {
		return nil, fmt.Errorf("payment: invalid order id %q", id)
	}
	if _, err := money.MinorUnits(cur); err != nil {
		return nil, err
	}
	if maxLines <= 0 {
		maxLines = 50
	}
	return &Cart{Order: id, Currency: cur, lines: make(map[string]*Line), maxLines: maxLines}, nil
}

// Add puts qty units of sku into the cart, merging with an existing line.
func (c *Cart) Add(sku string, qty int, price int64) error {
	if qty <= 0 || price < 0 {
		return fmt.Errorf("payment: bad line %s x%d @%d", sku, qty, price)
	}
	if l, ok := c.lines[sku]; ok {
		if l.Price != price {
			return fmt.Errorf("payment: price changed for %s", sku)
		}
		l.Qty += qty
		return nil
	}
	if len(c.lines) >= c.maxLines {
		return ErrCartFull
	}
	c.lines[sku] = &Line{SKU: sku, Qty: qty, Price: price}
	return nil
}

// Remove takes qty units of sku out of the cart, dropping the line when it
// reaches zero.
func (c *Cart) Remove(sku string, qty int) error {
	l, ok := c.lines[sku]
	if !ok {
		return fmt.Errorf("payment: %s not in cart", sku)
	}
	if qty <= 0 || qty > l.Qty {
		return fmt.Errorf("payment: cannot remove %d of %d %s", qty, l.Qty, sku)
	}
	l.Qty -= qty
	if l.Qty == 0 {
		delete(c.lines, sku)
	}
	return nil
}

// Apply attaches a coupon code. Only one coupon per cart is allowed.
func (c *Cart) Apply(code string) error {
	if c.coupon != "" {
		if c.coupon == code {
			return nil
		}
		return fmt.Errorf("payment: coupon %q already applied", c.coupon)
	}
	if len(code) < 4 {
		return fmt.Errorf("payment: coupon %q too short", code)
	}
	c.coupon = code
	return nil
}

// Shipping is charged on carts below FreeShippingFrom unless the FREESHIP
// coupon is applied.
const (
	Shipping         int64 = 495
	FreeShippingFrom int64 = 5000
)

// Total returns the cart total after the coupon and shipping, in minor units.
func (c *Cart) Total() int64 {
	var sum int64
	for _, l := range c.lines {
		sum += l.Price * int64(l.Qty)
	}
	if sum == 0 {
		return 0
	}
	shipping := Shipping
	if sum >= FreeShippingFrom {
		shipping = 0
	}
	switch c.coupon {
	case "":
	case "HALFOFF":
		sum = money.Percent(sum, 50)
	case "FREESHIP":
		shipping = 0
	default:
		sum = money.Percent(sum, 5)
	}
	return sum + shipping
}

// Lines returns the cart lines sorted by SKU.
func (c Cart) Lines() []Line {
	out := make([]Line, 0, len(c.lines))
	for _, l := range c.lines {
		out = append(out, *l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SKU < out[j].SKU })
	return out
}

// Request builds an authorization request for the cart.
func (c *Cart) Request(method Method, card string) Request {
	return Request{
		Order:    c.Order,
		Amount:   c.Total(),
		Currency: string(c.Currency),
		Method:   method,
		Card:     card,
	}
}
