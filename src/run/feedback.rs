//! The fuzzer's progress fed back into the seeds: the inputs `go test -fuzz` added to the fuzz
//! cache become candidate seeds of a second seeds pass ([`crate::generate::Options::fuzzed`]),
//! measured and minimized like the synthesized ones (the refinement rounds start from the
//! synthesized seeds only, see [`crate::verify::refine`]). Inputs kept this way are committed seeds
//! of kind `fuzzed` (recorded in the manifest), so the coverage the fuzzer found survives a
//! cleaned cache (CI machines rarely keep `GOCACHE`), and every later run offers them again.

use crate::generate::FuzzedInput;
use crate::writers::native;
use std::collections::BTreeMap;
use std::path::Path;

/// (import path, fuzz test) → candidate inputs, as [`crate::generate::Options::fuzzed`] takes.
pub type Fuzzed = BTreeMap<(String, String), Vec<FuzzedInput>>;

/// The seeds of kind `fuzzed` an earlier run kept (from the module's manifest), read back from
/// their corpus files; files that are gone or do not decode are left out.
pub fn earlier(root: &Path) -> Fuzzed {
    let mut out = Fuzzed::new();
    let Ok(bytes) = std::fs::read(root.join(".heatseed").join("manifest.json")) else {
        return out;
    };
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return out;
    };
    for e in v["seeds"].as_array().into_iter().flatten() {
        if e["kind"] != "fuzzed" {
            continue;
        }
        let (Some(file), Some(pkg), Some(fuzz), Some(target)) = (
            e["file"].as_str(),
            e["package"].as_str(),
            e["fuzz_test"].as_str(),
            e["target"].as_str(),
        ) else {
            continue;
        };
        let rel = Path::new(file);
        if !crate::verify::is_plain_relative(rel) {
            continue;
        }
        let Some(values) = std::fs::read(root.join(rel))
            .ok()
            .and_then(|b| native::decode_corpus_file(&b).ok())
        else {
            continue;
        };
        out.entry((pkg.to_string(), fuzz.to_string()))
            .or_default()
            .push(FuzzedInput {
                target: target.to_string(),
                values,
            });
    }
    out
}

/// Adds the fuzz cache's inputs of each fuzzed test (`cache/<import path>/<FuzzX>/`, in
/// file-name order, at most [`crate::generate::MAX_FUZZED`] per test) to `into`, after the
/// inputs already there; `fuzzed` maps (import path, fuzz test) to the target it was fuzzed
/// for.
pub fn add_cache(into: &mut Fuzzed, cache: &Path, fuzzed: &BTreeMap<(String, String), String>) {
    for ((pkg, fuzz), target) in fuzzed {
        let dir = cache.join(pkg).join(fuzz);
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = rd.flatten().map(|e| e.path()).collect();
        paths.sort();
        let list = into.entry((pkg.clone(), fuzz.clone())).or_default();
        let mut added = 0;
        for p in paths {
            if added == crate::generate::MAX_FUZZED {
                break;
            }
            let Some(values) = std::fs::read(&p)
                .ok()
                .and_then(|b| native::decode_corpus_file(&b).ok())
            else {
                continue;
            };
            if list.iter().any(|f| f.values == values) {
                continue;
            }
            list.push(FuzzedInput {
                target: target.clone(),
                values,
            });
            added += 1;
        }
    }
}

/// The number of inputs offered.
pub fn count(f: &Fuzzed) -> usize {
    f.values().map(Vec::len).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Value;

    fn corpus(values: &[Value]) -> Vec<u8> {
        native::encode_corpus_file(values)
    }

    #[test]
    fn cache_inputs_are_read_in_name_order_without_repeats_or_junk() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("example.com/p/FuzzParse");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("b"), corpus(&[Value::string("two")])).unwrap();
        std::fs::write(dir.join("a"), corpus(&[Value::string("one")])).unwrap();
        std::fs::write(dir.join("c"), b"not a corpus file").unwrap();
        let mut into = Fuzzed::new();
        let key = ("example.com/p".to_string(), "FuzzParse".to_string());
        into.entry(key.clone()).or_default().push(FuzzedInput {
            target: "Parse".into(),
            values: vec![Value::string("two")],
        });
        let jobs = BTreeMap::from([(key.clone(), "Parse".to_string())]);
        add_cache(&mut into, d.path(), &jobs);
        let got: Vec<&Value> = into[&key].iter().map(|f| &f.values[0]).collect();
        assert_eq!(got, [&Value::string("two"), &Value::string("one")]);
        assert_eq!(count(&into), 2);
        // A test that was not fuzzed is not read.
        assert!(!into.contains_key(&("example.com/p".into(), "FuzzOther".into())));
    }

    #[test]
    fn earlier_fuzzed_seeds_come_from_the_manifest_and_their_files() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path();
        std::fs::create_dir_all(root.join(".heatseed")).unwrap();
        std::fs::create_dir_all(root.join("p/testdata/fuzz/FuzzParse")).unwrap();
        std::fs::write(
            root.join("p/testdata/fuzz/FuzzParse/1"),
            corpus(&[Value::string("kept")]),
        )
        .unwrap();
        std::fs::write(
            root.join(".heatseed/manifest.json"),
            r#"{"seeds":[
              {"file":"p/testdata/fuzz/FuzzParse/1","package":"example.com/p","fuzz_test":"FuzzParse","target":"Parse","kind":"fuzzed"},
              {"file":"p/testdata/fuzz/FuzzParse/2","package":"example.com/p","fuzz_test":"FuzzParse","target":"Parse","kind":"fuzzed"},
              {"file":"p/testdata/fuzz/FuzzParse/1","package":"example.com/p","fuzz_test":"FuzzParse","target":"Parse","kind":"aimed"},
              {"file":"../p/testdata/fuzz/FuzzParse/1","package":"example.com/p","fuzz_test":"FuzzParse","target":"Parse","kind":"fuzzed"}
            ]}"#,
        )
        .unwrap();
        let got = earlier(root);
        let key = ("example.com/p".to_string(), "FuzzParse".to_string());
        assert_eq!(
            got[&key],
            [FuzzedInput {
                target: "Parse".into(),
                values: vec![Value::string("kept")]
            }]
        );
        assert!(earlier(&root.join("none")).is_empty());
    }
}
