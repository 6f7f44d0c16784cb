package order

import (
	"strings"
	"testing"
)

func FuzzParseOrder(f *testing.F) {
	f.Add("id=A17;sku=BK-00042;qty=3;price=12.50;cur=EUR")
	f.Fuzz(func(t *testing.T, s string) {
		o, err := ParseOrder(s)
		if err != nil {
			return
		}
		if o.ID == "" {
			t.Fatalf("ParseOrder(%q) accepted an order without id", s)
		}
		// Validate and Total must not panic on anything ParseOrder accepts.
		_ = o.Validate()
		_ = o.Total()
	})
}

func FuzzParseBatch(f *testing.F) {
	f.Add("id=1;sku=BK-00001\nid=2;sku=EL-00002", false)
	f.Fuzz(func(t *testing.T, text string, strict bool) {
		res, err := ParseBatch(text, strict)
		if err != nil {
			if !strict {
				t.Fatalf("lenient ParseBatch failed: %v", err)
			}
			return
		}
		lines := strings.Count(text, "\n") + 1
		if n := len(res.Orders) + len(res.Duplicates) + res.Rejected; n > lines {
			t.Fatalf("%d results from %d lines", n, lines)
		}
	})
}
