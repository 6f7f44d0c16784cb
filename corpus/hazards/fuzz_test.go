package hazards

import "testing"

func FuzzParseLevel(f *testing.F) {
	f.Add("info")
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseLevel(s)
		if err == nil && (l < Debug || l > Error) {
			t.Fatalf("ParseLevel(%q) = %d", s, l)
		}
	})
}
