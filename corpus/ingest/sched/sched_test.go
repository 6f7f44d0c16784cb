package sched

import "testing"

func TestHappyPaths(t *testing.T) {
	check := func(name, got string, err error, want string) {
		t.Helper()
		if err != nil || got != want {
			t.Fatalf("%s = %q, %v; want %q", name, got, err, want)
		}
	}
	got, err := Window("2025-03-01 10:00", "2h")
	check("Window", got, err, "short")
	got, err = Expires("2020-01-01T00:00:00Z")
	check("Expires", got, err, "expired")
	got, err = Endpoint("https://api.example/hook?token=abc")
	check("Endpoint", got, err, "external")
	got, err = Peer("192.0.2.7")
	check("Peer", got, err, "remote")
	got, err = Family("2001:db8::1")
	check("Family", got, err, "v6")
	got, err = Subnet("10.0.0.0/8")
	check("Subnet", got, err, "network")
	n, err := Limit("ff")
	if err != nil || n != 255 {
		t.Fatalf("Limit = %d, %v", n, err)
	}
	got, err = Flags("0.25", "true")
	check("Flags", got, err, "normal")
	got, err = Token("AAAAAAAAAAAAAAAAAAAAAA==")
	check("Token", got, err, "v0")
	got, err = Digest("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
	check("Digest", got, err, "sha256")
}
