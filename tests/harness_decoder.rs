//! The decoder format, end to end: Rust encodes values, the generated Go decoder reads them
//! back and prints them with `%v`; the output must equal the Rust-side rendering.

mod common;

use heatseed::plan::Shape;
use heatseed::writers::decoder::{self, Value};
use std::fmt::Write;

fn sc(go: &str) -> Shape {
    Shape::Scalar {
        go: heatseed::gotypes::Basic::parse(go).expect("a basic type"),
    }
}

/// Go's `%v` of a decoded value (no pointers inside composites: those print addresses).
fn go_v(shape: &Shape, v: &Value) -> String {
    match (shape, v) {
        (Shape::Named { inner, .. }, v) => go_v(inner, v),
        (Shape::Pointer { elem }, v) => format!("&{}", go_v(elem, v)),
        (Shape::String, Value::Bytes(b)) => String::from_utf8(b.clone()).unwrap(),
        (Shape::Bytes, Value::Bytes(b)) => {
            let xs: Vec<String> = b.iter().map(|x| x.to_string()).collect();
            format!("[{}]", xs.join(" "))
        }
        (_, Value::Bool(b)) => b.to_string(),
        (_, Value::Int(i)) => i.to_string(),
        (_, Value::Uint(u)) => u.to_string(),
        (_, Value::Float(f)) => f.to_string(),
        (Shape::Slice { elem } | Shape::Array { elem, .. }, Value::List(l)) => {
            let xs: Vec<String> = l.iter().map(|x| go_v(elem, x)).collect();
            format!("[{}]", xs.join(" "))
        }
        (Shape::Map { key, value }, Value::Map(m)) => {
            let mut m = m.clone();
            m.sort_by(|a, b| format!("{:?}", a.0).cmp(&format!("{:?}", b.0)));
            let xs: Vec<String> = m
                .iter()
                .map(|(k, x)| format!("{}:{}", go_v(key, k), go_v(value, x)))
                .collect();
            format!("map[{}]", xs.join(" "))
        }
        (Shape::Struct { fields }, Value::Struct(vs)) => {
            let xs: Vec<String> = fields
                .iter()
                .zip(vs)
                .map(|((_, s), x)| go_v(s, x))
                .collect();
            format!("{{{}}}", xs.join(" "))
        }
        (s, v) => panic!("no %v for {s:?} / {v:?}"),
    }
}

#[test]
fn rust_encoder_and_go_decoder_agree() {
    if !common::have_go() {
        return;
    }
    let point = Shape::Named {
        go: "Point".into(),
        inner: Box::new(Shape::Struct {
            fields: vec![
                ("X".into(), sc("int16")),
                (
                    "Tags".into(),
                    Shape::Slice {
                        elem: Box::new(Shape::String),
                    },
                ),
                ("On".into(), sc("bool")),
                ("W".into(), sc("float64")),
            ],
        }),
    };
    let cases: Vec<(Shape, Value)> = vec![
        (sc("int"), Value::Int(-123456789)),
        (sc("int8"), Value::Int(-7)),
        (sc("uint16"), Value::Uint(65535)),
        (sc("rune"), Value::Int('é' as i64)),
        (sc("float32"), Value::Float(1.5)),
        (sc("bool"), Value::Bool(true)),
        (Shape::String, Value::str("héllo")),
        (Shape::Bytes, Value::Bytes((0..=200).collect())),
        (
            Shape::Slice {
                elem: Box::new(sc("int64")),
            },
            Value::List(vec![Value::Int(1), Value::Int(-2), Value::Int(1 << 40)]),
        ),
        (
            Shape::Map {
                key: Box::new(Shape::String),
                value: Box::new(sc("uint8")),
            },
            Value::Map(vec![
                (Value::str("b"), Value::Uint(2)),
                (Value::str("a"), Value::Uint(1)),
            ]),
        ),
        (
            Shape::Array {
                len: 3,
                elem: Box::new(sc("int32")),
            },
            Value::List(vec![Value::Int(9), Value::Int(-9)]),
        ),
        (
            point.clone(),
            Value::Struct(vec![
                Value::Int(-300),
                Value::List(vec![Value::str("x"), Value::str("")]),
                Value::Bool(true),
                Value::Float(-0.25),
            ]),
        ),
        (
            Shape::Pointer {
                elem: Box::new(point.clone()),
            },
            Value::Struct(vec![]),
        ),
        (
            Shape::Slice {
                elem: Box::new(point),
            },
            Value::List(vec![]),
        ),
    ];
    let shapes: Vec<&Shape> = cases.iter().map(|(s, _)| s).collect();
    let dec = decoder::go_decoder(&shapes, "heatseed");
    let mut go = String::from("package dec\n\nimport (\n\t\"fmt\"\n\t\"math\"\n\t\"testing\"\n)\n\nvar _ = math.Pi\n\ntype Point struct {\n\tX    int16\n\tTags []string\n\tOn   bool\n\tW    float64\n}\n\nfunc TestDecode(t *testing.T) {\n");
    let mut want = String::new();
    for (shape, value) in &cases {
        let bytes = decoder::encode(shape, value);
        // The Rust reference decoder is the spec; it must agree with the encoder's intent.
        let back = decoder::decode(shape, &bytes);
        let _ = writeln!(want, "{}", go_v(shape, &back));
        let lit: Vec<String> = bytes.iter().map(|b| b.to_string()).collect();
        let _ = writeln!(
            go,
            "\t{{\n\t\tc := &heatseedCursor{{b: []byte{{{}}}}}\n\t\tfmt.Println({})\n\t}}",
            lit.join(", "),
            decoder::go_expr(shape, "heatseed")
        );
    }
    go.push_str("}\n\n");
    go.push_str(&dec.source);
    // go 1.12: an old language version a module may still declare (a
    // signed shift count needs go1.13; the decoder converts it).
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("go.mod"),
        "module example.com/dec\n\ngo 1.12\n",
    )
    .unwrap();
    std::fs::write(tmp.path().join("dec_test.go"), &go).unwrap();
    let out = common::go(
        tmp.path(),
        &["test", "-count=1", "-v", "-run", "TestDecode", "."],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let got: String = stdout
        .lines()
        .filter(|l| {
            !l.starts_with("=== ")
                && !l.starts_with("--- ")
                && !l.starts_with("PASS")
                && !l.starts_with("ok ")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(got, want, "Go decoded differently; generated test:\n{go}");
    // Spot-check the values survived (not just that both sides agree).
    assert!(want.contains("-123456789\n-7\n65535\n233\n1.5\ntrue\nhéllo\n"));
    assert!(want.contains("map[a:1 b:2]"));
    assert!(want.contains("[9 -9 0]"));
    assert!(want.contains("{-300 [x ] true -0.25}"));
}
