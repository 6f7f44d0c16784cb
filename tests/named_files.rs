//! Files under `testdata/` that a test names are the inputs of the function it feeds them to,
//! binary ones whole; and seeds are still measured when a fuzz test of the user's fails on its
//! own, with the real toolchain.
//!
//! `tlv.Decode(r io.Reader)` reads a binary container (a magic with a NUL byte, records, a
//! CRC-32 trailer); its data-record block is reached only by a file whose checksum holds, which
//! no edit of a literal and no mutation makes. Its table test (skipped under `-short`, the weak
//! heatmap) opens `testdata/<name>.tlv` for ten names; `data.tlv`, over 256 bytes, is the one
//! with data records. Beside it, the user's `FuzzLegacy` reads `../legacy`, which this module
//! lacks, and fails (image/png's `FuzzDecode` does the same in a copy of the package): the
//! plain `go test` of the package fails whatever heatseed writes.
//!
//! The build before (`cd89e44`) left the block cold here: the file names filled the table
//! tier, the file itself was cut into 256-byte pieces, and with `FuzzLegacy` failing no seed
//! was measured (every candidate was written unverified).

mod common;

use common::*;

const GO_MOD: &str = "module example.com/tlv\n\ngo 1.22\n";

const TLV_GO: &str = r#"// Package tlv decodes TLV files: a magic, records of (tag, length, payload), and a
// big-endian CRC-32 of everything before it.
package tlv

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
)

var magic = []byte("TLV\x00")

var (
	errMagic    = errors.New("tlv: not a TLV file")
	errChecksum = errors.New("tlv: checksum mismatch")
	errRecord   = errors.New("tlv: truncated record")
)

// File is a decoded TLV file.
type File struct {
	Name string
	Data []byte
	Tags int
}

// Valid reports whether b starts like a TLV file.
func Valid(b []byte) bool {
	return len(b) >= len(magic) && bytes.Equal(b[:len(magic)], magic)
}

// Decode reads one TLV file from r.
func Decode(r io.Reader) (*File, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if len(b) < len(magic)+4 || !Valid(b) {
		return nil, errMagic
	}
	body, sum := b[:len(b)-4], binary.BigEndian.Uint32(b[len(b)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, errChecksum
	}
	f := &File{}
	for rest := body[len(magic):]; len(rest) > 0; {
		if len(rest) < 2 || len(rest) < 2+int(rest[1]) {
			return nil, errRecord
		}
		tag, payload := rest[0], rest[2:2+int(rest[1])]
		rest = rest[2+int(rest[1]):]
		f.Tags++
		switch tag {
		case 'N':
			f.Name = string(payload)
		case 'D':
			f.Data = append(f.Data, payload...) // MARK:data
		}
	}
	return f, nil
}
"#;

const TLV_TEST_GO: &str = r#"package tlv

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

var files = []string{
	"empty", "name-only", "two-names", "blank-name", "long-name",
	"short-name", "data", "unknown-tag", "three", "four",
}

func TestWeak(t *testing.T) {
	if _, err := Decode(bytes.NewReader(nil)); err == nil {
		t.Fatal("an empty input decoded")
	}
}

func TestDecodeFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("reads every file")
	}
	for _, name := range files {
		f, err := os.Open(filepath.Join("testdata", name+".tlv"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Decode(f); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		f.Close()
	}
}

func FuzzLegacy(f *testing.F) {
	if testing.Short() {
		f.Skip("reads ../legacy")
	}
	entries, err := os.ReadDir("../legacy")
	if err != nil {
		f.Fatalf("legacy corpus: %v", err)
	}
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join("../legacy", e.Name()))
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_ = Valid(b)
	})
}
"#;

/// CRC-32 (IEEE), bit by bit: what Go's `crc32.ChecksumIEEE` computes.
fn crc32_ieee(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A TLV file of `records` (tag, payload), with its magic and checksum.
fn tlv_file(records: &[(u8, Vec<u8>)]) -> Vec<u8> {
    let mut b = b"TLV\0".to_vec();
    for (tag, payload) in records {
        b.push(*tag);
        b.push(u8::try_from(payload.len()).expect("a record of at most 255 bytes"));
        b.extend_from_slice(payload);
    }
    let sum = crc32_ieee(&b);
    b.extend_from_slice(&sum.to_be_bytes());
    b
}

fn mark_line() -> usize {
    TLV_GO
        .lines()
        .position(|l| l.contains("// MARK:data"))
        .expect("the mark")
        + 1
}

/// Writes the module into `dir`: sources, and one file under `testdata/` per name of the
/// test's table (`data.tlv` alone holds data records; it is over 256 bytes).
fn write_module(dir: &std::path::Path) {
    std::fs::write(dir.join("go.mod"), GO_MOD).unwrap();
    std::fs::write(dir.join("tlv.go"), TLV_GO).unwrap();
    std::fs::write(dir.join("tlv_test.go"), TLV_TEST_GO).unwrap();
    let td = dir.join("testdata");
    std::fs::create_dir_all(&td).unwrap();
    let names = [
        "empty",
        "name-only",
        "two-names",
        "blank-name",
        "long-name",
        "short-name",
        "unknown-tag",
        "three",
        "four",
    ];
    for name in names {
        let file = tlv_file(&[(b'N', name.as_bytes().to_vec())]);
        std::fs::write(td.join(format!("{name}.tlv")), file).unwrap();
    }
    let data = tlv_file(&[
        (b'N', b"data".to_vec()),
        (b'D', vec![0xA5; 150]),
        (b'D', (0..150u8).collect()),
    ]);
    assert!(data.len() > 256);
    std::fs::write(td.join("data.tlv"), data).unwrap();
}

#[test]
fn a_named_binary_file_is_a_whole_seed_measured_beside_a_failing_fuzz_test() {
    if !have_go() {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    write_module(dir);
    let file = "example.com/tlv/tlv.go";
    let line = mark_line();

    // The table test reaches the block (and passes); the weak heatmap (-short) leaves it cold.
    let out = go(dir, &["test", "-count=1", "-run", "^Test", "./..."]);
    assert!(out.status.success(), "{out:?}");
    let legacy = std::process::Command::new("go")
        .args(["test", "-count=1", "-run", "^FuzzLegacy$", "./..."])
        .current_dir(dir)
        .output()
        .expect("go test");
    assert!(
        !legacy.status.success(),
        "FuzzLegacy fails without ../legacy"
    );
    let weak = short_heatmap(dir);
    assert_eq!(max_count_on_line(&weak, file, line), 0);

    // No refinement rounds: the first round's seeds must reach it.
    let report = generate_first_round(dir);
    let notes = report["notes"].to_string();
    assert!(
        notes.contains("measured without FuzzLegacy"),
        "the seeds are measured without the failing fuzz test: {notes}"
    );

    // The replay of heatseed's fuzz test (`FuzzLegacy` still fails, as before).
    go(
        dir,
        &[
            "test",
            "-count=1",
            "-run",
            "^FuzzDecode$",
            "-covermode=count",
            "-coverprofile=replay.out",
            "./...",
        ],
    );
    let replay = std::fs::read_to_string(dir.join("replay.out")).expect("replay profile");
    assert!(
        max_count_on_line(&replay, file, line) > 0,
        "a seed must reach the data-record block"
    );
    // Measured: only seeds that reach something the others do not are written, and the one
    // reaching the block holds a checksummed file, so it starts with the magic.
    let seeds: Vec<Vec<u8>> = std::fs::read_dir(dir.join("testdata/fuzz/FuzzDecode"))
        .expect("FuzzDecode's seeds")
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    assert!(
        !seeds.is_empty() && seeds.len() <= 4,
        "a minimized corpus, not every candidate: {} seeds",
        seeds.len()
    );
    assert!(
        seeds
            .iter()
            .any(|s| s.starts_with(b"go test fuzz v1\n[]byte(\"TLV\\x00")),
        "a seed holding a TLV file: {:?}",
        seeds
            .iter()
            .map(|s| String::from_utf8_lossy(s))
            .collect::<Vec<_>>()
    );
}
