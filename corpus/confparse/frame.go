package confparse

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Frames are the wire format used to push configs to agents:
//
//	0..2  magic "CF!"
//	3     version: 0x01, or 0x7f for the extended header
//	4     kind (FrameData, FramePing, FrameClose)
//	5..6  payload length, big endian
//	7..10 flags, big endian (extended header only)
//	...   payload
//	last  XOR checksum of the payload
//
// Decode exercises a byte-indexed version check (b[3] == 0x7f), length
// arithmetic and a checksum. Only version 1 frames appear in the tests.

// Frame kinds.
const (
	FrameData  byte = 0x01
	FramePing  byte = 0x02
	FrameClose byte = 0x03
)

// Header versions.
const (
	VersionBasic    byte = 0x01
	VersionExtended byte = 0x7f
)

// MaxPayload bounds the payload size.
const MaxPayload = 4096

// Frame is one decoded message.
type Frame struct {
	Version byte
	Kind    byte
	Flags   uint32
	Payload []byte
}

var (
	// ErrShortFrame means the input ended before the frame did.
	ErrShortFrame = errors.New("confparse: short frame")
	// ErrChecksum means the trailing checksum did not match.
	ErrChecksum = errors.New("confparse: bad frame checksum")
)

func checksum(p []byte) byte {
	var x byte
	for _, c := range p {
		x ^= c
	}
	return x
}

// Decode parses exactly one frame from b.
func Decode(b []byte) (Frame, error) {
	var f Frame
	if len(b) < 8 {
		return f, ErrShortFrame
	}
	if b[0] != 'C' || b[1] != 'F' || b[2] != '!' {
		return f, errors.New("confparse: bad frame magic")
	}
	hdr := 7
	switch {
	case b[3] == VersionBasic:
	case b[3] == VersionExtended:
		hdr = 11
		if len(b) < hdr+1 {
			return f, ErrShortFrame
		}
		f.Flags = binary.BigEndian.Uint32(b[7:11])
		if f.Flags&0xffff0000 != 0 {
			return f, fmt.Errorf("confparse: reserved flag bits set: %#x", f.Flags)
		}
	default:
		return f, fmt.Errorf("confparse: unknown frame version %#x", b[3])
	}
	f.Version = b[3]
	f.Kind = b[4]
	n := int(binary.BigEndian.Uint16(b[5:7]))
	if n > MaxPayload {
		return f, fmt.Errorf("confparse: payload of %d bytes too large", n)
	}
	switch f.Kind {
	case FrameData:
	case FramePing, FrameClose:
		if n != 0 {
			return f, fmt.Errorf("confparse: control frame %#x with payload", f.Kind)
		}
	default:
		return f, fmt.Errorf("confparse: unknown frame kind %#x", f.Kind)
	}
	if len(b) != hdr+n+1 {
		if len(b) < hdr+n+1 {
			return f, ErrShortFrame
		}
		return f, errors.New("confparse: trailing bytes after frame")
	}
	f.Payload = b[hdr : hdr+n]
	if checksum(f.Payload) != b[hdr+n] {
		return f, ErrChecksum
	}
	return f, nil
}

// Encode is the inverse of Decode.
func Encode(f Frame) []byte {
	out := []byte{'C', 'F', '!', f.Version, f.Kind, 0, 0}
	binary.BigEndian.PutUint16(out[5:7], uint16(len(f.Payload)))
	if f.Version == VersionExtended {
		out = binary.BigEndian.AppendUint32(out, f.Flags)
	}
	out = append(out, f.Payload...)
	return append(out, checksum(f.Payload))
}
