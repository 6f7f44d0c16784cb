package payment

import (
	"encoding/json"
	"errors"
	"testing"
)

const testCard = "4539 1488 0343 6467"

func TestAuthorizeCard(t *testing.T) {
	body := []byte(`{"order_id":"ord_1001","amount":4999,"currency":"EUR","method":"card","card":"` + testCard + `"}`)
	d, err := Authorize(body)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != Paid || d.Review {
		t.Fatalf("unexpected decision %+v", d)
	}
}

func TestAuthorizeWire(t *testing.T) {
	body := []byte(`{"order_id":"ord_1002","amount":120000,"currency":"USD","method":"wire"}`)
	d, err := Authorize(body)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != Pending {
		t.Fatalf("wire should be pending, got %v", d.Status)
	}
}

func TestAuthorizeBadRequests(t *testing.T) {
	for _, body := range []string{
		`{"order_id":`,
		`{"order_id":"1003","amount":1,"currency":"EUR","method":"card"}`,
		`{"order_id":"ord_1004","amount":0,"currency":"EUR","method":"card"}`,
	} {
		if _, err := Authorize([]byte(body)); !errors.Is(err, ErrBadRequest) {
			t.Errorf("%s: got %v, want ErrBadRequest", body, err)
		}
	}
}

func TestAuthorizeDeclined(t *testing.T) {
	body := []byte(`{"order_id":"ord_1005","amount":100,"currency":"EUR","method":"card","card":"4539 1488 0343 6468"}`)
	d, err := Authorize(body)
	if !errors.Is(err, ErrDeclined) || d.Status != Failed {
		t.Fatalf("got %+v, %v", d, err)
	}
}

func TestStatusString(t *testing.T) {
	if Paid.String() != "paid" || Pending.String() != "pending" {
		t.Error("bad status names")
	}
}

func TestCartRequestRoundTrip(t *testing.T) {
	c, err := NewCart("ord_2001", "EUR", 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Add("BK-00001", 2, 1500); err != nil {
		t.Fatal(err)
	}
	if err := c.Add("BK-00001", 1, 1500); err != nil {
		t.Fatal(err)
	}
	if err := c.Add("EL-00002", 1, 2500); err != nil {
		t.Fatal(err)
	}
	if err := c.Apply("SPRING"); err != nil {
		t.Fatal(err)
	}
	if err := c.Apply("SPRING"); err != nil {
		t.Fatal(err)
	}
	lines := c.Lines()
	if len(lines) != 2 || lines[0].Qty != 3 {
		t.Fatalf("lines = %+v", lines)
	}
	if got := c.Total(); got != 6650 {
		t.Fatalf("Total = %d, want 6650", got)
	}
	body, err := json.Marshal(c.Request(Card, testCard))
	if err != nil {
		t.Fatal(err)
	}
	d, err := Authorize(body)
	if err != nil || d.Status != Paid {
		t.Fatalf("got %+v, %v", d, err)
	}
}

func TestCartSmall(t *testing.T) {
	c, err := NewCart("ord_2002", "USD", 3)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Add("BK-00009", 1, 1000); err != nil {
		t.Fatal(err)
	}
	if got := c.Total(); got != 1000+Shipping {
		t.Fatalf("Total = %d", got)
	}
	// Only the early return of Remove is exercised; the rest stays cold.
	if err := c.Remove("EL-00404", 1); err == nil {
		t.Fatal("removed a missing sku")
	}
	if _, err := NewCart("2003", "USD", 3); err == nil {
		t.Fatal("invalid order id accepted")
	}
}
