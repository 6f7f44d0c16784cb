package confparse

import (
	"bytes"
	"errors"
	"testing"
)

func TestDecodeData(t *testing.T) {
	payload := []byte("%conf 1\n[a]\nb=c\n")
	raw := Encode(Frame{Version: VersionBasic, Kind: FrameData, Payload: payload})
	f, err := Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	if f.Kind != FrameData || !bytes.Equal(f.Payload, payload) {
		t.Fatalf("got %+v", f)
	}
	cfg, err := Parse(f.Payload)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := cfg.Get("a", "b"); v != "c" {
		t.Errorf("a.b = %v", v)
	}
}

func TestDecodePing(t *testing.T) {
	f, err := Decode([]byte{'C', 'F', '!', 0x01, FramePing, 0, 0, 0})
	if err != nil || f.Kind != FramePing {
		t.Fatalf("got %+v, %v", f, err)
	}
}

func TestDecodeBadChecksum(t *testing.T) {
	raw := Encode(Frame{Version: VersionBasic, Kind: FrameData, Payload: []byte("hi")})
	raw[len(raw)-1] ^= 0xff
	if _, err := Decode(raw); !errors.Is(err, ErrChecksum) {
		t.Fatalf("got %v", err)
	}
	if _, err := Decode(raw[:4]); !errors.Is(err, ErrShortFrame) {
		t.Fatalf("got %v", err)
	}
}
