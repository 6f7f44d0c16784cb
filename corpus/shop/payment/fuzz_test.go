package payment

import (
	"errors"
	"testing"
)

func FuzzAuthorize(f *testing.F) {
	f.Add([]byte(`{"order_id":"ord_1","amount":250,"currency":"EUR","method":"wire"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		d, err := Authorize(body)
		if err == nil && d == nil {
			t.Fatal("nil decision without error")
		}
		if errors.Is(err, ErrDeclined) && d.Status != Failed {
			t.Fatalf("declined with status %v", d.Status)
		}
	})
}

func FuzzCartAdd(f *testing.F) {
	f.Add("BK-00001", 2, int64(1500))
	f.Fuzz(func(t *testing.T, sku string, qty int, price int64) {
		c, err := NewCart("ord_fuzz", "EUR", 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Add(sku, qty, price); err != nil {
			if len(c.Lines()) != 0 {
				t.Fatal("failed Add changed the cart")
			}
			return
		}
		if len(c.Lines()) != 1 {
			t.Fatalf("want one line, got %d", len(c.Lines()))
		}
	})
}
