//! What the planner knows about the package a target lives in: its declarations, the names
//! its test files already use, and the exported declarations of the module packages it imports.

use super::hazards::HazardIndex;
use crate::index::{ConstDecl, Function, GoFile, GoType, Import, TypeDecl, VarDecl};
use crate::targets::Analysis;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The file heatseed generates into every harnessed package. Callers scanning a package's
/// `_test.go` files for existing `Fuzz*` names skip it (else a re-run would rename every test).
pub const GENERATED_TEST_FILE: &str = "heatseed_fuzz_test.go";

/// One package, as the planner needs it.
#[derive(Clone, Debug, Default)]
pub struct PackageInfo {
    /// Import path (`example.com/shop/order`).
    pub import_path: String,
    /// Package clause name (`order`).
    pub name: String,
    pub types: Vec<TypeDecl>,
    pub consts: Vec<ConstDecl>,
    /// Package-level vars with initial values (constraint mining reads magic values there).
    pub vars: Vec<(String, crate::index::Expr)>,
    /// Every function and method of the package's non-test files (constructors come from here).
    pub functions: Vec<Function>,
    /// Top-level function names declared in the package's `_test.go` files (internal and
    /// external test package), `Fuzz*` and others: they cannot be reused.
    pub test_functions: Vec<String>,
    /// Harness unexported functions too (`generate --include-unexported`); by default their
    /// exported callers, which establish their preconditions, are fuzzed instead.
    pub include_unexported: bool,
    /// Import qualifier → import path, over the package's files (`money` →
    /// `example.com/shop/internal/money`).
    pub imports: BTreeMap<String, String>,
    /// Other packages of the module by import path: their exported types and constants make
    /// parameters like `money.Currency` buildable.
    pub deps: BTreeMap<String, DepPackage>,
    /// Directory of the package (None for packages built from source text in tests).
    pub dir: Option<std::path::PathBuf>,
    /// Fuzz tests the user wrote in the package's test files, whose argument lists heatseed
    /// can read (seeds for the functions they call go into their corpus).
    pub user_fuzz: Vec<super::user::UserFuzz>,
    /// The user's fuzz tests heatseed cannot feed, with the reason.
    pub unreadable_fuzz: Vec<super::user::Unreadable>,
    /// Every package-level variable of the package's non-test files.
    pub var_decls: Vec<VarDecl>,
    /// Harness targets that reach file-system writes, the network, processes or sleeps
    /// (`generate --allow-side-effects`); by default they are skipped with the reason.
    pub allow_side_effects: bool,
    /// Side effects and package-variable writes of the package's functions (and, when built
    /// from an analysis, of every module function they call).
    pub hazards: Arc<HazardIndex>,
    /// The module's `go` directive (`go 1.22` → (1, 22)), when known: it decides which
    /// language features a harness may use (range over functions needs 1.23).
    pub go_version: Option<(u32, u32)>,
    /// Real inputs mined from the package's tests and `testdata/` (seeds start from them).
    pub examples: Arc<crate::values::bases::Examples>,
    /// Struct types the package's own (internal) test files declare, the likeliest decode
    /// destinations first ([`test_struct_types`]): an `any` destination may be one of them.
    pub test_types: Vec<String>,
    /// Lookup tables built on first use (the fields above must not change afterwards).
    lookup: OnceLock<Lookup>,
}

/// Name sets and indexes of a package, built once instead of once per target.
#[derive(Clone, Debug, Default)]
struct Lookup {
    /// See [`PackageInfo::taken_names`].
    taken: BTreeSet<String>,
    /// See [`PackageInfo::shadowed_names`].
    shadowed: BTreeSet<String>,
    /// Type name → its first declaration in `types`.
    types: HashMap<String, usize>,
    /// Function (not method) name → its positions in `functions`, in order.
    functions: HashMap<String, Vec<usize>>,
}

/// Declarations of an imported module package.
#[derive(Clone, Debug, Default)]
pub struct DepPackage {
    pub name: String,
    pub types: Vec<TypeDecl>,
    pub consts: Vec<ConstDecl>,
}

impl PackageInfo {
    /// Builds the info from the package's parsed non-test files and test files.
    pub fn from_files(import_path: &str, files: &[&GoFile], test_files: &[&GoFile]) -> Self {
        Self::build(import_path, files, test_files, true, true)
    }

    /// [`PackageInfo::from_files`], copying the functions only with `functions` (a package
    /// that is only a dependency needs none) and building the package's own hazard index
    /// only with `hazards` ([`packages_for`] replaces it by the analysis-wide one).
    fn build(
        import_path: &str,
        files: &[&GoFile],
        test_files: &[&GoFile],
        functions: bool,
        hazards: bool,
    ) -> Self {
        let mut info = PackageInfo {
            import_path: import_path.to_string(),
            name: files.first().map(|f| f.package.clone()).unwrap_or_default(),
            ..Default::default()
        };
        for f in files {
            info.var_decls.extend(f.var_decls.iter().cloned());
            info.types.extend(f.types.iter().cloned());
            info.consts.extend(f.consts.iter().cloned());
            info.vars.extend(f.vars.iter().cloned());
            if functions {
                info.functions.extend(f.functions.iter().cloned());
            }
            for imp in &f.imports {
                add_import(&mut info.imports, imp);
            }
        }
        for f in test_files {
            for func in &f.functions {
                if func.receiver.is_none() {
                    info.test_functions.push(func.name.clone());
                }
            }
        }
        info.test_functions.sort();
        info.test_functions.dedup();
        info.test_types = test_struct_types(&info.name, test_files);
        let owned: Vec<GoFile> = test_files.iter().map(|f| (*f).clone()).collect();
        (info.user_fuzz, info.unreadable_fuzz) = super::user::find_user_fuzz_tests(&owned);
        info.dir = files
            .first()
            .and_then(|f| f.path.parent())
            .map(|d| d.to_path_buf());
        if !test_files.is_empty() {
            info.examples = Arc::new(crate::values::bases::Examples::from_test_files(
                test_files,
                info.dir.as_deref(),
                &info.consts,
            ));
        }
        if !hazards {
            return info;
        }
        let funcs: Vec<(&Function, &[Import])> = files
            .iter()
            .flat_map(|f| f.functions.iter().map(|func| (func, f.imports.as_slice())))
            .collect();
        info.hazards = Arc::new(HazardIndex::for_package(
            import_path,
            &funcs,
            &info.var_decls,
        ));
        info
    }

    /// Names a generated fuzz test must not use (see [`super::fuzz_name`]).
    pub fn taken_names(&self) -> &BTreeSet<String> {
        &self.names().taken
    }

    /// Names a harness variable must not shadow: the package's functions (not methods), types,
    /// constants and import qualifiers.
    pub fn shadowed_names(&self) -> &BTreeSet<String> {
        &self.names().shadowed
    }

    /// The package's functions (not methods) named `name`, in declaration order.
    pub fn functions_named<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a Function> + 'a {
        let at = self
            .names()
            .functions
            .get(name)
            .map_or(&[][..], Vec::as_slice);
        at.iter().map(|&i| &self.functions[i])
    }

    fn names(&self) -> &Lookup {
        self.lookup.get_or_init(|| {
            let mut taken: BTreeSet<String> = self.test_functions.iter().cloned().collect();
            for f in &self.functions {
                if f.receiver.is_none() {
                    taken.insert(f.name.clone());
                }
            }
            taken.extend(self.types.iter().map(|t| t.name.clone()));
            taken.extend(self.consts.iter().map(|c| c.name.clone()));
            // Package-level names a harness may mention (functions, types, constants) and the
            // import qualifiers; methods and test functions are never bare identifiers there,
            // so parameters may reuse their names.
            let mut shadowed: BTreeSet<String> = self
                .functions
                .iter()
                .filter(|f| f.receiver.is_none())
                .map(|f| f.name.clone())
                .collect();
            shadowed.extend(self.types.iter().map(|t| t.name.clone()));
            shadowed.extend(self.consts.iter().map(|c| c.name.clone()));
            shadowed.extend(self.imports.keys().cloned());
            let mut types = HashMap::new();
            for (i, t) in self.types.iter().enumerate() {
                types.entry(t.name.clone()).or_insert(i);
            }
            let mut functions: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, f) in self.functions.iter().enumerate() {
                if f.receiver.is_none() {
                    functions.entry(f.name.clone()).or_default().push(i);
                }
            }
            Lookup {
                taken,
                shadowed,
                types,
                functions,
            }
        })
    }

    pub fn type_decl(&self, name: &str) -> Option<&TypeDecl> {
        self.names().types.get(name).map(|&i| &self.types[i])
    }
}

fn add_import(map: &mut BTreeMap<String, String>, imp: &Import) {
    let q = imp.local_name();
    if q == "_" || q == "." {
        return;
    }
    map.entry(q.to_string()).or_insert_with(|| imp.path.clone());
}

/// One [`PackageInfo`] per package of the analysis (sorted by import path). Test files are
/// found next to the profiled files (`*_test.go`, [`GENERATED_TEST_FILE`] excluded) and parsed;
/// a test file that cannot be read is ignored.
pub fn packages_from_analysis(a: &Analysis) -> Vec<PackageInfo> {
    packages_of(a, true)
}

/// Like [`packages_from_analysis`]; `with_tests: false` skips reading test files (enough to
/// decide whether a target can be planned, not to pick collision-free fuzz test names).
pub fn packages_of(a: &Analysis, with_tests: bool) -> Vec<PackageInfo> {
    packages_for(a, with_tests, None)
}

/// Like [`packages_of`], returning only the packages in `only` (others still lend their
/// exported types and constants as dependencies; their functions are not copied).
pub fn packages_for(
    a: &Analysis,
    with_tests: bool,
    only: Option<&std::collections::BTreeSet<String>>,
) -> Vec<PackageInfo> {
    let (out, hazards) = rayon::join(
        || packages_with(a, with_tests, only, Arc::default()),
        || Arc::new(analysis_hazards(a)),
    );
    out.into_iter()
        .map(|p| PackageInfo {
            hazards: hazards.clone(),
            ..p
        })
        .collect()
}

/// [`packages_for`] with `hazards` as every package's hazard index.
fn packages_with(
    a: &Analysis,
    with_tests: bool,
    only: Option<&std::collections::BTreeSet<String>>,
    hazards: Arc<HazardIndex>,
) -> Vec<PackageInfo> {
    let wanted = |p: &str| only.map_or(true, |o| o.contains(p));
    let mut by_pkg: BTreeMap<&str, Vec<&GoFile>> = BTreeMap::new();
    for f in &a.files {
        by_pkg
            .entry(f.heat.import_path.as_str())
            .or_default()
            .push(&f.source);
    }
    // Packages are independent: built in parallel, kept in import-path order.
    let by_pkg: Vec<(&str, Vec<&GoFile>)> = by_pkg.into_iter().collect();
    let mut out: Vec<PackageInfo> = by_pkg
        .par_iter()
        .map(|(path, files)| package_info(path, files, with_tests, wanted(path)))
        .collect();
    // Deps: every other analysed package, with its exported declarations.
    let deps: BTreeMap<String, DepPackage> = out
        .par_iter()
        .map(|p| (p.import_path.clone(), dep_package(p)))
        .collect();
    out.par_iter_mut().for_each(|p| {
        p.deps = deps
            .iter()
            .filter(|(k, _)| **k != p.import_path && p.imports.values().any(|v| v == *k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        p.hazards = hazards.clone();
        p.go_version = p.dir.as_deref().and_then(go_version);
    });
    out.retain(|p| wanted(&p.import_path));
    out
}

/// Functions moved out of an analysis's files into the packages of [`packages_lending`], to
/// be put back by [`Loan::repay`]: per file of the analysis, how many it had and where its
/// first one is in its package's [`PackageInfo::functions`].
#[derive(Debug)]
pub struct Loan {
    counts: Vec<usize>,
    offsets: Vec<usize>,
}

impl Loan {
    /// The function `id` names in the analysis, in the packages it was lent to.
    pub fn function<'p>(&self, pkg: &'p PackageInfo, id: crate::targets::FuncId) -> &'p Function {
        &pkg.functions[self.offsets[id.file] + id.func]
    }

    /// Puts every lent function back into its file of `a`.
    pub fn repay(self, a: &mut Analysis, packages: Vec<PackageInfo>) {
        let mut by_pkg: HashMap<String, std::vec::IntoIter<Function>> = packages
            .into_iter()
            .map(|p| (p.import_path, p.functions.into_iter()))
            .collect();
        for (f, &n) in a.files.iter_mut().zip(&self.counts) {
            if let Some(funcs) = by_pkg.get_mut(&f.heat.import_path) {
                f.source.functions = funcs.by_ref().take(n).collect();
            }
        }
    }
}

/// [`packages_for`] without test files, for planning the targets of the packages in `only`
/// once: their functions are moved out of `a`'s files (no copy of every function body) and
/// must be put back with [`Loan::repay`] before `a` is read again.
pub fn packages_lending(
    a: &mut Analysis,
    only: &std::collections::BTreeSet<String>,
) -> (Vec<PackageInfo>, Loan) {
    let hazards = Arc::new(analysis_hazards(a));
    let mut taken: BTreeMap<String, Vec<Function>> = BTreeMap::new();
    let mut loan = Loan {
        counts: vec![0; a.files.len()],
        offsets: vec![0; a.files.len()],
    };
    for (i, f) in a.files.iter_mut().enumerate() {
        if only.contains(&f.heat.import_path) {
            let funcs = taken.entry(f.heat.import_path.clone()).or_default();
            loan.offsets[i] = funcs.len();
            loan.counts[i] = f.source.functions.len();
            funcs.append(&mut f.source.functions);
        }
    }
    let mut out = packages_with(a, false, Some(only), hazards);
    for p in &mut out {
        p.functions = taken.remove(&p.import_path).unwrap_or_default();
    }
    (out, loan)
}

/// One package of [`packages_for`]: its test files read when `with_tests` and `wanted`; an
/// unwanted package keeps no functions (it is only a dependency of the wanted ones).
fn package_info(path: &str, files: &[&GoFile], with_tests: bool, wanted: bool) -> PackageInfo {
    let dir = files.first().and_then(|f| f.path.parent());
    let tests = if with_tests && wanted {
        dir.map(read_test_files).unwrap_or_default()
    } else {
        Vec::new()
    };
    let test_refs: Vec<&GoFile> = tests.iter().collect();
    // The hazards are the analysis-wide index [`packages_for`] puts in afterwards.
    PackageInfo::build(path, files, &test_refs, wanted, false)
}

/// What importers of `p` see of it: its name and exported types and constants.
fn dep_package(p: &PackageInfo) -> DepPackage {
    DepPackage {
        name: p.name.clone(),
        types: p
            .types
            .iter()
            .filter(|t| exported(&t.name))
            .cloned()
            .collect(),
        consts: p
            .consts
            .iter()
            .filter(|c| exported(&c.name))
            .cloned()
            .collect(),
    }
}

/// The hazard index of every function of the analysis, calls resolved module-wide.
fn analysis_hazards(a: &Analysis) -> HazardIndex {
    let nodes: Vec<super::hazards::Node> = a
        .functions
        .iter()
        .map(|h| super::hazards::Node {
            package: h.package.as_str(),
            imports: &a.files[h.id.file].source.imports,
            func: a.function(h.id),
        })
        .collect();
    let mut vars: BTreeMap<String, Vec<VarDecl>> = BTreeMap::new();
    for f in &a.files {
        vars.entry(f.heat.import_path.clone())
            .or_default()
            .extend(f.source.var_decls.iter().cloned());
    }
    HazardIndex::build(&nodes, a.call_graph(), &vars)
}

/// The `go` directive of the `go.mod` at or above `dir`: `go 1.22.3` → (1, 22).
pub fn go_version(dir: &Path) -> Option<(u32, u32)> {
    let gomod = dir
        .ancestors()
        .map(|d| d.join("go.mod"))
        .find(|p| p.is_file())?;
    let text = std::fs::read_to_string(gomod).ok()?;
    let v = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("go ").map(str::trim))?;
    let mut parts = v.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

fn read_test_files(dir: &Path) -> Vec<GoFile> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with("_test.go") && n != GENERATED_TEST_FILE)
        })
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| Some(crate::syntax::parse_go(p, &std::fs::read(p).ok()?)))
        .collect()
}

/// Go's exported-identifier rule (first character upper case).
pub fn exported(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_uppercase())
}

/// Test struct types offered as `any` destinations, at most this many.
pub const MAX_TEST_TYPES: usize = 4;

/// The struct types (no type parameters, some exported field) declared in the test files of
/// package `name` itself (not `name_test`, whose types a generated harness cannot name): those
/// with the most tagged fields first (what tests decode into carries `xml:`/`json:` tags), then
/// the most fields, then file order; at most [`MAX_TEST_TYPES`].
pub fn test_struct_types(name: &str, test_files: &[&GoFile]) -> Vec<String> {
    let mut found: Vec<(usize, usize, usize, String)> = Vec::new();
    for f in test_files.iter().filter(|f| f.package == name) {
        for t in &f.types {
            let GoType::Struct { fields } = &t.ty else {
                continue;
            };
            let exported = fields
                .iter()
                .any(|fd| fd.name.as_deref().is_some_and(exported));
            if t.alias || !t.type_params.is_empty() || !exported {
                continue;
            }
            let tagged = fields.iter().filter(|fd| fd.tag.is_some()).count();
            found.push((tagged, fields.len(), found.len(), t.name.clone()));
        }
    }
    found.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    found
        .into_iter()
        .map(|(.., n)| n)
        .take(MAX_TEST_TYPES)
        .collect()
}
