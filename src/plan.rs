//! Fuzz plans: for every fuzzable target, the fuzz test that drives it, its `f.Fuzz` argument
//! list, and how each input of the target (receiver, parameters) is built from those arguments.
//!
//! The plan is the contract between the seed writer (which must write corpus files whose values
//! match [`FuzzPlan::args`] exactly, in order and type) and the harness writer (which renders the
//! Go code that turns those arguments into the target's inputs via [`Build`]).
//! Names: `FuzzParseOrder` for a function, `FuzzCart_Add` for a method (collision rule: see
//! [`fuzz_name`]).
//!
//! The planner ([`plan_function`], [`plan_package`]) is a small recursive function over Go
//! types (`build`): type in, [`Build`] plus the fuzz arguments it consumes out, or a skip
//! reason. [`roundtrip`] finds inverse pairs (Format/Parse, Encode/Decode...) whose round trip
//! becomes the harness's property.

mod build;
mod fuzzability;
pub mod hazards;
mod package;
pub mod policy;
pub mod roundtrip;
pub mod user;

pub(crate) use build::camel;
pub use build::{instantiate_constraint, MAX_FLAT_ARGS};
pub use fuzzability::decide_fuzzability;

/// Go keywords, predeclared identifiers and the harness's own `t`/`f`: never used as names.
pub fn reserved_names() -> BTreeSet<String> {
    build::reserved_names()
}
pub use package::{
    exported, packages_for, packages_from_analysis, packages_of, DepPackage, PackageInfo,
    GENERATED_TEST_FILE,
};
pub use policy::{Restore, ResultUse};
pub use roundtrip::RoundTrip;

use crate::gotypes::{Basic, FuzzType};
use crate::index::Function;
use serde::Serialize;
use std::collections::BTreeSet;

/// A fuzz test heatseed writes or feeds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FuzzPlan {
    /// `FuzzParseOrder`, `FuzzCart_Add`.
    pub fuzz_name: String,
    /// Import path of the package holding the target (and the harness).
    pub package: String,
    /// Package clause name (`order`).
    pub package_name: String,
    /// The targeted function's qualified name (`ParseOrder`, `Cart.Add`).
    pub target: String,
    /// The `f.Fuzz` arguments after `t *testing.T`, in order.
    pub args: Vec<FuzzArg>,
    /// How the receiver is obtained (methods only).
    pub receiver: Option<Build>,
    /// One build per parameter of the target, in order.
    pub params: Vec<Build>,
    /// Type arguments chosen for a generic function (`[int]`), empty otherwise.
    pub type_args: Vec<String>,
    /// Whose fuzz test this is.
    pub origin: Origin,
    /// Bare name of the target (`Add` for `Cart.Add`).
    pub func_name: String,
    /// The target's parameter names (`p<i>` for unnamed or blank ones), in order.
    pub param_names: Vec<String>,
    /// The target's result types, as Go text (`int`, `error`).
    pub results: Vec<String>,
    /// The last parameter is variadic: its build yields a slice passed as `xs...`.
    pub variadic: bool,
    /// Import paths the builds need (sorted, deduplicated; `testing` and the decoder's own
    /// imports are the renderer's business).
    pub imports: Vec<String>,
    /// A round-trip property to check on every input, when the package has an inverse pair.
    pub property: Option<RoundTrip>,
    /// The receiver's name in the source (`o` in `func (o *Order) Validate()`), if named.
    pub receiver_name: Option<String>,
    /// Package-level variables the target changes: saved before the call and restored by
    /// `t.Cleanup` after every input.
    pub restores: Vec<Restore>,
    /// The target documents that it panics: the harness recovers, and says why.
    pub expected_panic: Option<String>,
    /// The receiver is built field by field from fuzz input, unexported fields included,
    /// because no constructor exists: a panic may come from a state no caller can make.
    pub artifact_risk: bool,
    /// How each result is consumed (one per result).
    pub result_uses: Vec<ResultUse>,
}

impl FuzzPlan {
    /// True when the target's last result is `error`.
    pub fn returns_error(&self) -> bool {
        self.results.last().is_some_and(|r| r == "error")
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Written by heatseed into its generated file.
    Generated,
    /// A fuzz test the user wrote; heatseed only feeds it seeds.
    User { file: String },
}

/// One `f.Fuzz` argument.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FuzzArg {
    /// Go identifier used in the harness (`s`, `reqQty`).
    pub name: String,
    /// Native fuzz type (`string`, `[]byte`, `int64`, ...); serialized as its Go name.
    pub ty: FuzzType,
    /// What the argument stands for in the target's terms: its input root (parameter,
    /// receiver, constructor parameter) and field path, see [`InputPath`].
    pub path: InputPath,
    /// When the argument carries an encoded value (slices, maps, nested shapes): its Go type.
    /// The bytes follow [`crate::plan`]'s decoder format (see [`Build::Decode`]).
    pub encodes: Option<String>,
    /// The decoded value's shape when `encodes` is set: what `writers::decoder::encode`
    /// needs to write seed bytes for this argument.
    pub shape: Option<Shape>,
    /// The argument picks which `Write` of an `io.Writer` input fails, from then on (0: none):
    /// the error paths after a failed write ([`WRITE_FAILURES`] seeds try each).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub fails_writes: bool,
    /// The argument picks an `any` destination (`Decode(data, v any)`) from this many
    /// (modulo): seeds try a real input decoded into each of them ([`Self::destinations`]'s
    /// seeds are made in `generate`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destinations: Option<u8>,
}

/// The failing writer an `io.Writer` input gets (`writers::harness` declares the type in a
/// file that uses it): `&heatseedFailingWriter{failAt: int(k)}` discards what it is given and
/// fails its `k`-th `Write` and every one after (never when `k` is 0).
pub const FAILING_WRITER: &str = "heatseedFailingWriter";

/// Seeds try a failing write at each of these positions (1 = the first `Write` fails); the
/// seed check keeps those that reach an error path nothing else reaches.
pub const WRITE_FAILURES: std::ops::RangeInclusive<u8> = 1..=12;

/// The structure of a value carried in a `[]byte` argument, resolved down to the scalars the
/// decoder reads (format: `writers::decoder`). Named types keep their Go name so the decoder
/// can convert; pointers are always non-nil.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Shape {
    /// `bool`, `int`..`int64`, `uint`..`uint64`, `byte`, `rune`, `float32`, `float64`
    /// (spelled as in the source; never `string`, `uintptr` or a complex type). Serialized as
    /// its Go name.
    Scalar {
        go: Basic,
    },
    String,
    Bytes,
    Slice {
        elem: Box<Shape>,
    },
    Array {
        len: usize,
        elem: Box<Shape>,
    },
    Map {
        key: Box<Shape>,
        value: Box<Shape>,
    },
    /// An anonymous struct (named structs are `Named { inner: Struct }`).
    Struct {
        fields: Vec<(String, Shape)>,
    },
    Pointer {
        elem: Box<Shape>,
    },
    /// A named type (`Request`, `time.Duration`, `money.Currency`, `Stack[int]`) over `inner`.
    Named {
        go: String,
        inner: Box<Shape>,
    },
}

impl Shape {
    /// The shape of a native fuzz type: `[]byte`, `string` or a scalar.
    pub fn native(ty: FuzzType) -> Shape {
        match ty.basic() {
            None => Shape::Bytes,
            Some(Basic::String) => Shape::String,
            Some(go) => Shape::Scalar { go },
        }
    }

    /// Go type text.
    pub fn go_type(&self) -> String {
        match self {
            Shape::Scalar { go } => go.name().to_string(),
            Shape::String => "string".into(),
            Shape::Bytes => "[]byte".into(),
            Shape::Slice { elem } => format!("[]{}", elem.go_type()),
            Shape::Array { len, elem } => format!("[{len}]{}", elem.go_type()),
            Shape::Map { key, value } => format!("map[{}]{}", key.go_type(), value.go_type()),
            Shape::Struct { fields } => {
                let fs: Vec<String> = fields
                    .iter()
                    .map(|(n, t)| format!("{n} {}", t.go_type()))
                    .collect();
                if fs.is_empty() {
                    "struct{}".into()
                } else {
                    format!("struct{{ {} }}", fs.join("; "))
                }
            }
            Shape::Pointer { elem } => format!("*{}", elem.go_type()),
            Shape::Named { go, .. } => go.clone(),
        }
    }
}

/// Which input value an argument feeds: an input root and a field path inside it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct InputPath {
    pub root: InputRoot,
    pub fields: Vec<String>,
}

/// The input of the target a fuzz argument stands for. A typed value, never a sentinel string:
/// a parameter named `recv` or `new` is just a parameter.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InputRoot {
    /// A parameter of the target, by its source name (`p<i>` for unnamed ones).
    Param { name: String },
    /// The receiver, built from fuzz arguments (struct fields, conversion, enum).
    Receiver,
    /// A parameter of the constructor that builds the receiver (`NewVersion(s)`).
    CtorParam { ctor: String, param: String },
    /// No input: the placeholder argument of a harness that needs none.
    Unused,
}

impl InputPath {
    pub fn param(name: &str) -> Self {
        InputPath {
            root: InputRoot::Param {
                name: name.to_string(),
            },
            fields: Vec::new(),
        }
    }

    pub fn receiver() -> Self {
        InputPath {
            root: InputRoot::Receiver,
            fields: Vec::new(),
        }
    }

    pub fn ctor_param(ctor: &str, param: &str) -> Self {
        InputPath {
            root: InputRoot::CtorParam {
                ctor: ctor.to_string(),
                param: param.to_string(),
            },
            fields: Vec::new(),
        }
    }

    /// The parameter name when the root is a parameter of the target.
    pub fn param_name(&self) -> Option<&str> {
        match &self.root {
            InputRoot::Param { name } => Some(name),
            _ => None,
        }
    }
}

/// How one Go value is built inside the harness.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Build {
    /// The fuzz argument itself (`args[i]`).
    Arg { arg: usize },
    /// A conversion `T(args[i])` (named types, aliases, `time.Duration`, `net.IP`).
    Convert { ty: String, inner: Box<Build> },
    /// A composite literal `T{F: ..., G: ...}` (structs).
    Struct {
        ty: String,
        fields: Vec<(String, Build)>,
    },
    /// `&v` where v is built by `inner` (pointer parameters, pointer receivers).
    AddrOf { inner: Box<Build> },
    /// A fixed expression that needs no argument (`context.Background()`, zero values).
    Expr { go: String, imports: Vec<String> },
    /// A library constructor over one argument: `bytes.NewReader(args[i])`,
    /// `strings.NewReader(..)`, `bufio.NewReader(bytes.NewReader(..))`, `time.Unix(.., 0)`.
    /// `template` holds `{}` where the inner value goes.
    Wrap {
        template: String,
        imports: Vec<String>,
        inner: Box<Build>,
    },
    /// A fallible library constructor: `url.Parse(s)`, `url.ParseQuery(s)`; a failure makes
    /// the harness skip the input (`t.Skip()` is not used: it just returns).
    Fallible {
        template: String,
        imports: Vec<String>,
        inner: Box<Build>,
    },
    /// A package constructor call `NewCart(a, b)` (optionally returning an error: then an
    /// error skips the input).
    Call {
        func: String,
        args: Vec<Build>,
        returns_error: bool,
    },
    /// A value decoded from a `[]byte` argument by the decoder generated into the harness
    /// file. Encoding (written by the seed writer, read by the Go decoder): see
    /// `writers::decoder` docs.
    Decode { ty: String, arg: usize },
    /// One of the package's constants of an enum-like named type, chosen by index:
    /// `consts[int(args[i]) % len(consts)]`; the last entry is a value no constant holds
    /// (`Level(3)`) when heatseed can find one, so a `default` is reachable.
    Enum {
        ty: String,
        consts: Vec<String>,
        arg: usize,
    },
}

/// The fuzz test name for `f`: `Fuzz<Name>` for functions, `Fuzz<Type>_<Method>` for methods.
///
/// The first letter after `Fuzz` is upper-cased (`parseValue` → `FuzzParseValue`): `go vet`
/// rejects `Fuzz` followed by a lower-case letter.
///
/// Collision rule: a name is taken when the package (non-test files) declares a function, type
/// or constant of that name, when a `_test.go` file of the package (internal or external test
/// package, heatseed's own generated file excluded) declares it, or when an earlier plan of the
/// same run uses it. A taken name gets the suffix `_heatseed`, then `_heatseed2`,
/// `_heatseed3`, ... until free. Deterministic for a given package and target order.
pub fn fuzz_name(f: &Function, taken: &BTreeSet<String>) -> String {
    let base = match &f.receiver {
        Some(r) => format!("Fuzz{}_{}", upper_first(&r.type_name), f.name),
        None => format!("Fuzz{}", upper_first(&f.name)),
    };
    if !taken.contains(&base) {
        return base;
    }
    let mut n = 1;
    loop {
        let cand = if n == 1 {
            format!("{base}_heatseed")
        } else {
            format!("{base}_heatseed{n}")
        };
        if !taken.contains(&cand) {
            return cand;
        }
        n += 1;
    }
}

/// Plans the fuzz test of one function, or says why it cannot be harnessed.
pub fn plan_function(f: &Function, pkg: &PackageInfo) -> Result<FuzzPlan, String> {
    let taken = pkg.taken_names();
    let mut plan = build::plan(f, pkg, fuzz_name(f, taken))?;
    plan.property = roundtrip::property_for(f, pkg);
    Ok(plan)
}

/// Plans several functions of one package; fuzz names are unique across the result (see
/// [`fuzz_name`]). One result per function, in order.
pub fn plan_package(funcs: &[&Function], pkg: &PackageInfo) -> Vec<Result<FuzzPlan, String>> {
    let mut taken = pkg.taken_names().clone();
    funcs
        .iter()
        .map(|f| {
            let name = fuzz_name(f, &taken);
            let mut plan = build::plan(f, pkg, name.clone())?;
            taken.insert(name);
            plan.property = roundtrip::property_for(f, pkg);
            Ok(plan)
        })
        .collect()
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_fields_serialize_as_go_names() {
        let arg = FuzzArg {
            name: "b".into(),
            ty: FuzzType::Bytes,
            path: InputPath::param("xs"),
            encodes: Some("[]byte".into()),
            shape: Some(Shape::Slice {
                elem: Box::new(Shape::Scalar { go: Basic::Byte }),
            }),
            fails_writes: false,
            destinations: None,
        };
        let v = serde_json::to_value(&arg).unwrap();
        assert!(v.get("fails_writes").is_none(), "false is not written");
        assert_eq!(v["ty"], "[]byte");
        assert_eq!(
            v["shape"]["elem"],
            serde_json::json!({"kind": "scalar", "go": "byte"})
        );
        assert_eq!(arg.shape.unwrap().go_type(), "[]byte");
        assert_eq!(
            Shape::native(FuzzType::Rune),
            Shape::Scalar { go: Basic::Rune }
        );
        assert_eq!(Shape::native(FuzzType::String), Shape::String);
        assert_eq!(Shape::native(FuzzType::Bytes), Shape::Bytes);
    }
}
