// Package frame decodes the binary frames of the ingest wire protocol: a fixed big-endian header
// read with binary.Read, a payload whose length and CRC-32C the header carries, varint-prefixed
// counters and blobs with adler32/crc64 trailers.
package frame

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/adler32"
	"hash/crc32"
	"hash/crc64"
)

const (
	magic      = 0x48534631 // "HSF1"
	headerSize = 16
)

// Frame kinds.
const (
	KindPing  = 1
	KindData  = 2
	KindClose = 3
)

var (
	castagnoli = crc32.MakeTable(crc32.Castagnoli)
	isoTable   = crc64.MakeTable(crc64.ISO)
)

// Errors returned by the decoders.
var (
	ErrShort    = errors.New("frame: short")
	ErrMagic    = errors.New("frame: bad magic")
	ErrVersion  = errors.New("frame: unsupported version")
	ErrLength   = errors.New("frame: length mismatch")
	ErrChecksum = errors.New("frame: checksum mismatch")
	ErrVarint   = errors.New("frame: bad varint")
)

// header is the wire layout of a frame header (big-endian).
type header struct {
	Magic   uint32
	Version uint8
	Flags   uint8
	Kind    uint16
	Length  uint32
	CRC     uint32
}

// Frame is a decoded frame.
type Frame struct {
	Kind    uint16
	Urgent  bool
	Payload []byte
}

// Decode checks and decodes one frame.
func Decode(b []byte) (*Frame, error) {
	if len(b) < headerSize {
		return nil, ErrShort
	}
	if binary.BigEndian.Uint32(b[0:4]) != magic {
		return nil, ErrMagic
	}
	var hdr header
	if err := binary.Read(bytes.NewReader(b), binary.BigEndian, &hdr); err != nil {
		return nil, err
	}
	if hdr.Version != 2 {
		return nil, ErrVersion
	}
	payload := b[headerSize:]
	if int(hdr.Length) != len(payload) {
		return nil, ErrLength
	}
	if crc32.Checksum(payload, castagnoli) != hdr.CRC {
		return nil, ErrChecksum
	}
	f := &Frame{Kind: hdr.Kind, Payload: payload}
	if hdr.Flags == 1 {
		f.Urgent = true
	}
	switch hdr.Kind {
	case KindPing:
		f.Payload = nil
	case KindClose:
		if len(payload) > 0 {
			return nil, ErrLength
		}
	case KindData:
		if len(payload) > 1024 {
			f.Urgent = false
		}
	}
	return f, nil
}

// Counter decodes a varint-encoded counter and classifies it.
func Counter(b []byte) (string, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 {
		return "", ErrVarint
	}
	if n == 0 {
		return "zero", nil
	}
	if n > 1<<20 {
		return "huge", nil
	}
	return "small", nil
}

// Blob checks a blob: adler32 (little-endian, bytes 0..4) and CRC-64/ISO (bytes 4..12) of the
// body that follows, then a little-endian record tag.
func Blob(b []byte) (string, error) {
	if len(b) < 12 {
		return "", ErrShort
	}
	body := b[12:]
	if adler32.Checksum(body) != binary.LittleEndian.Uint32(b[0:4]) {
		return "", ErrChecksum
	}
	if crc64.Checksum(body, isoTable) != binary.LittleEndian.Uint64(b[4:12]) {
		return "", ErrChecksum
	}
	if len(body) > 64 {
		return "large", nil
	}
	if len(body) >= 2 && binary.LittleEndian.Uint16(body[0:2]) == 0xCAFE {
		return "tagged", nil
	}
	return "plain", nil
}
