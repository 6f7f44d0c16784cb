//! Property tests for the profile reader: it never panics, and valid profiles round-trip.

use heatseed::heatmap::{merge_profiles, parse_profile, Mode};
use heatseed::span::{CoverPos, CoverRange};
use proptest::prelude::*;
use std::path::Path;

/// Bytes biased towards profile syntax, so the fuzzing reaches past the mode line.
fn profileish() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"mode: set\n".to_vec()),
        Just(b"mode: count\n".to_vec()),
        Just(b"mode: atomic\r\n".to_vec()),
        Just(b"a.go:1.2,3.4 5 6\n".to_vec()),
        Just(b"C:\\x y.go".to_vec()),
        proptest::collection::vec(
            prop_oneof![
                Just(b':'),
                Just(b'.'),
                Just(b','),
                Just(b' '),
                Just(b'-'),
                Just(b'\n'),
                Just(b'\r'),
                Just(0u8),
                Just(0xffu8),
                (b'0'..=b'9'),
            ],
            0..12
        ),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

#[derive(Clone, Debug)]
struct GenBlock {
    file: String,
    range: CoverRange,
    num_stmt: u32,
    count: u64,
}

fn gen_block() -> impl Strategy<Value = GenBlock> {
    (
        "[a-zA-Z0-9 :.,_/\\\\é☃-]{0,16}\\.go",
        (1u32.., any::<u32>(), 1u32.., any::<u32>()),
        any::<u32>(),
        any::<u64>(),
    )
        .prop_map(|(file, (l1, c1, l2, c2), num_stmt, count)| {
            let (a, b) = (CoverPos::new(l1, c1), CoverPos::new(l2, c2));
            let range = CoverRange::new(a.min(b), a.max(b));
            GenBlock {
                file,
                range,
                num_stmt,
                count,
            }
        })
}

fn gen_mode() -> impl Strategy<Value = Mode> {
    prop_oneof![Just(Mode::Set), Just(Mode::Count), Just(Mode::Atomic)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        if let Ok(p) = parse_profile(Path::new("p.out"), &bytes) {
            let _ = merge_profiles(vec![p]);
        }
    }

    #[test]
    fn profile_like_bytes_never_panic(bytes in profileish()) {
        if let Ok(p) = parse_profile(Path::new("p.out"), &bytes) {
            let _ = merge_profiles(vec![p]);
        }
    }

    #[test]
    fn valid_profiles_round_trip(
        mode in gen_mode(),
        blocks in proptest::collection::vec(gen_block(), 0..40),
        crlf in any::<bool>(),
        final_newline in any::<bool>(),
    ) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut text = format!("mode: {}", mode.as_str());
        for b in &blocks {
            text.push_str(eol);
            text.push_str(&format!("{}:{} {} {}", b.file, b.range, b.num_stmt, b.count));
        }
        if final_newline {
            text.push_str(eol);
        }
        let p = parse_profile(Path::new("p.out"), text.as_bytes()).unwrap();
        prop_assert_eq!(p.mode, mode);
        prop_assert_eq!(p.blocks.len(), blocks.len());
        for (i, (got, want)) in p.blocks.iter().zip(&blocks).enumerate() {
            prop_assert_eq!(&got.file, &want.file);
            prop_assert_eq!(got.range, want.range);
            prop_assert_eq!(got.num_stmt, want.num_stmt);
            prop_assert_eq!(got.count, want.count);
            prop_assert_eq!(got.line_no, i + 2);
        }
    }
}
