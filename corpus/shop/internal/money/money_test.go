package money

import "testing"

func TestParseAmount(t *testing.T) {
	cases := []struct {
		in   string
		cur  Currency
		want int64
	}{
		{"12.50", EUR, 1250},
		{"3", USD, 300},
		{"0.5", EUR, 50},
		{"980", JPY, 980},
	}
	for _, c := range cases {
		got, err := ParseAmount(c.in, c.cur)
		if err != nil {
			t.Fatalf("ParseAmount(%q, %s): %v", c.in, c.cur, err)
		}
		if got != c.want {
			t.Errorf("ParseAmount(%q, %s) = %d, want %d", c.in, c.cur, got, c.want)
		}
	}
	if _, err := ParseAmount("1.999", EUR); err == nil {
		t.Error("expected error for three decimals")
	}
}

func TestFormat(t *testing.T) {
	if got := Format(1250, EUR); got != "12.50 EUR" {
		t.Errorf("got %q", got)
	}
	if got := Format(7, USD); got != "0.07 USD" {
		t.Errorf("got %q", got)
	}
	if got := Format(980, JPY); got != "980 JPY" {
		t.Errorf("got %q", got)
	}
}

func TestPercent(t *testing.T) {
	if got := Percent(1000, 15); got != 850 {
		t.Errorf("got %d", got)
	}
	if got := Percent(1000, 0); got != 1000 {
		t.Errorf("got %d", got)
	}
}
