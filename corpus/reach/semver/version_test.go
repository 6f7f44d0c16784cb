package semver

import "testing"

func TestParseRejects(t *testing.T) {
	if _, err := Parse(""); err == nil {
		t.Fatal("empty accepted")
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Version
	}{
		{"1.2.3", Version{1, 2, 3}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %v, %v", tt.in, got, err)
		}
	}
}
