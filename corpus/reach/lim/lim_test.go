package lim

import "testing"

func TestWeak(t *testing.T) {
	if Parse("x") != "none" {
		t.Fatal("Parse")
	}
	if Check("a") != 1 {
		t.Fatal("Check")
	}
}
