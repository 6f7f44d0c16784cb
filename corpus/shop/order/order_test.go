package order

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"example.com/shop/internal/money"
)

func TestParseOrder(t *testing.T) {
	o, err := ParseOrder("id=A17;sku=bk-00042;qty=3;price=12.50;cur=EUR;coupon=WELCOME10")
	if err != nil {
		t.Fatal(err)
	}
	if o.ID != "A17" || o.SKU != "BK-00042" || o.Qty != 3 || o.Price != 1250 {
		t.Fatalf("unexpected order %+v", o)
	}
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := o.Total(); got != 3375 {
		t.Errorf("Total = %d, want 3375", got)
	}
	if got := o.Summary(); got != "A17 3xBK-00042 33.75 EUR [new]" {
		t.Errorf("Summary = %q", got)
	}
}

func TestParseOrderDefaults(t *testing.T) {
	o, err := ParseOrder("  id=B2;sku=EL-00007;  ")
	if err != nil {
		t.Fatal(err)
	}
	if o.Qty != 1 || o.Currency != money.EUR || o.Status != "new" {
		t.Fatalf("defaults not applied: %+v", o)
	}
}

func TestParseOrderErrors(t *testing.T) {
	if _, err := ParseOrder(""); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: got %v", err)
	}
	var pe *ParseError
	if _, err := ParseOrder("id=A1;qty=three"); !errors.As(err, &pe) || pe.Field != "qty" {
		t.Errorf("qty: got %v", err)
	}
	if _, err := ParseOrder("sku=BK-00001"); !errors.As(err, &pe) || pe.Field != "id" {
		t.Errorf("missing id: got %v", err)
	}
}

func TestValidate(t *testing.T) {
	good := []*Order{
		{ID: "1", SKU: "BK-00001", Qty: 1, Currency: money.EUR, Status: "new"},
		{ID: "2", SKU: "EL-12345", Qty: 40, Currency: money.USD, Status: "paid"},
		{ID: "3", SKU: "BK-99999", Qty: 2, Currency: money.JPY, Status: "cancelled"},
	}
	for _, o := range good {
		if err := o.Validate(); err != nil {
			t.Errorf("%s: %v", o.ID, err)
		}
	}
	bad := &Order{ID: "4", SKU: "BK-1", Qty: 1, Currency: money.EUR, Status: "new"}
	if err := bad.Validate(); err == nil {
		t.Error("short sku accepted")
	}
}

func TestDiscount(t *testing.T) {
	cases := map[string]int{
		"":          0,
		"WELCOME10": 10,
		"VIP-2024":  15,
		"SUMMER":    0,
	}
	for code, want := range cases {
		if got := Discount(code); got != want {
			t.Errorf("Discount(%q) = %d, want %d", code, got, want)
		}
	}
}

func TestParseBatch(t *testing.T) {
	var b strings.Builder
	b.WriteString("// nightly export\n")
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&b, "id=N%d;sku=BK-%05d;qty=1;price=1.00\n", i, i)
	}
	// One duplicate among a thousand lines: the duplicate branch is rare.
	b.WriteString("id=N500;sku=BK-00500;qty=2\n")
	b.WriteString("\n")
	res, err := ParseBatch(b.String(), true)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Orders) != 1000 || len(res.Duplicates) != 1 || res.Rejected != 0 {
		t.Fatalf("got %d orders, %d duplicates, %d rejected",
			len(res.Orders), len(res.Duplicates), res.Rejected)
	}
}
