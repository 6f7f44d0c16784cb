//! Type → [`Build`]: how each input of a target is made from native fuzz arguments.
//!
//! One recursive function over Go types ([`Planner::value`]):
//! - native fuzz types are an argument of their own;
//! - named types over them are a conversion, enum-like named types (two or more constants of
//!   the type in its package) an index into their constants ([`Build::Enum`]), aliases are
//!   their target;
//! - structs (and pointers to structs) at the top of a parameter are flattened into one
//!   argument per field (`<param><Field>`), unless that would pass [`MAX_FLAT_ARGS`];
//! - slices, maps, arrays, nested structs and variadic parameters come from ONE `[]byte`
//!   argument through the generated decoder ([`Build::Decode`], [`Shape`]);
//! - well-known library types get their constructor (`context.Background()`,
//!   `bytes.NewReader`, `url.Parse`, `time.Unix`, `http.NewRequest`...);
//! - funcs, channels, interfaces, unexported or unknown types of other packages are a skip
//!   reason.

use super::{Build, FuzzArg, FuzzPlan, InputPath, Origin, PackageInfo, Shape};
use crate::gotypes::{Basic, FuzzType, TABLE};
use crate::index::{ConstDecl, Function, GoType, TypeDecl};
use std::collections::{BTreeMap, BTreeSet};

/// At most this many fuzz arguments come from flattening one struct; a larger struct is
/// decoded from one `[]byte` argument instead.
pub const MAX_FLAT_ARGS: usize = 10;

/// How deep types may nest before the planner gives up.
const MAX_DEPTH: usize = 8;

/// Library types built by wrapping one fuzz argument: (key as [`Planner::library_key`] gives
/// it, template with `{}` for the argument, imports, the argument's type).
const LIBRARY_WRAPPERS: &[(&str, &str, &[&str], FuzzType)] = &[
    (
        "io.Reader",
        "bytes.NewReader({})",
        &["bytes"],
        FuzzType::Bytes,
    ),
    (
        "io.ByteReader",
        "bytes.NewReader({})",
        &["bytes"],
        FuzzType::Bytes,
    ),
    (
        "*bytes.Reader",
        "bytes.NewReader({})",
        &["bytes"],
        FuzzType::Bytes,
    ),
    (
        "*strings.Reader",
        "strings.NewReader({})",
        &["strings"],
        FuzzType::String,
    ),
    (
        "*bufio.Reader",
        "bufio.NewReader(bytes.NewReader({}))",
        &["bufio", "bytes"],
        FuzzType::Bytes,
    ),
    (
        "*bytes.Buffer",
        "bytes.NewBuffer({})",
        &["bytes"],
        FuzzType::Bytes,
    ),
    (
        "time.Time",
        "time.Unix({}, 0).UTC()",
        &["time"],
        FuzzType::Int64,
    ),
];

/// Library types built from a fixed expression, no fuzz argument: (key as
/// [`Planner::library_key`] gives it, Go expression, imports). Sinks a target writes into get a
/// fresh buffer or hash.
const LIBRARY_VALUES: &[(&str, &str, &[&str])] = &[
    ("context.Context", "context.Background()", &["context"]),
    ("io.StringWriter", "new(bytes.Buffer)", &["bytes"]),
    ("io.ByteWriter", "new(bytes.Buffer)", &["bytes"]),
    ("hash.Hash", "sha256.New()", &["crypto/sha256"]),
    ("hash.Hash32", "crc32.NewIEEE()", &["hash/crc32"]),
    ("hash.Hash64", "fnv.New64a()", &["hash/fnv"]),
];

/// Interfaces built by wrapping one fuzz argument in a library value that implements them:
/// (key as [`Planner::library_key`] gives it, template, imports, the argument's type).
/// `fs.FS` is a one-file `fstest.MapFS` holding the input; `fmt.Stringer` a `*bytes.Buffer`
/// whose `String()` is the input.
const INTERFACE_WRAPPERS: &[(&str, &str, &[&str], FuzzType)] = &[
    (
        "io/fs.FS",
        "fstest.MapFS{\"input\": &fstest.MapFile{Data: {}}}",
        &["testing/fstest"],
        FuzzType::Bytes,
    ),
    (
        "fmt.Stringer",
        "bytes.NewBufferString({})",
        &["bytes"],
        FuzzType::String,
    ),
];

/// An `any` / `interface{}` parameter is usually a destination (`Decode(data, v any)`): a fresh
/// pointer to one of these, chosen by a fuzz byte (`new(interface{})` first: it accepts every
/// input; then the struct types the package's tests declare, [`PackageInfo::test_types`]).
/// Spelled `interface{}`: `any` does not build in modules whose go.mod says < 1.18.
const ANY_DESTINATIONS: &[&str] = &[
    "new(map[string]interface{})",
    "new([]interface{})",
    "new(string)",
    "new(float64)",
];

/// The template of an `any` destination chosen by a fuzz byte (see [`ANY_DESTINATIONS`]),
/// and how many it chooses from.
fn any_destination(test_types: &[String]) -> (String, usize) {
    let all: Vec<String> = std::iter::once("new(interface{})".to_string())
        .chain(test_types.iter().map(|t| format!("new({t})")))
        .chain(ANY_DESTINATIONS.iter().map(|s| s.to_string()))
        .collect();
    let template = format!(
        "[]interface{{}}{{{}}}[int({{}})%{}]",
        all.join(", "),
        all.len()
    );
    (template, all.len())
}

/// HTTP methods a fuzzed `*http.Request` chooses from.
const HTTP_METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

/// A native type satisfying a type-parameter constraint: `any`/`comparable`/`cmp.Ordered` →
/// `int`, unions → their first native term, a local constraint interface → its union.
pub fn instantiate_constraint(constraint: &str, pkg: &PackageInfo) -> Option<String> {
    if let Some(t) = crate::targets::fuzzable::instantiation(constraint) {
        return Some(t.go_name().to_string());
    }
    // A constraint interface declared in the package: `type Number interface{ ~int | ~float64 }`.
    let decl = pkg.type_decl(constraint.trim())?;
    if let GoType::Interface { text, .. } = &decl.ty {
        let inner = text
            .trim()
            .strip_prefix("interface")?
            .trim()
            .trim_start_matches('{')
            .trim_end_matches('}')
            .trim();
        if inner.contains('|') || FuzzType::parse(inner.trim_start_matches('~')).is_some() {
            return crate::targets::fuzzable::instantiation(inner).map(|t| t.go_name().to_string());
        }
    }
    None
}

/// Plans `f` under the fuzz name `fuzz_name` (no property; see `roundtrip`).
pub(super) fn plan(f: &Function, pkg: &PackageInfo, fuzz_name: String) -> Result<FuzzPlan, String> {
    if f.body.is_none() {
        return Err("no body (assembly or linkname declaration)".into());
    }
    if !super::package::exported(&f.name) && !pkg.include_unexported {
        // Its callers in the package establish its preconditions (`sectionName` indexes
        // `s[len(s)-1]` because every caller checked `s[0] == '['`): a direct harness would
        // report crashes no caller can cause, and fail plain `go test` on its zero seed.
        return Err(
            "unexported helper: fuzzed through its exported callers, which establish its preconditions (--include-unexported harnesses it)"
                .into(),
        );
    }
    if let Some(why) = super::policy::refusal(f, pkg) {
        return Err(why);
    }
    let (restores, restore_imports) = super::policy::restores(f, pkg)?;
    let mut p = Planner::new(pkg);
    let mut type_args = Vec::new();
    for tp in &f.type_params {
        let inst = instantiate_constraint(&tp.constraint, pkg).ok_or_else(|| {
            format!(
                "type parameter {} has constraint {} that no native type satisfies",
                tp.name, tp.constraint
            )
        })?;
        p.subst.insert(tp.name.clone(), named(&inst));
        type_args.push(inst);
    }
    let receiver = match &f.receiver {
        Some(r) => {
            let (build, targs) = p.receiver(f, r)?;
            let hint = r.name.clone().filter(|n| n != "_");
            p.free_name_for_binding(&build, hint.as_deref().unwrap_or("recv"));
            type_args = targs;
            Some(build)
        }
        None => None,
    };
    let receiver_args = p.args.len();
    let (params, param_names) = p.params(f)?;
    let variadic = f.params.last().is_some_and(|p| p.variadic);
    if p.args.is_empty() {
        return Err(no_inputs(f));
    }
    if let Some(why) = super::policy::twin(f, pkg, receiver_args > 0) {
        return Err(why);
    }
    let (result_uses, result_imports) = super::policy::result_uses(f, pkg);
    p.imports.extend(restore_imports);
    p.imports.extend(result_imports);
    Ok(FuzzPlan {
        fuzz_name,
        package: pkg.import_path.clone(),
        package_name: pkg.name.clone(),
        target: f.qualified_name(),
        args: p.args,
        receiver,
        params,
        type_args,
        origin: Origin::Generated,
        func_name: f.name.clone(),
        param_names,
        results: f.results.iter().map(|r| r.ty.to_string()).collect(),
        variadic,
        imports: p.imports.into_iter().collect(),
        property: None,
        receiver_name: f
            .receiver
            .as_ref()
            .and_then(|r| r.name.clone())
            .filter(|n| n != "_"),
        restores,
        expected_panic: super::policy::expected_panic(f),
        artifact_risk: p.artifact_risk,
        result_uses,
    })
}

/// Why a target whose inputs need no fuzz argument is not harnessed: its harness would ignore
/// the fuzz input and run the same call every time.
fn no_inputs(f: &Function) -> String {
    match &f.receiver {
        Some(r) => format!(
            "no input to fuzz: {} takes no parameters and its receiver is fixed (the zero {} or a constructor without arguments)",
            f.name, r.type_name
        ),
        None => format!("no input to fuzz: {} takes no parameters", f.name),
    }
}

fn named(name: &str) -> GoType {
    GoType::Named {
        pkg: None,
        name: name.to_string(),
        args: vec![],
    }
}

/// Where a named type comes from: this package, or a module package imported as `qual`.
struct Resolved<'a> {
    /// Go text to name the type in the harness (`Level`, `money.Currency`, `Stack[int]`).
    go: String,
    decl: &'a TypeDecl,
    consts: Vec<String>,
    foreign: bool,
    /// Its constants are bits (`1 << iota`, `A | B`): values combine them, so the value is
    /// converted from a number rather than chosen from the constants.
    bit_flags: bool,
    /// A value of the type no constant holds (`Level(3)`), see
    /// [`crate::constraints::undeclared_value`].
    undeclared: Option<String>,
}

struct Planner<'p> {
    pkg: &'p PackageInfo,
    args: Vec<FuzzArg>,
    imports: BTreeSet<String>,
    /// Argument names in use, plus Go's reserved names and fixed import qualifiers.
    names: BTreeSet<String>,
    /// Names of the package the harness must not shadow (built once per package).
    shadowed: &'p BTreeSet<String>,
    /// Type parameter → chosen type.
    subst: BTreeMap<String, GoType>,
    /// Named types being expanded (recursion guard).
    stack: Vec<String>,
    /// The receiver was built field by field with unexported fields (no constructor).
    artifact_risk: bool,
    /// Building a receiver: its interface/func/channel fields are left nil.
    nil_behaviour_fields: bool,
}

impl<'p> Planner<'p> {
    fn new(pkg: &'p PackageInfo) -> Self {
        let mut names = reserved_names();
        for q in [
            "bytes", "strings", "bufio", "context", "time", "url", "net", "http", "io", "math",
            "reflect", "testing",
        ] {
            names.insert(q.to_string());
        }
        Planner {
            pkg,
            args: Vec::new(),
            imports: BTreeSet::new(),
            names,
            shadowed: pkg.shadowed_names(),
            subst: BTreeMap::new(),
            stack: Vec::new(),
            artifact_risk: false,
            nil_behaviour_fields: false,
        }
    }

    /// One build per parameter of `f`, and the parameters' names.
    fn params(&mut self, f: &Function) -> Result<(Vec<Build>, Vec<String>), String> {
        let mut params = Vec::new();
        let mut param_names = Vec::new();
        for (i, prm) in f.params.iter().enumerate() {
            let (name, ty) = param_name_and_type(i, prm);
            let mark = (self.args.len(), self.names.clone(), self.imports.clone());
            let b = match self.value(&ty, InputPath::param(&name), &name, true, 0) {
                Ok(b) => b,
                // Options the call may leave out (`funcs ...map[string]any`): the call passes
                // none, spelled `nil...` (`go vet` rejects `Printf(format)` with no arguments
                // for a non-constant format).
                Err(_) if prm.variadic => {
                    self.args.truncate(mark.0);
                    self.names = mark.1;
                    self.imports = mark.2;
                    Build::Expr {
                        go: "nil".into(),
                        imports: vec![],
                    }
                }
                Err(why) => {
                    return Err(format!(
                        "parameter {name} {}{}: {why}",
                        if prm.variadic { "..." } else { "" },
                        prm.ty
                    ))
                }
            };
            self.free_name_for_binding(&b, &name);
            params.push(b);
            param_names.push(name);
        }
        Ok((params, param_names))
    }

    /// The harness binds a decoded or parsed input to a variable named after the parameter
    /// (`items := heatseedDecode...(itemsData)`, `u, err := url.Parse(uText)`): the fuzz
    /// argument behind it takes a suffixed name so the source name stays free.
    fn free_name_for_binding(&mut self, b: &Build, name: &str) {
        let (core, addr) = match b {
            Build::AddrOf { inner } => (inner.as_ref(), true),
            other => (other, false),
        };
        let (arg, suffix) = match core {
            Build::Decode { arg, .. } => (*arg, "Data"),
            Build::Enum { arg, .. } if addr => (*arg, "Index"),
            Build::Convert { inner, .. } if addr => match inner.as_ref() {
                Build::Arg { arg } => (*arg, "Value"),
                _ => return,
            },
            Build::Fallible { inner, .. } => match inner.as_ref() {
                Build::Arg { arg } => (*arg, "Text"),
                _ => return,
            },
            _ => return,
        };
        if self.args[arg].name == name {
            let new = self.fresh(&camel(name, suffix));
            self.args[arg].name = new;
        }
    }

    fn taken(&self, name: &str) -> bool {
        self.names.contains(name) || self.shadowed.contains(name)
    }

    fn fresh(&mut self, hint: &str) -> String {
        let base = if hint.is_empty() {
            "x".to_string()
        } else {
            hint.to_string()
        };
        if !self.taken(&base) {
            self.names.insert(base.clone());
            return base;
        }
        let mut n = 2;
        loop {
            let c = format!("{base}{n}");
            if !self.taken(&c) {
                self.names.insert(c.clone());
                return c;
            }
            n += 1;
        }
    }

    fn arg(&mut self, hint: &str, ty: FuzzType, path: InputPath) -> usize {
        let name = self.fresh(hint);
        self.args.push(FuzzArg {
            name,
            ty,
            path,
            encodes: None,
            shape: None,
            fails_writes: false,
            destinations: None,
        });
        self.args.len() - 1
    }

    /// An `io.Writer` input: a [`crate::plan::FAILING_WRITER`] whose failing `Write` a fuzz
    /// byte picks (0: none fails, as a `bytes.Buffer` would), so seeds reach the error paths
    /// after a failed write.
    fn failing_writer(&mut self, path: &InputPath, hint: &str) -> Build {
        let template = format!("&{}{{failAt: int({{}})}}", crate::plan::FAILING_WRITER);
        let b = self.wrap(
            &template,
            &[],
            &format!("{hint}FailAt"),
            FuzzType::Uint8,
            path,
        );
        if let Some(last) = self.args.last_mut() {
            last.fails_writes = true;
        }
        b
    }

    fn decode_arg(&mut self, hint: &str, shape: Shape, path: InputPath) -> Build {
        let ty = shape.go_type();
        let i = self.arg(hint, FuzzType::Bytes, path);
        self.args[i].encodes = Some(ty.clone());
        self.args[i].shape = Some(shape);
        Build::Decode { ty, arg: i }
    }

    fn import(&mut self, path: &str) {
        self.imports.insert(path.to_string());
    }

    /// Replaces type parameters by their instantiation.
    fn subst(&self, ty: &GoType) -> GoType {
        match ty {
            GoType::Named {
                pkg: None,
                name,
                args,
            } if args.is_empty() => self.subst.get(name).cloned().unwrap_or_else(|| ty.clone()),
            GoType::Named { pkg, name, args } => GoType::Named {
                pkg: pkg.clone(),
                name: name.clone(),
                args: args.iter().map(|a| self.subst(a)).collect(),
            },
            GoType::Pointer { elem } => GoType::Pointer {
                elem: Box::new(self.subst(elem)),
            },
            GoType::Slice { elem } => GoType::Slice {
                elem: Box::new(self.subst(elem)),
            },
            GoType::Array { len, elem } => GoType::Array {
                len: len.clone(),
                elem: Box::new(self.subst(elem)),
            },
            GoType::Map { key, value } => GoType::Map {
                key: Box::new(self.subst(key)),
                value: Box::new(self.subst(value)),
            },
            GoType::Struct { fields } => GoType::Struct {
                fields: fields
                    .iter()
                    .map(|f| crate::index::Field {
                        name: f.name.clone(),
                        ty: self.subst(&f.ty),
                        tag: f.tag.clone(),
                    })
                    .collect(),
            },
            _ => ty.clone(),
        }
    }

    /// Looks up a named type of this package or of an imported module package.
    fn resolve(
        &self,
        pkg: Option<&str>,
        name: &str,
        args: &[GoType],
    ) -> Result<Resolved<'p>, String> {
        let (decl, consts, foreign, qual): (&TypeDecl, &[ConstDecl], bool, String) = match pkg {
            None => match self.pkg.type_decl(name) {
                Some(d) => (d, &self.pkg.consts, false, String::new()),
                None => return Err(format!("type {name} not found in the package")),
            },
            Some(q) => {
                if !super::package::exported(name) {
                    return Err(format!("{q}.{name}: unexported type of another package"));
                }
                let dep = self
                    .pkg
                    .imports
                    .get(q)
                    .and_then(|path| self.pkg.deps.get(path))
                    .ok_or_else(|| format!("{q}.{name}: type of another package"))?;
                let d = dep
                    .types
                    .iter()
                    .find(|t| t.name == name)
                    .ok_or_else(|| format!("{q}.{name}: type not found in package {q}"))?;
                (d, &dep.consts, true, format!("{q}."))
            }
        };
        let mut go = format!("{qual}{name}");
        if !args.is_empty() {
            let a: Vec<String> = args.iter().map(|t| t.to_string()).collect();
            go = format!("{go}[{}]", a.join(", "));
        }
        let typed: Vec<&ConstDecl> = consts
            .iter()
            .filter(|c| {
                matches!(&c.ty, Some(GoType::Named { pkg: None, name: n, args }) if n == name && args.is_empty())
            })
            .collect();
        let bit_flags = typed.iter().any(|c| {
            c.value.as_ref().is_some_and(|v| {
                let t = v.to_string();
                t.contains("<<") || t.contains('|')
            })
        });
        let values: Option<Vec<_>> = typed
            .iter()
            .map(|c| crate::constraints::const_value(&c.name, consts))
            .collect();
        let undeclared = values.and_then(|v| crate::constraints::undeclared_value(&go, &v));
        let consts = typed.iter().map(|c| format!("{qual}{}", c.name)).collect();
        Ok(Resolved {
            go,
            decl,
            consts,
            foreign,
            bit_flags,
            undeclared,
        })
    }

    /// The underlying type of a resolved named type, with its type parameters bound to `args`.
    fn underlying(&mut self, r: &Resolved, args: &[GoType]) -> Result<GoType, String> {
        if r.decl.type_params.len() != args.len() {
            return Err(format!("generic type {} needs instantiation", r.decl.name));
        }
        let mut ty = r.decl.ty.clone();
        if !args.is_empty() {
            let saved = self.subst.clone();
            for (tp, a) in r.decl.type_params.iter().zip(args) {
                self.subst.insert(tp.name.clone(), a.clone());
            }
            ty = self.subst(&ty);
            self.subst = saved;
        }
        if r.foreign {
            if let GoType::Struct { fields } = &ty {
                if fields.iter().any(|f| {
                    f.name
                        .as_deref()
                        .is_some_and(|n| !super::package::exported(n))
                }) {
                    return Err(format!(
                        "{}: struct of another package with unexported fields",
                        r.go
                    ));
                }
            }
            // Names inside a foreign declaration refer to that package: only plain natives are
            // safe to use from here.
            if !is_foreign_safe(&ty) {
                return Err(format!(
                    "{}: its definition uses types of its own package",
                    r.go
                ));
            }
        }
        Ok(ty)
    }

    /// Builds a value of `ty`. `flatten`: a struct here becomes one argument per field.
    fn value(
        &mut self,
        ty: &GoType,
        path: InputPath,
        hint: &str,
        flatten: bool,
        depth: usize,
    ) -> Result<Build, String> {
        if depth > MAX_DEPTH {
            return Err("type nests too deeply".into());
        }
        let ty = self.subst(ty);
        if let Some(ft) = FuzzType::parse(&ty.to_string()) {
            return Ok(Build::Arg {
                arg: self.arg(hint, ft, path),
            });
        }
        if let Some(key) = self.library_key(&ty) {
            if let Some(b) = self.library(&key, &path, hint) {
                return Ok(b);
            }
        }
        if let Some(b) = self.interface_value(&ty, &path, hint) {
            return Ok(b);
        }
        match &ty {
            GoType::Named { pkg, name, args } => {
                if pkg.is_none() {
                    match name.as_str() {
                        n if not_fuzzable_basic(n) => {
                            return Err(format!("{name} is not a native fuzz type"))
                        }
                        _ => {}
                    }
                }
                let r = self.resolve(pkg.as_deref(), name, args)?;
                if let Some(p) = pkg {
                    if let Some(path) = self.pkg.imports.get(p).cloned() {
                        self.import(&path);
                    }
                }
                if r.decl.alias {
                    let target = self.underlying(&r, args)?;
                    return self.value(&target, path, hint, flatten, depth + 1);
                }
                if r.consts.len() >= 2 && !r.bit_flags {
                    let arg = self.arg(hint, FuzzType::Uint8, path);
                    // The constants, then one undeclared value (a `default` reaches it).
                    let mut consts = r.consts.clone();
                    consts.extend(r.undeclared.clone());
                    return Ok(Build::Enum {
                        ty: r.go.clone(),
                        consts,
                        arg,
                    });
                }
                if self.stack.contains(&r.go) {
                    return Err(format!("recursive type {}", r.go));
                }
                let under = self.underlying(&r, args)?;
                let mark = self.mark();
                self.stack.push(r.go.clone());
                let out = self.named_value(&r, &under, path, hint, flatten, depth);
                self.stack.pop();
                out.or_else(|why| {
                    self.reset(mark);
                    self.made_by_package(&ty, hint, false).ok_or(why)
                })
            }
            GoType::Pointer { elem } => {
                let mark = self.mark();
                match self.value(elem, path, hint, flatten, depth + 1) {
                    Ok(inner) => Ok(Build::AddrOf {
                        inner: Box::new(inner),
                    }),
                    Err(why) => {
                        self.reset(mark);
                        self.made_by_package(elem, hint, true).ok_or(why)
                    }
                }
            }
            GoType::Map { .. } => match self.shape(&ty, depth) {
                Ok(shape) => Ok(self.decode_arg(hint, shape, path)),
                // A map of values no input can build (`treeSet map[string]*Tree`) is a set the
                // target fills: an empty one (a nil map would panic on the first write).
                Err(_) if unqualified(&ty) => Ok(Build::Expr {
                    go: format!("make({ty})"),
                    imports: vec![],
                }),
                Err(why) => Err(why),
            },
            GoType::Slice { .. } | GoType::Array { .. } | GoType::Struct { .. } => {
                let shape = self.shape(&ty, depth)?;
                Ok(self.decode_arg(hint, shape, path))
            }
            GoType::Chan { .. }
            | GoType::Func { .. }
            | GoType::Interface { .. }
            | GoType::Other { .. } => Err(unbuildable(&ty)),
        }
    }

    /// Where [`Planner::value`] backtracks to: arguments, names and imports so far.
    fn mark(&self) -> (usize, BTreeSet<String>, BTreeSet<String>) {
        (self.args.len(), self.names.clone(), self.imports.clone())
    }

    fn reset(&mut self, (args, names, imports): (usize, BTreeSet<String>, BTreeSet<String>)) {
        self.args.truncate(args);
        self.names = names;
        self.imports = imports;
    }

    /// A value of the package's type `ty` (`*ty` when `pointer`) that no literal can build
    /// (a recursive `*Regexp`, a tree): made by the package's own constructor or parser
    /// (`Parse(s, flags)`), whose inputs are fuzzed instead.
    fn made_by_package(&mut self, ty: &GoType, hint: &str, pointer: bool) -> Option<Build> {
        let GoType::Named {
            pkg: None,
            name,
            args,
        } = ty
        else {
            return None;
        };
        if !args.is_empty() || self.pkg.type_decl(name).is_none() {
            return None;
        }
        let key = format!("ctor:{name}");
        if self.stack.contains(&key) {
            return None;
        }
        self.stack.push(key);
        let made = self.constructor(name, hint, &BTreeSet::new(), true);
        self.stack.pop();
        match made? {
            (b, true) if pointer => Some(b),
            (b, false) if pointer => Some(Build::AddrOf { inner: Box::new(b) }),
            (b, false) => Some(b),
            (_, true) => None,
        }
    }

    fn named_value(
        &mut self,
        r: &Resolved,
        under: &GoType,
        path: InputPath,
        hint: &str,
        flatten: bool,
        depth: usize,
    ) -> Result<Build, String> {
        match under {
            GoType::Struct { fields } if flatten => {
                let mark = (self.args.len(), self.names.clone());
                match self.flatten(&r.go, fields, &path, hint, depth) {
                    Ok(b) if self.args.len() - mark.0 <= MAX_FLAT_ARGS => Ok(b),
                    other => {
                        self.args.truncate(mark.0);
                        self.names = mark.1;
                        // Too many fields: decode the whole struct. An unbuildable field stays
                        // an error either way.
                        other?;
                        let shape = self.named_shape(r, under, depth)?;
                        Ok(self.decode_arg(hint, shape, path))
                    }
                }
            }
            GoType::Struct { .. }
            | GoType::Slice { .. }
            | GoType::Array { .. }
            | GoType::Map { .. }
            | GoType::Pointer { .. } => {
                let shape = self.named_shape(r, under, depth)?;
                Ok(self.decode_arg(hint, shape, path))
            }
            _ => {
                let inner = self.value(under, path, hint, false, depth + 1)?;
                Ok(Build::Convert {
                    ty: r.go.clone(),
                    inner: Box::new(inner),
                })
            }
        }
    }

    fn flatten(
        &mut self,
        go: &str,
        fields: &[crate::index::Field],
        path: &InputPath,
        hint: &str,
        depth: usize,
    ) -> Result<Build, String> {
        let mut out = Vec::new();
        for fd in fields {
            let fname = match &fd.name {
                Some(n) if n == "_" => continue,
                Some(n) => n.clone(),
                None => embedded_name(&fd.ty).ok_or_else(|| format!("embedded field {}", fd.ty))?,
            };
            let mut fpath = path.clone();
            fpath.fields.push(fname.clone());
            // A receiver's interface, func and channel fields stay nil (its other fields still
            // carry the input); anywhere else they make the value unbuildable.
            if self.nil_behaviour_fields && depth == 0 && behaviour_type(&fd.ty) {
                continue;
            }
            let b = self
                .value(&fd.ty, fpath, &camel(hint, &fname), false, depth + 1)
                .map_err(|why| format!("field {fname}: {why}"))?;
            out.push((fname, b));
        }
        if out.is_empty() {
            return Err("no field can be built from fuzz input".into());
        }
        Ok(Build::Struct {
            ty: go.to_string(),
            fields: out,
        })
    }

    /// A standard-library type named by its import path, as [`Self::library`] knows it:
    /// `*url.URL` → `*net/url.URL` when `url` is the file's import of `net/url`. A qualifier
    /// that names a module package (a package of its own called `url`) gives None: types are
    /// recognised by where they come from, never by their printed text.
    fn library_key(&self, ty: &GoType) -> Option<String> {
        let (ptr, named) = match ty {
            GoType::Pointer { elem } => ("*", &**elem),
            other => ("", other),
        };
        let GoType::Named {
            pkg: Some(q),
            name,
            args,
        } = named
        else {
            return None;
        };
        let path = self.pkg.imports.get(q)?;
        if !args.is_empty() || path.split('/').next().is_some_and(|e| e.contains('.')) {
            return None;
        }
        Some(format!("{ptr}{path}.{name}"))
    }

    /// Interface and func values of a target's own parameters: `any`/`interface{}` as a fresh
    /// destination ([`ANY_DESTINATION`]), `error` as `errors.New(input)`, a simple func type as
    /// a literal returning zero values ([`func_literal`]). (Fields keep their rules: a
    /// receiver's interface and func fields stay nil, elsewhere they are unbuildable.)
    fn interface_value(&mut self, ty: &GoType, path: &InputPath, hint: &str) -> Option<Build> {
        if !(path.fields.is_empty() && matches!(path.root, crate::plan::InputRoot::Param { .. })) {
            return None;
        }
        if let GoType::Func { text } = ty {
            return func_literal(text).map(|go| Build::Expr {
                go,
                imports: Vec::new(),
            });
        }
        let is_any = match ty {
            GoType::Interface { empty: true, .. } => true,
            GoType::Named {
                pkg: None,
                name,
                args,
            } if args.is_empty() => match name.as_str() {
                "any" => true,
                "error" => false,
                _ => return None,
            },
            _ => return None,
        };
        if !is_any {
            return Some(self.wrap("errors.New({})", &["errors"], hint, FuzzType::String, path));
        }
        let (any, choices) = any_destination(&self.pkg.test_types);
        let b = self.wrap(&any, &[], hint, FuzzType::Uint8, path);
        if let Some(last) = self.args.last_mut() {
            last.destinations = u8::try_from(choices).ok();
        }
        Some(b)
    }

    /// Library types heatseed knows how to construct, keyed by [`Self::library_key`].
    fn library(&mut self, key: &str, path: &InputPath, hint: &str) -> Option<Build> {
        if let Some((_, template, imports, ty)) = LIBRARY_WRAPPERS
            .iter()
            .chain(INTERFACE_WRAPPERS)
            .find(|w| w.0 == key)
        {
            return Some(self.wrap(template, imports, hint, *ty, path));
        }
        if key == "io.Writer" {
            return Some(self.failing_writer(path, hint));
        }
        if let Some((_, go, imports)) = LIBRARY_VALUES.iter().find(|v| v.0 == key) {
            for i in *imports {
                self.import(i);
            }
            return Some(Build::Expr {
                go: go.to_string(),
                imports: imports.iter().map(|i| i.to_string()).collect(),
            });
        }
        let b = match key {
            "time.Duration" | "net.IP" => {
                let (pkg, ty) = if key == "net.IP" {
                    ("net", FuzzType::Bytes)
                } else {
                    ("time", FuzzType::Int64)
                };
                self.import(pkg);
                let arg = self.arg(hint, ty, path.clone());
                Build::Convert {
                    ty: key.into(),
                    inner: Box::new(Build::Arg { arg }),
                }
            }
            "*net/url.URL" | "net/url.Values" => {
                self.import("net/url");
                let arg = self.arg(hint, FuzzType::String, path.clone());
                let template = if key == "*net/url.URL" {
                    "url.Parse({})"
                } else {
                    "url.ParseQuery({})"
                };
                Build::Fallible {
                    template: template.into(),
                    imports: vec!["net/url".into()],
                    inner: Box::new(Build::Arg { arg }),
                }
            }
            "*net/http.Request" => self.http_request(path, hint),
            _ => return None,
        };
        Some(b)
    }

    /// `http.NewRequest(method, url, bytes.NewReader(body))` from three fuzz arguments (the
    /// method chosen from the standard methods).
    fn http_request(&mut self, path: &InputPath, hint: &str) -> Build {
        self.import("net/http");
        self.import("bytes");
        let sub = |f: &str| {
            let mut p = path.clone();
            p.fields.push(f.to_string());
            p
        };
        let m = self.arg(&camel(hint, "Method"), FuzzType::Uint8, sub("Method"));
        let u = self.arg(&camel(hint, "URL"), FuzzType::String, sub("URL"));
        let body = self.arg(&camel(hint, "Body"), FuzzType::Bytes, sub("Body"));
        Build::Call {
            func: "http.NewRequest".into(),
            args: vec![
                Build::Enum {
                    ty: "string".into(),
                    consts: HTTP_METHODS.iter().map(|m| format!("{m:?}")).collect(),
                    arg: m,
                },
                Build::Arg { arg: u },
                Build::Wrap {
                    template: "bytes.NewReader({})".into(),
                    imports: vec!["bytes".into()],
                    inner: Box::new(Build::Arg { arg: body }),
                },
            ],
            returns_error: true,
        }
    }

    fn wrap(
        &mut self,
        template: &str,
        imports: &[&str],
        hint: &str,
        ty: FuzzType,
        path: &InputPath,
    ) -> Build {
        for i in imports {
            self.import(i);
        }
        let arg = self.arg(hint, ty, path.clone());
        Build::Wrap {
            template: template.into(),
            imports: imports.iter().map(|s| s.to_string()).collect(),
            inner: Box::new(Build::Arg { arg }),
        }
    }

    /// The decoder shape of `ty`.
    fn shape(&mut self, ty: &GoType, depth: usize) -> Result<Shape, String> {
        if depth > MAX_DEPTH {
            return Err("type nests too deeply".into());
        }
        let ty = self.subst(ty);
        if let Some(ft) = FuzzType::parse(&ty.to_string()) {
            return Ok(Shape::native(ft));
        }
        if self.library_key(&ty).as_deref() == Some("time.Duration") {
            self.import("time");
            return Ok(Shape::Named {
                go: "time.Duration".into(),
                inner: Box::new(Shape::Scalar { go: Basic::Int64 }),
            });
        }
        match &ty {
            GoType::Named { pkg, name, args } => {
                if pkg.is_none()
                    && (matches!(name.as_str(), "error" | "any") || not_fuzzable_basic(name))
                {
                    return Err(format!("{name} cannot be decoded from bytes"));
                }
                let r = self.resolve(pkg.as_deref(), name, args)?;
                if let Some(p) = pkg {
                    if let Some(path) = self.pkg.imports.get(p).cloned() {
                        self.import(&path);
                    }
                }
                let under = self.underlying(&r, args)?;
                if r.decl.alias {
                    return self.shape(&under, depth + 1);
                }
                if self.stack.contains(&r.go) {
                    return Err(format!("recursive type {}", r.go));
                }
                self.stack.push(r.go.clone());
                let out = self.named_shape(&r, &under, depth);
                self.stack.pop();
                out
            }
            GoType::Pointer { elem } => Ok(Shape::Pointer {
                elem: Box::new(self.shape(elem, depth + 1)?),
            }),
            GoType::Slice { elem } => Ok(Shape::Slice {
                elem: Box::new(self.shape(elem, depth + 1)?),
            }),
            GoType::Array { len, elem } => {
                let n = self
                    .array_len(len)
                    .ok_or_else(|| format!("array length {len} is not a known constant"))?;
                Ok(Shape::Array {
                    len: n,
                    elem: Box::new(self.shape(elem, depth + 1)?),
                })
            }
            GoType::Map { key, value } => Ok(Shape::Map {
                key: Box::new(self.shape(key, depth + 1)?),
                value: Box::new(self.shape(value, depth + 1)?),
            }),
            GoType::Struct { fields } => Ok(Shape::Struct {
                fields: self.struct_fields(fields, depth)?,
            }),
            GoType::Chan { .. }
            | GoType::Func { .. }
            | GoType::Interface { .. }
            | GoType::Other { .. } => Err(unbuildable(&ty)),
        }
    }

    fn named_shape(&mut self, r: &Resolved, under: &GoType, depth: usize) -> Result<Shape, String> {
        let inner = match under {
            GoType::Struct { fields } => Shape::Struct {
                fields: self.struct_fields(fields, depth)?,
            },
            _ => self.shape(under, depth + 1)?,
        };
        Ok(Shape::Named {
            go: r.go.clone(),
            inner: Box::new(inner),
        })
    }

    fn struct_fields(
        &mut self,
        fields: &[crate::index::Field],
        depth: usize,
    ) -> Result<Vec<(String, Shape)>, String> {
        let mut out = Vec::new();
        for fd in fields {
            let fname = match &fd.name {
                Some(n) if n == "_" => continue,
                Some(n) => n.clone(),
                None => embedded_name(&fd.ty).ok_or_else(|| format!("embedded field {}", fd.ty))?,
            };
            let s = self
                .shape(&fd.ty, depth + 1)
                .map_err(|why| format!("field {fname}: {why}"))?;
            out.push((fname, s));
        }
        Ok(out)
    }

    fn array_len(&self, len: &str) -> Option<usize> {
        let t = len.trim();
        if let Some(n) = parse_int(t) {
            return Some(n);
        }
        let c = self.pkg.consts.iter().find(|c| c.name == t)?;
        parse_int(&c.value.as_ref()?.text())
    }

    /// The receiver and the receiver type's instantiation.
    fn receiver(
        &mut self,
        f: &Function,
        r: &crate::index::Receiver,
    ) -> Result<(Build, Vec<String>), String> {
        let decl = self
            .pkg
            .type_decl(&r.type_name)
            .ok_or_else(|| format!("receiver type {} not found", r.type_name))?;
        let mut targs = Vec::new();
        let mut gargs = Vec::new();
        for (i, tp) in decl.type_params.iter().enumerate() {
            let inst = instantiate_constraint(&tp.constraint, self.pkg).ok_or_else(|| {
                format!(
                    "receiver type parameter {} has constraint {} that no native type satisfies",
                    tp.name, tp.constraint
                )
            })?;
            // The method's own name for the parameter (`T` in `(s *Stack[T])`).
            let local = r
                .type_args
                .get(i)
                .cloned()
                .unwrap_or_else(|| tp.name.clone());
            self.subst.insert(local, named(&inst));
            gargs.push(named(&inst));
            targs.push(inst);
        }
        let recv_ty = GoType::Named {
            pkg: None,
            name: r.type_name.clone(),
            args: gargs,
        };
        let go = recv_ty.to_string();
        let hint = match r.name.as_deref() {
            Some(n) if n != "_" => n.to_string(),
            _ => "recv".to_string(),
        };
        // 1. A constructor of the package.
        if decl.type_params.is_empty() {
            let loose = has_unexported_fields(&decl.ty);
            if let Some(b) = self.made_receiver(f, r, &hint, loose) {
                return Ok((b, targs));
            }
        }
        // 2. A value built from fuzz arguments (struct literal, conversion, enum...).
        let mark = (self.args.len(), self.names.clone(), self.imports.clone());
        let mut built = self.value(&recv_ty, InputPath::receiver(), &hint, true, 0);
        if built.is_err() {
            // Its other fields still carry input: build it with the behaviour fields nil.
            self.args.truncate(mark.0);
            self.names = mark.1.clone();
            self.imports = mark.2.clone();
            self.nil_behaviour_fields = true;
            built = self.value(&recv_ty, InputPath::receiver(), &hint, true, 0);
            self.nil_behaviour_fields = false;
        }
        let b = match built {
            Ok(b) => b,
            Err(_) => {
                self.args.truncate(mark.0);
                self.names = mark.1;
                self.imports = mark.2;
                // 3. Any constructor or parser of the package that returns it (a recursive
                // type no literal builds: `Parse(s, flags) (*Regexp, error)`).
                if decl.type_params.is_empty() {
                    if let Some(b) = self.made_receiver(f, r, &hint, true) {
                        return Ok((b, targs));
                    }
                    // 4. A chainable initializer of a fresh value: `new(Scanner).Init(src)`.
                    if r.pointer {
                        let ahead = param_names(f);
                        if let Some(b) = self.init_method(&r.type_name, &hint, &ahead) {
                            return Ok((b, targs));
                        }
                    }
                }
                // 5. The zero value.
                let go = if r.pointer {
                    format!("new({go})")
                } else {
                    format!("*new({go})")
                };
                return Ok((
                    Build::Expr {
                        go,
                        imports: vec![],
                    },
                    targs,
                ));
            }
        };
        self.artifact_risk = has_unexported_fields(&decl.ty);
        let b = if r.pointer {
            Build::AddrOf { inner: Box::new(b) }
        } else {
            b
        };
        Ok((b, targs))
    }

    /// The receiver of `f` from a constructor of its type ([`Planner::constructor`]), its
    /// address taken when the method wants a pointer and the constructor returns a value.
    fn made_receiver(
        &mut self,
        f: &Function,
        r: &crate::index::Receiver,
        hint: &str,
        loose: bool,
    ) -> Option<Build> {
        let ahead = param_names(f);
        let (b, ptr) = self.constructor(&r.type_name, hint, &ahead, loose)?;
        Some(match (r.pointer, ptr) {
            (true, false) => Build::AddrOf { inner: Box::new(b) },
            _ => b,
        })
    }

    /// `New<Type>(...)` or `New(...)` returning `T`/`*T` (optionally with an error) whose
    /// parameters are all buildable. Returns the call and whether it yields a pointer.
    /// `ahead`: the target's own parameter names, kept for them (a constructor parameter of
    /// the same name is prefixed with the receiver's name: `vS`).
    ///
    /// `loose`: other `New...`/`Parse...`/`Make...` functions returning the type count too. Only
    /// for types with unexported fields: a literal of exported fields is a state any caller can
    /// make, and it reaches more than a parser's output does.
    fn constructor(
        &mut self,
        type_name: &str,
        recv_hint: &str,
        ahead: &BTreeSet<String>,
        loose: bool,
    ) -> Option<(Build, bool)> {
        let want = format!("New{type_name}");
        let pkg = self.pkg;
        // Exact names come from the package's index; the loose prefixes need a scan.
        let pool: Vec<&Function> = if loose {
            pkg.functions.iter().collect()
        } else {
            pkg.functions_named(&want)
                .chain(pkg.functions_named("New"))
                .collect()
        };
        let mut cands: Vec<&Function> = pool
            .into_iter()
            .filter(|f| f.receiver.is_none() && f.type_params.is_empty() && f.body.is_some())
            .filter(|f| constructor_rank(&f.name, &want).is_some_and(|r| r < 2 || loose))
            .filter(|f| !f.params.iter().any(|p| mentions(&p.ty, type_name)))
            .collect();
        cands.sort_by_key(|f| (constructor_rank(&f.name, &want), f.name.clone()));
        for c in cands {
            let ptr = match c.results.first().map(|r| &r.ty) {
                Some(GoType::Named {
                    pkg: None, name, ..
                }) if name == type_name => false,
                Some(GoType::Pointer { elem }) if matches!(&**elem, GoType::Named { pkg: None, name, .. } if name == type_name) => {
                    true
                }
                _ => continue,
            };
            let returns_error = match c.results.len() {
                1 => false,
                2 if c.results[1].ty.to_string() == "error" => true,
                _ => continue,
            };
            let mark = (self.args.len(), self.names.clone(), self.imports.clone());
            let mut args = Vec::new();
            let mut ok = true;
            // A trailing variadic parameter (`funcs ...map[string]any`) gets no argument.
            for (i, prm) in c.params.iter().enumerate().filter(|(_, p)| !p.variadic) {
                let (pname, ty) = param_name_and_type(i, prm);
                let path = InputPath::ctor_param(&c.name, &pname);
                let hint = if ahead.contains(&pname) {
                    camel(recv_hint, &pname)
                } else {
                    pname.clone()
                };
                match self.value(&ty, path, &hint, true, 0) {
                    Ok(b) => args.push(b),
                    Err(_) => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok {
                return Some((
                    Build::Call {
                        func: c.name.clone(),
                        args,
                        returns_error,
                    },
                    ptr,
                ));
            }
            self.args.truncate(mark.0);
            self.names = mark.1;
            self.imports = mark.2;
        }
        None
    }
}

/// Methods that (re)initialise their pointer receiver from their parameters and return it.
const INIT_METHODS: &[&str] = &["Init", "Reset"];

impl Planner<'_> {
    /// `new(T).Init(args...)` for a method of `*T` named in [`INIT_METHODS`] that takes
    /// buildable parameters (none of type `T`) and returns `*T`: a receiver whose state only
    /// that method sets up (its reader, its buffers). Arguments as [`Planner::constructor`]
    /// builds them; the input path names the call (`new(T).Init`).
    fn init_method(
        &mut self,
        type_name: &str,
        recv_hint: &str,
        ahead: &BTreeSet<String>,
    ) -> Option<Build> {
        let pkg = self.pkg;
        let returns_self = |f: &Function| {
            matches!(f.results.as_slice(), [r] if matches!(&r.ty, GoType::Pointer { elem }
                if matches!(&**elem, GoType::Named { pkg: None, name, .. } if name == type_name)))
        };
        let mut cands: Vec<&Function> = pkg
            .functions
            .iter()
            .filter(|f| {
                f.receiver
                    .as_ref()
                    .is_some_and(|r| r.pointer && r.type_name == type_name)
                    && INIT_METHODS.contains(&f.name.as_str())
                    && f.type_params.is_empty()
                    && f.body.is_some()
                    && !f.params.is_empty()
                    && !f.params.iter().any(|p| mentions(&p.ty, type_name))
                    && returns_self(f)
            })
            .collect();
        cands.sort_by_key(|f| {
            (
                INIT_METHODS.iter().position(|m| *m == f.name),
                f.name.clone(),
            )
        });
        let m = cands.first()?;
        let func = format!("new({type_name}).{}", m.name);
        let mark = self.mark();
        let mut args = Vec::new();
        for (i, prm) in m.params.iter().enumerate().filter(|(_, p)| !p.variadic) {
            let (pname, ty) = param_name_and_type(i, prm);
            let hint = if ahead.contains(&pname) {
                camel(recv_hint, &pname)
            } else {
                pname.clone()
            };
            match self.value(&ty, InputPath::ctor_param(&func, &pname), &hint, true, 0) {
                Ok(b) => args.push(b),
                Err(_) => {
                    self.reset(mark);
                    return None;
                }
            }
        }
        Some(Build::Call {
            func,
            args,
            returns_error: false,
        })
    }
}

/// How much a package function named `name` looks like the constructor of a type whose
/// conventional constructor is `want` (`NewSemVer`): `New<Type>`, then `New`, then other
/// `New...`/`Parse...`/`Make...`/`Compile...` functions returning the type (`NewVersion` for
/// `SemVer`), then a bare `Parse`/`Make`/`Compile`;
/// None for anything else (`Must...` panics instead of failing).
fn constructor_rank(name: &str, want: &str) -> Option<u8> {
    if name == want {
        Some(0)
    } else if name == "New" {
        Some(1)
    } else if ["New", "Parse", "Make", "Compile"].iter().any(|p| {
        name.strip_prefix(p)
            .is_some_and(|r| r.starts_with(char::is_uppercase))
    }) {
        Some(2)
    } else if ["Parse", "Make", "Compile"].contains(&name) {
        // The package's own parser (`Parse(s, flags) (*Regexp, error)`), after the more
        // specific `ParseWith...`.
        Some(3)
    } else {
        None
    }
}

/// True when `ty` mentions the package's type `name` (a constructor taking its own type is
/// no constructor).
fn mentions(ty: &GoType, name: &str) -> bool {
    match ty {
        GoType::Named {
            pkg: None,
            name: n,
            args,
        } => n == name || args.iter().any(|a| mentions(a, name)),
        GoType::Pointer { elem } | GoType::Slice { elem } | GoType::Array { elem, .. } => {
            mentions(elem, name)
        }
        GoType::Map { key, value } => mentions(key, name) || mentions(value, name),
        _ => false,
    }
}

/// True when `ty` names no type of another package (its text builds in the harness as is).
fn unqualified(ty: &GoType) -> bool {
    match ty {
        GoType::Named { pkg, args, .. } => pkg.is_none() && args.iter().all(unqualified),
        GoType::Pointer { elem } | GoType::Slice { elem } | GoType::Array { elem, .. } => {
            unqualified(elem)
        }
        GoType::Map { key, value } => unqualified(key) && unqualified(value),
        GoType::Struct { .. } | GoType::Other { .. } => false,
        GoType::Interface { empty, .. } => *empty,
        GoType::Chan { .. } | GoType::Func { .. } => false,
    }
}

/// True when a foreign declaration's underlying type uses only predeclared names.
fn is_foreign_safe(ty: &GoType) -> bool {
    match ty {
        GoType::Named {
            pkg: None,
            name,
            args,
        } => args.is_empty() && FuzzType::parse(name).is_some(),
        GoType::Named { .. } => false,
        GoType::Pointer { elem } | GoType::Slice { elem } | GoType::Array { elem, .. } => {
            is_foreign_safe(elem)
        }
        GoType::Map { key, value } => is_foreign_safe(key) && is_foreign_safe(value),
        GoType::Struct { fields } => fields.iter().all(|f| is_foreign_safe(&f.ty)),
        _ => true,
    }
}

/// A struct type with a named unexported field (a literal only its package can write).
fn has_unexported_fields(ty: &GoType) -> bool {
    match ty {
        GoType::Struct { fields } => fields.iter().any(|fd| {
            fd.name
                .as_deref()
                .is_some_and(|n| n != "_" && !super::package::exported(n))
        }),
        _ => false,
    }
}

/// Interface (incl. `error`/`any`), func and channel types: behaviour, not data.
fn behaviour_type(ty: &GoType) -> bool {
    match ty {
        GoType::Interface { .. } | GoType::Func { .. } | GoType::Chan { .. } => true,
        GoType::Named {
            pkg: None,
            name,
            args,
        } => args.is_empty() && (name == "error" || name == "any"),
        _ => false,
    }
}

fn embedded_name(ty: &GoType) -> Option<String> {
    match ty {
        GoType::Named { name, .. } => Some(name.clone()),
        GoType::Pointer { elem } => embedded_name(elem),
        _ => None,
    }
}

fn parse_int(t: &str) -> Option<usize> {
    usize::try_from(crate::golex::parse_int_lit(t)?).ok()
}

/// `r` + `Name` → `rName`; `req` + `qty` → `reqQty`.
pub(crate) fn camel(prefix: &str, field: &str) -> String {
    let mut c = field.chars();
    match c.next() {
        Some(first) => format!("{prefix}{}{}", first.to_uppercase(), c.as_str()),
        None => prefix.to_string(),
    }
}

/// Go keywords, predeclared types other than the basic ones ([`reserved_names`] adds those
/// from [`TABLE`]) and constants, the builtins a harness calls (`len`, `new`, `recover`), plus
/// `t` and `f` (the harness's own parameters). Other builtins (`max`, `copy`...) may be
/// shadowed by a parameter of that name: the harness never calls them.
const GO_RESERVED: &[&str] = &[
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
    "any",
    "comparable",
    "error",
    "true",
    "false",
    "iota",
    "nil",
    "len",
    "new",
    "recover",
    "t",
    "f",
];

/// [`GO_RESERVED`] and every basic type name: never used as names.
pub(crate) fn reserved_names() -> BTreeSet<String> {
    GO_RESERVED
        .iter()
        .copied()
        .chain(TABLE.iter().map(|i| i.name))
        .map(str::to_string)
        .collect()
}

/// True for a basic type name Go's fuzzer rejects (`uintptr`, `complex64`, `complex128`).
fn not_fuzzable_basic(name: &str) -> bool {
    Basic::parse(name).is_some_and(|b| b.fuzz_type().is_none())
}

/// The names `f`'s parameters get in the harness (a constructor's own parameters of the same
/// names are prefixed).
fn param_names(f: &Function) -> BTreeSet<String> {
    (0..f.params.len())
        .map(|i| param_name_and_type(i, &f.params[i]).0)
        .collect()
}

/// The name a parameter gets in the harness (`p<i>` for unnamed or blank ones) and the type of
/// the value to build (`[]T` for a variadic `...T`).
fn param_name_and_type(i: usize, prm: &crate::index::Param) -> (String, GoType) {
    let name = match prm.name.as_deref() {
        Some(n) if n != "_" => n.to_string(),
        _ => format!("p{i}"),
    };
    let ty = if prm.variadic {
        GoType::Slice {
            elem: Box::new(prm.ty.clone()),
        }
    } else {
        prm.ty.clone()
    };
    (name, ty)
}

/// A func literal of the func type `text` that does nothing and returns zero values:
/// `func(string) bool { return *new(bool) }`, `func(int) (n int, err error) { return }`,
/// `func(string) {}`. Only types without qualified names (no imports to add) or type
/// parameters; None otherwise.
fn func_literal(text: &str) -> Option<String> {
    let t = text.trim();
    let rest = t.strip_prefix("func")?.trim_start();
    if !rest.starts_with('(') || t.replace("...", "").contains('.') {
        return None;
    }
    let mut depth = 0usize;
    let mut end = None;
    for (i, c) in rest.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 && c == ')' {
                    end = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let results = rest[end? + 1..].trim();
    let body = if results.is_empty() {
        "{}".to_string()
    } else if let Some(list) = results.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        let items = split_top(list);
        let keyword = |w: &str| matches!(w, "chan" | "func" | "map" | "struct" | "interface");
        let named = items.iter().any(|it| {
            let mut w = it.split_whitespace();
            matches!((w.next(), w.next()), (Some(a), Some(_)) if !keyword(a) && a.chars().all(|c| c.is_alphanumeric() || c == '_'))
        });
        if named {
            "{ return }".to_string()
        } else {
            let zeros: Vec<String> = items
                .iter()
                .map(|it| format!("*new({})", it.trim()))
                .collect();
            format!("{{ return {} }}", zeros.join(", "))
        }
    } else {
        format!("{{ return *new({results}) }}")
    };
    Some(format!("{t} {body}"))
}

/// `s` split at the commas outside brackets.
fn split_top(s: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(String::new());
                continue;
            }
            _ => {}
        }
        out.last_mut().expect("non-empty").push(c);
    }
    out.retain(|x| !x.trim().is_empty());
    out
}

/// Why a value of a channel, func, interface or unparsed type cannot come from fuzz input.
fn unbuildable(ty: &GoType) -> String {
    match ty {
        GoType::Chan { .. } => "channel".into(),
        GoType::Func { .. } => "func value".into(),
        GoType::Interface { empty: true, .. } => {
            "empty interface: no concrete type to build".into()
        }
        GoType::Interface { .. } => "interface with methods".into(),
        other => format!("unsupported type {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::parse_source;
    use crate::plan::DepPackage;

    fn package(src: &str) -> (crate::index::GoFile, PackageInfo) {
        let file = parse_source(src);
        let pkg = PackageInfo::from_files("example.com/m/app", &[&file], &[]);
        (file, pkg)
    }

    /// Regression: `*url.URL` was recognised by its text, so a module package named `url`
    /// got `net/url.Parse` and the harness did not compile.
    #[test]
    fn a_module_package_named_url_is_not_net_url() {
        let src = "package app\n\nimport \"example.com/m/url\"\n\nfunc Fetch(u *url.URL) string {\n\treturn u.Host\n}\n";
        let (file, mut pkg) = package(src);
        let dep = parse_source("package url\n\ntype URL struct {\n\tHost string\n}\n");
        pkg.deps.insert(
            "example.com/m/url".into(),
            DepPackage {
                name: "url".into(),
                types: dep.types.clone(),
                consts: vec![],
            },
        );
        let plan = crate::plan::plan_function(&file.functions[0], &pkg).unwrap();
        assert_eq!(plan.imports, ["example.com/m/url"]);
        assert!(
            !matches!(plan.params[0], Build::Fallible { .. }),
            "{:?}",
            plan.params[0]
        );
        assert_eq!(plan.args[0].ty, FuzzType::String);
        assert_eq!(plan.args[0].path.fields, ["Host"]);
    }

    #[test]
    fn net_url_under_an_alias_is_still_net_url() {
        let src = "package app\n\nimport neturl \"net/url\"\n\nfunc Fetch(u *neturl.URL) string {\n\treturn u.Host\n}\n";
        let (file, pkg) = package(src);
        let plan = crate::plan::plan_function(&file.functions[0], &pkg).unwrap();
        assert!(
            matches!(&plan.params[0], Build::Fallible { template, .. } if template == "url.Parse({})")
        );
        assert_eq!(plan.imports, ["net/url"]);
    }

    #[test]
    fn loose_constructors_only_for_types_with_unexported_fields() {
        let src = "package app\n\ntype SemVer struct{ major int }\n\nfunc NewVersion(s string) (*SemVer, error) { return &SemVer{}, nil }\n\nfunc (v *SemVer) Bump(part string) int { return v.major }\n\ntype Order struct{ ID string }\n\nfunc ParseOrder(s string) (*Order, error) { return &Order{ID: s}, nil }\n\nfunc (o *Order) Check(n int) bool { return o.ID != \"\" }\n";
        let (file, pkg) = package(src);
        let get = |n: &str| {
            let f = file
                .functions
                .iter()
                .find(|f| f.qualified_name() == n)
                .unwrap();
            crate::plan::plan_function(f, &pkg).unwrap()
        };
        let bump = get("SemVer.Bump");
        assert!(
            matches!(&bump.receiver, Some(Build::Call { func, .. }) if func == "NewVersion"),
            "{:?}",
            bump.receiver
        );
        assert!(!bump.artifact_risk);
        let check = get("Order.Check");
        assert!(
            matches!(&check.receiver, Some(Build::AddrOf { inner }) if matches!(**inner, Build::Struct { .. }))
        );
    }

    #[test]
    fn a_receiver_with_an_error_field_is_built_from_its_other_fields() {
        let src = "package app\n\ntype ParseError struct {\n\tField string\n\tErr   error\n}\n\nfunc (e *ParseError) Error() string { return e.Field }\n";
        let (file, pkg) = package(src);
        let plan = crate::plan::plan_function(&file.functions[0], &pkg).unwrap();
        assert_eq!(plan.args.len(), 1);
        assert_eq!(
            plan.args[0].path,
            InputPath {
                root: crate::plan::InputRoot::Receiver,
                fields: vec!["Field".into()]
            }
        );
    }

    #[test]
    fn unbuildable_variadic_options_are_left_out_and_unbuildable_maps_are_empty() {
        let src = "package parse\n\ntype Tree struct {\n\tName string\n\tRoot *Tree\n\ttreeSet map[string]*Tree\n}\n\nfunc Parse(name, text string, funcs ...map[string]any) (map[string]*Tree, error) { return nil, nil }\n\nfunc New(name string, funcs ...map[string]any) *Tree { return &Tree{Name: name} }\n\nfunc (t *Tree) Parse(text string, treeSet map[string]*Tree, funcs ...map[string]any) (*Tree, error) { return t, nil }\n\nfunc Join(sep string, parts ...string) string { return sep }\n";
        let (file, pkg) = package(src);
        let plan = |i: usize| crate::plan::plan_function(&file.functions[i], &pkg).unwrap();
        let p = plan(0);
        assert_eq!(p.param_names, ["name", "text", "funcs"]);
        assert!(p.variadic);
        assert!(
            matches!(&p.params[2], Build::Expr { go, .. } if go == "nil"),
            "the left-out options are passed as `nil...`: {:?}",
            p.params[2]
        );
        assert_eq!(p.args.len(), 2);
        let m = plan(2);
        assert!(
            matches!(&m.receiver, Some(Build::Call { func, args, .. }) if func == "New" && args.len() == 1),
            "{:?}",
            m.receiver
        );
        assert!(
            matches!(&m.params[1], Build::Expr { go, .. } if go == "make(map[string]*Tree)"),
            "{:?}",
            m.params[1]
        );
        assert_eq!(m.params.len(), 3);
        // A buildable variadic parameter is still fuzzed and spread.
        let j = plan(3);
        assert!(j.variadic);
        assert_eq!(j.params.len(), 2);
    }

    #[test]
    fn recursive_types_come_from_the_packages_parser_and_initializers() {
        let src = "package syntax\n\nimport \"io\"\n\ntype Regexp struct {\n\tOp  uint8\n\tSub []*Regexp\n}\n\nfunc Parse(s string, flags uint16) (*Regexp, error) { return nil, nil }\n\nfunc (re *Regexp) String() string { return \"\" }\n\nfunc Compile(re *Regexp) (int, error) { return 0, nil }\n\ntype Scanner struct {\n\tsrc  io.Reader\n\tprev *Scanner\n}\n\nfunc (s *Scanner) Init(src io.Reader) *Scanner { s.src = src; return s }\n\nfunc (s *Scanner) Scan() rune { return 0 }\n";
        let (file, pkg) = package(src);
        let plan = |name: &str| {
            let f = file
                .functions
                .iter()
                .find(|f| f.qualified_name() == name)
                .unwrap();
            crate::plan::plan_function(f, &pkg).unwrap_or_else(|e| panic!("{name}: {e}"))
        };
        let parsed = |b: &Option<&Build>| matches!(b, Some(Build::Call { func, returns_error: true, args }) if func == "Parse" && args.len() == 2);
        let s = plan("Regexp.String");
        assert!(parsed(&s.receiver.as_ref()), "{:?}", s.receiver);
        let c = plan("Compile");
        assert!(parsed(&c.params.first()), "{:?}", c.params);
        assert_eq!(c.args.len(), 2);
        let sc = plan("Scanner.Scan");
        assert!(
            matches!(&sc.receiver, Some(Build::Call { func, args, .. }) if func == "new(Scanner).Init" && args.len() == 1),
            "{:?}",
            sc.receiver
        );
        assert_eq!(sc.args[0].ty, FuzzType::Bytes);
    }

    #[test]
    fn bit_flag_types_are_converted_from_a_number_and_enums_chosen_by_index() {
        let src = "package syntax\n\ntype Flags uint16\n\nconst (\n\tFoldCase Flags = 1 << iota\n\tLiteral\n\tPerlX\n\tPerl = FoldCase | PerlX\n)\n\ntype Op uint8\n\nconst (\n\tOpLiteral Op = iota\n\tOpStar\n)\n\nfunc Parse(s string, flags Flags, op Op) {}\n";
        let (file, pkg) = package(src);
        let plan = crate::plan::plan_function(&file.functions[0], &pkg).unwrap();
        assert!(
            matches!(&plan.params[1], Build::Convert { ty, .. } if ty == "Flags"),
            "{:?}",
            plan.params[1]
        );
        assert_eq!(plan.args[1].ty, FuzzType::Uint16);
        // The two constants, then a value neither holds (for a `default`).
        assert!(
            matches!(&plan.params[2], Build::Enum { consts, .. } if consts == &["OpLiteral", "OpStar", "Op(2)"]),
            "{:?}",
            plan.params[2]
        );
    }

    #[test]
    fn undeclared_enum_values_are_free_of_every_constant() {
        use crate::constraints::{undeclared_value, Lit};
        let ints = |v: &[i128]| v.iter().map(|i| Lit::Int(*i)).collect::<Vec<_>>();
        assert_eq!(undeclared_value("Op", &ints(&[0, 1])), Some("Op(2)".into()));
        assert_eq!(
            undeclared_value("L", &ints(&[-1, 0, 1, 2])),
            Some("L(3)".into())
        );
        assert_eq!(
            undeclared_value("S", &ints(&[1, 2, 3])),
            Some("S(0)".into())
        );
        let strs = |v: &[&str]| {
            v.iter()
                .map(|s| Lit::Str(s.as_bytes().to_vec()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            undeclared_value("money.Currency", &strs(&["EUR", "USD"])),
            Some("money.Currency(\"\")".into())
        );
        assert_eq!(
            undeclared_value("M", &strs(&["", "GET"])),
            Some("M(\"heatseed\")".into())
        );
        assert_eq!(undeclared_value("F", &[Lit::Float(1.5)]), None);
        assert_eq!(undeclared_value("E", &[]), None);
    }

    #[test]
    fn any_destinations_include_the_struct_types_the_tests_declare() {
        let src = "package doc\n\nfunc Unmarshal(data []byte, v any) error { return nil }\n";
        let test_src = "package doc\n\ntype plain struct {\n\tA int\n}\n\ntype Feed struct {\n\tTitle string `xml:\"title\"`\n\tID    string `xml:\"id\"`\n}\n\ntype Box[T any] struct {\n\tV T `xml:\"v\"`\n}\n\ntype hidden struct {\n\ta int `xml:\"a\"`\n}\n\ntype Entry struct {\n\tTitle string `xml:\"title\"`\n\tBody  string\n}\n";
        let ext_src = "package doc_test\n\ntype Outside struct {\n\tX string `xml:\"x\"`\n}\n";
        let file = parse_source(src);
        let tests = [parse_source(test_src), parse_source(ext_src)];
        let refs: Vec<&crate::index::GoFile> = tests.iter().collect();
        let pkg = PackageInfo::from_files("example.com/m/doc", &[&file], &refs);
        // Most tagged fields first; generic, unexported-only and external types left out.
        assert_eq!(pkg.test_types, ["Feed", "Entry", "plain"]);
        let plan = crate::plan::plan_function(&file.functions[0], &pkg).unwrap();
        let text = format!("{:?}", plan.params[1]);
        assert!(
            text.contains("[]interface{}{new(interface{}), new(Feed), new(Entry), new(plain), new(map[string]interface{}), new([]interface{}), new(string), new(float64)}[int({})%8]"),
            "{text}"
        );
        // The byte picking it knows how many it picks from; the document argument does not.
        let choices: Vec<Option<u8>> = plan.args.iter().map(|a| a.destinations).collect();
        assert_eq!(choices, [None, Some(8)]);
    }

    #[test]
    fn any_error_fs_and_stringer_parameters_are_built_from_input() {
        let src = "package app\n\nimport (\n\t\"fmt\"\n\t\"io/fs\"\n)\n\nfunc Decode(data []byte, v any) error { return nil }\n\nfunc Into(v interface{}) {}\n\nfunc Wrap(err error) string { return err.Error() }\n\nfunc Load(fsys fs.FS, name string) {}\n\nfunc Show(s fmt.Stringer) string { return s.String() }\n";
        let (file, pkg) = package(src);
        let plans: Vec<crate::plan::FuzzPlan> = file
            .functions
            .iter()
            .map(|f| {
                crate::plan::plan_function(f, &pkg).unwrap_or_else(|e| panic!("{}: {e}", f.name))
            })
            .collect();
        let text = format!("{plans:?}");
        for want in [
            "[]interface{}{new(interface{}), new(map[string]interface{}), new([]interface{}), new(string), new(float64)}[int({})%5]",
            "errors.New({})",
            "fstest.MapFS{\\\"input\\\": &fstest.MapFile{Data: {}}}",
            "bytes.NewBufferString({})",
            "\"testing/fstest\"",
        ] {
            assert!(text.contains(want), "missing {want}:\n{text}");
        }
        // Fields keep their rule: a struct with an `any` field is still not built.
        assert_eq!(
            func_literal("func(string) bool").as_deref(),
            Some("func(string) bool { return *new(bool) }")
        );
        assert_eq!(
            func_literal("func(k string, v []int) (int, error)").as_deref(),
            Some("func(k string, v []int) (int, error) { return *new(int), *new(error) }")
        );
        assert_eq!(
            func_literal("func(a, b int) (n int, err error)").as_deref(),
            Some("func(a, b int) (n int, err error) { return }")
        );
        assert_eq!(
            func_literal("func(xs ...string)").as_deref(),
            Some("func(xs ...string) {}")
        );
        assert_eq!(func_literal("func(fs.DirEntry) error"), None);
        let (file, pkg) =
            package("package app\n\ntype Box struct {\n\tV any\n}\n\nfunc Put(b Box) {}\n");
        assert!(crate::plan::plan_function(&file.functions[0], &pkg).is_err());
    }
}
