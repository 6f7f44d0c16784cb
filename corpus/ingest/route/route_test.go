package route

import "testing"

func TestParseOrder(t *testing.T) {
	o, err := ParseOrder("/v1/orders/acme/42")
	if err != nil || o.Shop != "acme" || o.ID != 42 {
		t.Fatalf("ParseOrder = %+v, %v", o, err)
	}
}

func TestParseRange(t *testing.T) {
	s, e, err := ParseRange("bytes=0-99")
	if err != nil || s != 0 || e != 99 {
		t.Fatalf("ParseRange = %d, %d, %v", s, e, err)
	}
}

func TestValidTag(t *testing.T) {
	if !ValidTag("billing") {
		t.Fatal("billing is a valid tag")
	}
}
