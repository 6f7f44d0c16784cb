package confparse

import (
	"bytes"
	"testing"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte("%conf 1\n[a]\nk = v\n"), false)
	f.Add([]byte("%conf 1\nport = 80\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, strict bool) {
		cfg, err := ParseWith(data, Options{Strict: strict})
		if err != nil {
			return
		}
		if len(cfg.SectionNames()) != len(cfg.Sections) {
			t.Fatalf("%d names for %d sections", len(cfg.SectionNames()), len(cfg.Sections))
		}
		// Must not panic, whatever the section contains.
		_, _ = cfg.ServerConfig()
	})
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte{'C', 'F', '!', 0x01, 0x01, 0x00, 0x02, 'h', 'i', 'h' ^ 'i'})
	f.Fuzz(func(t *testing.T, data []byte) {
		fr, err := Decode(data)
		if err != nil {
			return
		}
		if got := Encode(fr); !bytes.Equal(got, data) {
			t.Fatalf("Encode(Decode(%x)) = %x", data, got)
		}
	})
}

func FuzzUnquote(f *testing.F) {
	f.Add(`"plain"`)
	f.Fuzz(func(t *testing.T, s string) {
		out, err := unquote(s)
		if err != nil {
			return
		}
		if len(out) > len(s) {
			t.Fatalf("unquote grew %q to %q", s, out)
		}
	})
}
