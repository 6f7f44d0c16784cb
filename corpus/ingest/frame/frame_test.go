package frame

import (
	"bytes"
	"encoding/binary"
	"hash/adler32"
	"hash/crc32"
	"hash/crc64"
	"testing"
)

func TestDecodeData(t *testing.T) {
	payload := []byte("hello")
	var buf bytes.Buffer
	hdr := header{Magic: magic, Version: 2, Kind: KindData, Length: uint32(len(payload)), CRC: crc32.Checksum(payload, castagnoli)}
	if err := binary.Write(&buf, binary.BigEndian, hdr); err != nil {
		t.Fatal(err)
	}
	buf.Write(payload)
	f, err := Decode(buf.Bytes())
	if err != nil || string(f.Payload) != "hello" {
		t.Fatalf("Decode = %+v, %v", f, err)
	}
}

func TestCounter(t *testing.T) {
	if c, err := Counter(binary.AppendUvarint(nil, 300)); err != nil || c != "small" {
		t.Fatalf("Counter = %q, %v", c, err)
	}
}

func TestBlob(t *testing.T) {
	body := []byte("plain body")
	b := binary.LittleEndian.AppendUint32(nil, adler32.Checksum(body))
	b = binary.LittleEndian.AppendUint64(b, crc64.Checksum(body, crc64.MakeTable(crc64.ISO)))
	b = append(b, body...)
	if c, err := Blob(b); err != nil || c != "plain" {
		t.Fatalf("Blob = %q, %v", c, err)
	}
}
