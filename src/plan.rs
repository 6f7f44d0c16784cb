//! Fuzz plans: for every fuzzable target, the fuzz test that drives it, its `f.Fuzz` argument
//! list, and how each input of the target (receiver, parameters) is built from those arguments.
//!
//! The plan is the contract between the seed writer (which must write corpus files whose values
//! match [`FuzzPlan::args`] exactly, in order and type) and the harness writer (which renders the
//! Go code that turns those arguments into the target's inputs via [`Build`]).
//! Names: `FuzzParseOrder` for a function, `FuzzCart_Add` for a method.

use serde::Serialize;

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
    /// Native fuzz type name (`string`, `[]byte`, `int64`, ...).
    pub ty: String,
    /// What the argument stands for in the target's terms: the input root (parameter name,
    /// or `recv` for constructor-built receivers... see [`InputPath`]).
    pub path: InputPath,
    /// When the argument carries an encoded value (slices, maps, nested shapes): its Go type.
    /// The bytes follow [`crate::plan`]'s decoder format (see [`Build::Decode`]).
    pub encodes: Option<String>,
}

/// Which input value an argument feeds: a parameter (by name) and a field path inside it.
/// The receiver's constructor parameters use root `new:<Constructor>:<param>`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct InputPath {
    pub root: String,
    pub fields: Vec<String>,
}

impl InputPath {
    pub fn param(name: &str) -> Self {
        InputPath {
            root: name.to_string(),
            fields: Vec::new(),
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
    /// `consts[int(args[i]) % len(consts)]`.
    Enum {
        ty: String,
        consts: Vec<String>,
        arg: usize,
    },
}
