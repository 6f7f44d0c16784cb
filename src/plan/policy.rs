//! Which targets deserve a generated harness, and what the harness must do around the call
//! so a careful Go developer would keep it:
//! - no harness for `sort.Interface` index methods, for targets that reach side effects
//!   ([`super::hazards`]; `--allow-side-effects` opts in), or for targets the user's own fuzz
//!   test already drives with the same arguments (the seeds go there, [`twin`]);
//! - package-level variables the target assigns are restored after every input
//!   ([`Restore`]), or the target is skipped when no copy can restore them;
//! - a documented panic (`Must...`, "panics if" in the doc comment) is expected: the harness
//!   recovers it ([`expected_panic`]);
//! - iterator results (`iter.Seq`, `iter.Seq2`) are iterated, not discarded ([`ResultUse`]).

use super::hazards::StateWrite;
use super::{exported, PackageInfo};
use crate::index::{Function, GoType};
use serde::Serialize;
use std::collections::BTreeSet;

/// A package-level variable saved before the call and put back by `t.Cleanup`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Restore {
    /// The variable as the harness names it (`rng`, `config.Level`).
    pub var: String,
    /// Name hint for the saved copy (`rng` → `oldRng`).
    pub hint: String,
    /// A deep-enough copy for in-place changes (`maps.Clone`, `slices.Clone`); None: `old := v`.
    pub clone: Option<String>,
}

/// How the harness consumes one result of the target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ResultUse {
    /// Assigned to `_`.
    Discard,
    /// An `iter.Seq`/`iter.Seq2`: ranged over (`for range seq {}`) when the module's Go version
    /// allows range over functions (1.23), else called with a yield that always continues.
    /// `elems` are the element type texts (one for Seq, two for Seq2).
    Iterate { elems: Vec<String>, range: bool },
}

/// Why `f` gets no generated harness, if it gets none (checked before planning its inputs).
pub(super) fn refusal(f: &Function, pkg: &PackageInfo) -> Option<String> {
    if is_sort_index_method(f, pkg) {
        return Some(format!(
            "sort.Interface method: sort calls {} only with indices below Len(); fuzzed indices \
             would report out-of-range panics no caller causes",
            f.name
        ));
    }
    if !pkg.allow_side_effects {
        if let Some(e) = pkg.hazards.effect_of(&pkg.import_path, f) {
            return Some(e.reason());
        }
    }
    None
}

/// Why `f` needs no generated harness because the user's fuzz test drives it already with the
/// same arguments. `fuzzed_receiver`: the planned harness builds the receiver from fuzz input,
/// which the user's test (calling a method on a receiver of its own) does not vary: no twin.
pub(super) fn twin(f: &Function, pkg: &PackageInfo, fuzzed_receiver: bool) -> Option<String> {
    if fuzzed_receiver {
        return None;
    }
    user_test_driving(f, pkg).map(|uf| {
        format!("the user's fuzz test {uf} already drives it with the same arguments: its seeds go there")
    })
}

/// `Less(i, j int)`/`Swap(i, j int)` of a type with `Len`, `Less` and `Swap` methods.
fn is_sort_index_method(f: &Function, pkg: &PackageInfo) -> bool {
    let Some(r) = &f.receiver else { return false };
    let int_params = f.params.len() == 2
        && f.params
            .iter()
            .all(|p| matches!(&p.ty, GoType::Named { pkg: None, name, args } if name == "int" && args.is_empty()));
    if !matches!(f.name.as_str(), "Less" | "Swap") || !int_params {
        return false;
    }
    ["Len", "Less", "Swap"].iter().all(|m| {
        pkg.functions.iter().any(|g| {
            g.name == *m
                && g.receiver
                    .as_ref()
                    .is_some_and(|gr| gr.type_name == r.type_name)
        })
    })
}

/// The user's fuzz test that calls `f` passing every parameter straight from its fuzz
/// arguments (no generated twin is needed then). A call without arguments says nothing about
/// how the user's test builds the receiver: it is no twin.
fn user_test_driving<'a>(f: &Function, pkg: &'a PackageInfo) -> Option<&'a str> {
    pkg.user_fuzz
        .iter()
        .find(|uf| {
            uf.calls.iter().any(|c| {
                c.callee == f.name
                    && c.method == f.receiver.is_some()
                    && !f.params.is_empty()
                    && c.arg_map.len() == f.params.len()
                    && c.arg_map.iter().all(Option::is_some)
            })
        })
        .map(|uf| uf.name.as_str())
}

/// The package state `f` changes, as restores (with the imports they need), or why it
/// cannot be restored.
pub(super) fn restores(
    f: &Function,
    pkg: &PackageInfo,
) -> Result<(Vec<Restore>, BTreeSet<String>), String> {
    let mut out = Vec::new();
    let mut imports = BTreeSet::new();
    for w in pkg.hazards.writes_of(&pkg.import_path, f) {
        let var = if w.package == pkg.import_path {
            w.var.clone()
        } else {
            let q = pkg
                .imports
                .iter()
                .find(|(_, p)| **p == w.package)
                .map(|(q, _)| q.clone())
                .filter(|_| exported(&w.var))
                .ok_or_else(|| {
                    format!(
                        "changes package state the harness cannot restore: variable {} of {} (assigned in {})",
                        w.var, w.package, w.writer
                    )
                })?;
            imports.insert(w.package.clone());
            format!("{q}.{}", w.var)
        };
        let clone = if w.in_place {
            Some(in_place_copy(&w, pkg)?)
        } else {
            None
        };
        if let Some(c) = clone.as_deref().and_then(|c| c.split_once('.')) {
            imports.insert(c.0.to_string());
        }
        out.push(Restore {
            var,
            hint: w.var.clone(),
            clone: clone.filter(|c| !c.is_empty()),
        });
    }
    Ok((out, imports))
}

/// The copy that undoes in-place changes of `w`: `maps.Clone`/`slices.Clone`, the empty
/// string for a struct value (a plain copy), or why none does.
fn in_place_copy(w: &StateWrite, pkg: &PackageInfo) -> Result<String, String> {
    let ty = w.decl.ty.as_ref().map(|t| t.to_string());
    let shape = ty
        .clone()
        .or_else(|| w.decl.value.clone())
        .unwrap_or_default();
    // `var structMap = make(map[reflect.Type]*structInfo)`: the made type's shape.
    let shape = shape
        .strip_prefix("make(")
        .map_or(shape.as_str(), str::trim_start);
    let modern = pkg.go_version.map_or(true, |v| v >= (1, 21));
    if shape.starts_with("map[") && modern {
        return Ok("maps.Clone".into());
    }
    if shape.starts_with("[]") && modern {
        return Ok("slices.Clone".into());
    }
    let struct_value = match &w.decl.ty {
        Some(GoType::Named {
            pkg: None, name, ..
        }) => pkg
            .type_decl(name)
            .is_some_and(|d| matches!(d.ty, GoType::Struct { .. })),
        Some(GoType::Struct { .. }) => true,
        Some(_) => false,
        None => pkg.types.iter().any(|d| {
            matches!(d.ty, GoType::Struct { .. }) && shape.starts_with(&format!("{}{{", d.name))
        }),
    };
    if struct_value && w.package == pkg.import_path {
        return Ok(String::new());
    }
    Err(format!(
        "changes package variable {} in place (in {}) and a copy cannot restore it",
        w.var, w.writer
    ))
}

/// Why the harness expects `f` to panic, when it documents that it does.
pub fn expected_panic(f: &Function) -> Option<String> {
    let must = f
        .name
        .strip_prefix("Must")
        .is_some_and(|rest| rest.chars().next().map_or(true, char::is_uppercase));
    if must {
        return Some(format!(
            "{} panics by design (a Must function): its panics are expected, not findings",
            f.name
        ));
    }
    let doc = f.doc.as_deref()?.to_lowercase();
    const SAYS: &[&str] = &[
        "panics if",
        "panics when",
        "panics on",
        "panics unless",
        "panics for",
        "will panic",
        "it panics",
    ];
    SAYS.iter().any(|s| doc.contains(s)).then(|| {
        format!(
            "{} documents that it panics: its panics are expected, not findings",
            f.name
        )
    })
}

/// How each result of `f` is consumed, and the imports that needs.
pub(super) fn result_uses(f: &Function, pkg: &PackageInfo) -> (Vec<ResultUse>, BTreeSet<String>) {
    let range = pkg.go_version.map_or(true, |v| v >= (1, 23));
    let mut imports = BTreeSet::new();
    let uses = f
        .results
        .iter()
        .map(|r| match &r.ty {
            GoType::Named {
                pkg: Some(q),
                name,
                args,
            } if pkg.imports.get(q).is_some_and(|p| p == "iter")
                && ((name == "Seq" && args.len() == 1) || (name == "Seq2" && args.len() == 2)) =>
            {
                if !range {
                    for a in args {
                        qualifiers(a, pkg, &mut imports);
                    }
                }
                ResultUse::Iterate {
                    elems: args.iter().map(|a| a.to_string()).collect(),
                    range,
                }
            }
            _ => ResultUse::Discard,
        })
        .collect();
    (uses, imports)
}

/// Import paths of the qualifiers a type mentions.
fn qualifiers(t: &GoType, pkg: &PackageInfo, out: &mut BTreeSet<String>) {
    match t {
        GoType::Named { pkg: q, args, .. } => {
            if let Some(p) = q.as_ref().and_then(|q| pkg.imports.get(q)) {
                out.insert(p.clone());
            }
            args.iter().for_each(|a| qualifiers(a, pkg, out));
        }
        GoType::Pointer { elem } | GoType::Slice { elem } | GoType::Array { elem, .. } => {
            qualifiers(elem, pkg, out)
        }
        GoType::Map { key, value } => {
            qualifiers(key, pkg, out);
            qualifiers(value, pkg, out);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::index::parse_source;
    use crate::plan::{plan_function, PackageInfo, ResultUse};

    fn plan_of(src: &str, name: &str) -> Result<crate::plan::FuzzPlan, String> {
        let file = parse_source(src);
        let pkg = PackageInfo::from_files("example.com/p", &[&file], &[]);
        let f = file
            .functions
            .iter()
            .find(|f| f.qualified_name() == name)
            .unwrap();
        plan_function(f, &pkg)
    }

    #[test]
    fn documented_panics_are_expected() {
        let src = "package p\n\n// Check validates s. It panics if s is empty.\nfunc Check(s string) { if s == \"\" { panic(s) } }\n\nfunc MustX(s string) int { return len(s) }\n\nfunc Mustard(s string) int { return len(s) }\n";
        assert!(plan_of(src, "Check").unwrap().expected_panic.is_some());
        assert!(plan_of(src, "MustX").unwrap().expected_panic.is_some());
        assert!(plan_of(src, "Mustard").unwrap().expected_panic.is_none());
    }

    #[test]
    fn sort_interface_index_methods_are_skipped() {
        let src = "package p\n\ntype L []int\n\nfunc (l L) Len() int { return len(l) }\nfunc (l L) Less(i, j int) bool { return l[i] < l[j] }\nfunc (l L) Swap(i, j int) { l[i], l[j] = l[j], l[i] }\n\ntype M []int\n\nfunc (m M) Less(i, j int) bool { return m[i] < m[j] }\n";
        assert!(plan_of(src, "L.Less")
            .unwrap_err()
            .contains("sort.Interface"));
        assert!(plan_of(src, "L.Swap")
            .unwrap_err()
            .contains("sort.Interface"));
        assert!(
            plan_of(src, "M.Less").is_ok(),
            "no Len/Swap: not a sort.Interface"
        );
    }

    #[test]
    fn package_state_is_restored_or_the_target_skipped() {
        let src = "package p\n\nvar level int\nvar names = map[string]int{}\nvar cur *int\n\nfunc SetLevel(l int) { level = l }\nfunc Add(n string) { names[n]++ }\nfunc Poke(v int) { *cur = v }\n";
        let p = plan_of(src, "SetLevel").unwrap();
        assert_eq!(p.restores[0].var, "level");
        assert_eq!(p.restores[0].clone, None);
        let p = plan_of(src, "Add").unwrap();
        assert_eq!(p.restores[0].clone.as_deref(), Some("maps.Clone"));
        assert!(p.imports.contains(&"maps".to_string()));
        assert!(plan_of(src, "Poke").unwrap_err().contains("in place"));
    }

    /// gopkg.in/yaml.v3's `var structMap = make(map[reflect.Type]*structInfo)`, a cache its
    /// `Unmarshal` fills: a made map is cloned like a map literal (every entry point of the
    /// package was skipped before).
    #[test]
    fn a_made_map_or_slice_is_cloned() {
        let src = "package p\n\nvar cache = make(map[string]int)\nvar seen = make([]string, 0, 8)\n\nfunc Get(k string) int { if v, ok := cache[k]; ok { return v }; cache[k] = len(k); return len(k) }\nfunc See(s string) { seen = append(seen, s); seen[0] = s }\n";
        let p = plan_of(src, "Get").unwrap();
        assert_eq!(p.restores[0].var, "cache");
        assert_eq!(p.restores[0].clone.as_deref(), Some("maps.Clone"));
        let p = plan_of(src, "See").unwrap();
        assert_eq!(p.restores[0].clone.as_deref(), Some("slices.Clone"));
    }

    #[test]
    fn iterators_are_iterated_with_the_modules_go_version() {
        let src = "package p\n\nimport \"iter\"\n\nfunc Seq(n int) iter.Seq[int] { return nil }\n";
        let file = parse_source(src);
        let mut pkg = PackageInfo::from_files("example.com/p", &[&file], &[]);
        pkg.go_version = Some((1, 22));
        let p = plan_function(&file.functions[0], &pkg).unwrap();
        assert_eq!(
            p.result_uses,
            [ResultUse::Iterate {
                elems: vec!["int".into()],
                range: false
            }]
        );
        pkg.go_version = Some((1, 23));
        let p = plan_function(&file.functions[0], &pkg).unwrap();
        assert!(matches!(
            &p.result_uses[0],
            ResultUse::Iterate { range: true, .. }
        ));
    }

    #[test]
    fn a_target_the_users_fuzz_test_drives_gets_no_twin() {
        let src = "package p\n\nfunc Parse(s string) int { return len(s) }\nfunc Other(s string) int { return len(s) }\n";
        let test = "package p\n\nimport \"testing\"\n\nfunc FuzzParse(f *testing.F) {\n\tf.Fuzz(func(t *testing.T, s string) {\n\t\tParse(s)\n\t\tOther(\"fixed\")\n\t})\n}\n";
        let file = parse_source(src);
        let tfile = parse_source(test);
        let pkg = PackageInfo::from_files("example.com/p", &[&file], &[&tfile]);
        let why = plan_function(&file.functions[0], &pkg).unwrap_err();
        assert!(why.contains("FuzzParse"), "{why}");
        assert!(
            plan_function(&file.functions[1], &pkg).is_ok(),
            "Other is called with a constant"
        );
    }
}
