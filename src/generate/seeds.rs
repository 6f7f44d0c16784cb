//! From goals to seed files: the argument specs of a fuzz test (generated plan or the user's
//! own), base values from `f.Add` seeds, and the corpus files (and go-fuzz raw inputs) written
//! for each synthesized tuple, each recorded in the manifest.

use super::manifest::FileKind;
use super::{stage, Aim, CorpusDest, HarnessKind, ManifestEntry, PackageAt, Report, Run};
use crate::constraints::goals::{block_goals, call_bindings, facts_to_reach, Goal};
use crate::constraints::{Access, Context, Step};
use crate::error::Result;
use crate::index::{Expr, Function};
use crate::plan::user::UserFuzz;
use crate::plan::{FuzzPlan, InputPath, InputRoot, PackageInfo};
use crate::targets::{Analysis, FuncId, Heat};
use crate::values::synth::{ArgSpec, Seed};
use crate::values::{FuzzType, Value};
use crate::writers::fsio::{SafeWriter, WritePolicy};
use crate::writers::{harness, native};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// How many calls deep goals follow a target's callees (target → helper → helper → helper).
const CALL_DEPTH: u32 = 3;

/// At most this many callee functions contribute goals to one target.
const MAX_CALLEES: usize = 48;

/// Goals of a target: its own cold/rare blocks, then those of the module functions it reaches
/// through calls, up to [`CALL_DEPTH`] calls deep (each callee mined with its parameters bound
/// to the call's arguments, through every call on the way, and the path to each call site in
/// its caller added to the goal).
pub fn goals_for(a: &Analysis, id: FuncId, ctx: &Context) -> Vec<Goal> {
    let h = a.heat(id);
    let mut goals = block_goals(a.function(id), &h.blocks, ctx, &[]);
    let mut seen = vec![id];
    callee_goals(a, id, ctx, &[], CALL_DEPTH, &mut seen, &mut goals);
    goals
}

/// Goals of the callees of `id` (mined in `ctx`, reached under `prefix`), depth-first.
fn callee_goals(
    a: &Analysis,
    id: FuncId,
    ctx: &Context,
    prefix: &[crate::constraints::Fact],
    depth: u32,
    seen: &mut Vec<FuncId>,
    goals: &mut Vec<Goal>,
) {
    if depth == 0 {
        return;
    }
    let f = a.function(id);
    for &c in a.callees(id) {
        if seen.contains(&c) || seen.len() > MAX_CALLEES || !reaches_cold(a, c, depth - 1) {
            continue;
        }
        seen.push(c);
        let callee = a.function(c);
        // The first call site of the callee stands for all of them.
        let Some(call) = f.calls.iter().find(|k| calls_name(&k.func, &callee.name)) else {
            continue;
        };
        let caller_ctx = ctx.clone().at(call.pos);
        let mut path = prefix.to_vec();
        path.extend(facts_to_reach(f, call.pos, ctx));
        let bindings = call_bindings(callee, call);
        let callee_consts = &a.files[c.file].source.consts;
        // The package's predicates inline only into callees of the same package.
        let same_package = a.heat(c).package == a.heat(id).package;
        let callee_ctx = Context::new(callee, callee_consts, ctx.vars)
            .with_helpers(if same_package { ctx.helpers } else { &[] })
            .called_from(&caller_ctx, bindings);
        goals.extend(block_goals(callee, &a.heat(c).blocks, &callee_ctx, &path));
        callee_goals(a, c, &callee_ctx, &path, depth - 1, seen, goals);
    }
}

/// True when `id` or a function it calls (within `depth` more calls) has cold or rare blocks.
fn reaches_cold(a: &Analysis, id: FuncId, depth: u32) -> bool {
    a.heat(id).blocks.iter().any(|b| b.heat != Heat::Warm)
        || (depth > 0
            && a.callees(id)
                .iter()
                .any(|&c| c != id && reaches_cold(a, c, depth - 1)))
}

fn calls_name(func: &Expr, name: &str) -> bool {
    match func {
        Expr::Ident { name: n } => n == name,
        Expr::Selector { sel, .. } => sel == name,
        _ => false,
    }
}

/// Argument specs of a generated plan: each argument's input path in the target's terms.
pub(super) fn plan_arg_specs(plan: &FuzzPlan, f: &Function) -> Vec<ArgSpec> {
    plan.args
        .iter()
        .map(|arg| match &arg.shape {
            // A decoded input: its facts are solved part by part (`generate::decoded`).
            Some(shape) => ArgSpec {
                decoded: access_of(&arg.path, f).map(|at| {
                    let d = super::decoded::Decoded {
                        at,
                        shape: shape.clone(),
                    };
                    std::sync::Arc::new(d) as std::sync::Arc<dyn crate::values::synth::DecodedInput>
                }),
                ..ArgSpec::new(None, arg.ty)
            },
            None => ArgSpec::new(access_of(&arg.path, f), arg.ty),
        })
        .collect()
}

fn access_of(p: &InputPath, f: &Function) -> Option<Access> {
    let root = match &p.root {
        InputRoot::Receiver => f.receiver.as_ref()?.name.clone()?,
        InputRoot::Param { name } => name.clone(),
        // The constructor's parameter, by its own name: the facts that make the constructor
        // succeed ([`with_constructor_facts`]) speak about it. Not when the target has an
        // input of the same name (the facts would mix).
        InputRoot::CtorParam { param, .. } => {
            let clash = f.params.iter().any(|q| q.name.as_deref() == Some(param))
                || f.receiver.as_ref().and_then(|r| r.name.as_deref()) == Some(param);
            if clash {
                return None;
            }
            param.clone()
        }
        InputRoot::Unused => return None,
    };
    Some(Access {
        root,
        steps: p.fields.iter().map(|n| Step::Field(n.clone())).collect(),
    })
}

/// The goals of a generated plan whose receiver comes from a fallible constructor
/// (`v, err := NewVersion(s); if err != nil { return }`): every alternative also asks for the
/// facts that make the constructor reach its last `return` (its early error returns avoided),
/// and one more goal asks for those facts alone, so seeds build a receiver instead of
/// returning early. Other plans get `goals` unchanged.
pub(super) fn with_constructor_facts(
    goals: &[Goal],
    plan: &FuzzPlan,
    pkg: &PackageInfo,
) -> Vec<Goal> {
    let ctor_name = match &plan.receiver {
        Some(crate::plan::Build::Call {
            func,
            returns_error: true,
            ..
        }) => func,
        Some(crate::plan::Build::AddrOf { inner }) => match inner.as_ref() {
            crate::plan::Build::Call {
                func,
                returns_error: true,
                ..
            } => func,
            _ => return goals.to_vec(),
        },
        _ => return goals.to_vec(),
    };
    let Some(ctor) = pkg
        .functions
        .iter()
        .find(|f| f.receiver.is_none() && &f.name == ctor_name)
    else {
        return goals.to_vec();
    };
    let Some(last) = ctor.returns.last() else {
        return goals.to_vec();
    };
    let ctx = Context::new(ctor, &pkg.consts, &pkg.vars).with_helpers(&pkg.functions);
    let facts = facts_to_reach(ctor, last.start, &ctx);
    if facts.is_empty() {
        return goals.to_vec();
    }
    let mut out: Vec<Goal> = goals
        .iter()
        .map(|g| {
            let mut g = g.clone();
            for alt in &mut g.alternatives {
                alt.extend(facts.iter().cloned());
            }
            g
        })
        .collect();
    out.push(Goal {
        function: ctor.name.clone(),
        range: *last,
        statements: 0,
        heat: crate::targets::Heat::Cold,
        guard_kind: crate::targets::guard::GuardKind::Constructor,
        guard: format!("{} succeeds", ctor.name),
        alternatives: vec![facts],
        unreachable_because: None,
    });
    out
}

/// Base values of a plan's arguments: from the first literal `f.Add` seed of a user fuzz test
/// that passes the same parameter of the same target.
pub(super) fn plan_base(plan: &FuzzPlan, f: &Function, pkg: &PackageInfo) -> Vec<Value> {
    let mut base: Vec<Value> = plan.args.iter().map(|a| a.ty.zero()).collect();
    for uf in &pkg.user_fuzz {
        let Some(add) = uf.adds.first() else { continue };
        let Some(call) = uf
            .calls
            .iter()
            .find(|c| c.callee == f.name && c.method == f.receiver.is_some())
        else {
            continue;
        };
        for (pi, mapped) in call.arg_map.iter().enumerate() {
            let (Some(ai), Some(param)) = (mapped, f.params.get(pi)) else {
                continue;
            };
            let Some(name) = &param.name else { continue };
            for (bi, arg) in plan.args.iter().enumerate() {
                if arg.path.param_name() == Some(name.as_str()) && arg.path.fields.is_empty() {
                    let v = retype(&add[*ai], arg.ty);
                    if v.fuzz_type() == base[bi].fuzz_type() && v != v.fuzz_type().zero() {
                        base[bi] = v;
                    }
                }
            }
        }
    }
    base
}

/// Real inputs ([`crate::values::bases`]) per argument of a generated plan: for string and
/// `[]byte` arguments that carry a parameter of the target (or of the constructor building its
/// receiver) unchanged; empty for the others.
pub(super) fn plan_real_inputs(
    plan: &FuzzPlan,
    f: &Function,
    pkg: &PackageInfo,
    owned: &BTreeSet<PathBuf>,
) -> Vec<Vec<Vec<u8>>> {
    plan.args
        .iter()
        .map(|arg| {
            let text = matches!(arg.ty, FuzzType::String | FuzzType::Bytes);
            if !text || arg.shape.is_some() || !arg.path.fields.is_empty() {
                return Vec::new();
            }
            let (func, param) = match &arg.path.root {
                InputRoot::Param { name } => (Some(f), name),
                InputRoot::CtorParam { ctor, param } => (ctor_function(pkg, ctor), param),
                _ => return Vec::new(),
            };
            func.map(|func| real_inputs_of(func, param, pkg, owned))
                .unwrap_or_default()
        })
        .collect()
}

/// The argument tuples the package's tests pass `f` in one call ([`bases::Examples::tuples_for`]),
/// mapped to the plan's arguments: each string or `[]byte` argument that carries a parameter of
/// `f` unchanged gets that parameter's input; the others `None`.
pub(super) fn plan_real_tuples(
    plan: &FuzzPlan,
    f: &Function,
    pkg: &PackageInfo,
) -> Vec<Vec<Option<Vec<u8>>>> {
    let slots: Vec<Option<usize>> = plan
        .args
        .iter()
        .map(|arg| {
            let text = matches!(arg.ty, FuzzType::String | FuzzType::Bytes);
            match &arg.path.root {
                InputRoot::Param { name }
                    if text && arg.shape.is_none() && arg.path.fields.is_empty() =>
                {
                    f.params
                        .iter()
                        .position(|p| p.name.as_deref() == Some(name.as_str()))
                }
                _ => None,
            }
        })
        .collect();
    map_tuples(f, pkg, &slots)
}

/// [`plan_real_tuples`] for a user's fuzz test calling `f`: its string and `[]byte` arguments
/// that the call passes to a parameter of `f`.
pub(super) fn user_real_tuples(
    uf: &UserFuzz,
    f: &Function,
    pkg: &PackageInfo,
) -> Vec<Vec<Option<Vec<u8>>>> {
    let Some(call) = direct_call(uf, f) else {
        return Vec::new();
    };
    let slots: Vec<Option<usize>> = (0..uf.args.len())
        .map(|ai| {
            if !matches!(uf.args[ai].1, FuzzType::String | FuzzType::Bytes) {
                return None;
            }
            call.arg_map.iter().position(|m| *m == Some(ai))
        })
        .collect();
    map_tuples(f, pkg, &slots)
}

/// The tests' tuples of `f`'s parameters, with `slots[i]` the parameter argument `i` carries;
/// tuples that set fewer than two arguments are left out. None for a variadic `f` (a call's
/// argument count is not its parameter count).
fn map_tuples(
    f: &Function,
    pkg: &PackageInfo,
    slots: &[Option<usize>],
) -> Vec<Vec<Option<Vec<u8>>>> {
    if f.params.iter().any(|p| p.variadic) || slots.iter().flatten().count() < 2 {
        return Vec::new();
    }
    pkg.examples
        .tuples_for(&f.name, f.params.len())
        .into_iter()
        .map(|t| {
            slots
                .iter()
                .map(|s| s.and_then(|pi| t.get(pi).cloned().flatten()))
                .collect::<Vec<_>>()
        })
        .filter(|t| t.iter().flatten().count() >= 2)
        .collect()
}

/// The function a constructor path names: a package function (`NewCart`), or the method of
/// an initializer call `new(T).Init`.
fn ctor_function<'a>(pkg: &'a PackageInfo, ctor: &str) -> Option<&'a Function> {
    if let Some((ty, method)) = ctor.strip_prefix("new(").and_then(|r| r.split_once(").")) {
        return pkg
            .functions
            .iter()
            .find(|f| f.name == method && f.receiver.as_ref().is_some_and(|r| r.type_name == ty));
    }
    pkg.functions_named(ctor).next()
}

/// Real inputs per argument of a user's fuzz test for the parameters of `f` it passes through.
pub(super) fn user_real_inputs(
    uf: &UserFuzz,
    f: &Function,
    pkg: &PackageInfo,
    owned: &BTreeSet<PathBuf>,
) -> Vec<Vec<Vec<u8>>> {
    let call = direct_call(uf, f);
    (0..uf.args.len())
        .map(|ai| {
            if !matches!(uf.args[ai].1, FuzzType::String | FuzzType::Bytes) {
                return Vec::new();
            }
            let param = call.and_then(|c| {
                let pi = c.arg_map.iter().position(|m| *m == Some(ai))?;
                f.params.get(pi)?.name.as_deref()
            });
            param
                .map(|p| real_inputs_of(f, p, pkg, owned))
                .unwrap_or_default()
        })
        .collect()
}

/// The integers the package's tests pass `f` ([`bases::Examples::ints_for`]) per argument of a
/// generated plan: for numeric arguments that carry a parameter of `f` unchanged; empty for the
/// others.
pub(super) fn plan_real_ints(plan: &FuzzPlan, f: &Function, pkg: &PackageInfo) -> Vec<Vec<i128>> {
    plan.args
        .iter()
        .map(|arg| match &arg.path.root {
            InputRoot::Param { name }
                if is_numeric(arg.ty) && arg.shape.is_none() && arg.path.fields.is_empty() =>
            {
                f.params
                    .iter()
                    .position(|p| p.name.as_deref() == Some(name.as_str()))
                    .map(|pi| pkg.examples.ints_for(&f.name, pi))
                    .unwrap_or_default()
            }
            _ => Vec::new(),
        })
        .collect()
}

/// [`plan_real_ints`] for a user's fuzz test calling `f`: its numeric arguments that the call
/// passes to a parameter of `f`.
pub(super) fn user_real_ints(uf: &UserFuzz, f: &Function, pkg: &PackageInfo) -> Vec<Vec<i128>> {
    let call = direct_call(uf, f);
    (0..uf.args.len())
        .map(|ai| {
            let pi = call
                .filter(|_| is_numeric(uf.args[ai].1))
                .and_then(|c| c.arg_map.iter().position(|m| *m == Some(ai)));
            pi.map(|pi| pkg.examples.ints_for(&f.name, pi))
                .unwrap_or_default()
        })
        .collect()
}

fn is_numeric(t: FuzzType) -> bool {
    t.zero().with_int(0).is_some()
}

/// The real inputs of parameter `param` of `func`: what the user's fuzz tests calling it pass
/// there (`f.Add` arguments, corpus files) first, then the package's mined examples.
fn real_inputs_of(
    func: &Function,
    param: &str,
    pkg: &PackageInfo,
    owned: &BTreeSet<PathBuf>,
) -> Vec<Vec<u8>> {
    let Some(idx) = func
        .params
        .iter()
        .position(|p| p.name.as_deref() == Some(param))
    else {
        return Vec::new();
    };
    let mut extra: Vec<Vec<u8>> = Vec::new();
    for uf in &pkg.user_fuzz {
        let Some(Some(ai)) = uf
            .calls
            .iter()
            .find(|c| c.callee == func.name && c.method == func.receiver.is_some())
            .and_then(|c| c.arg_map.get(idx))
        else {
            continue;
        };
        let mut tuples: Vec<Vec<Value>> = uf.adds.clone();
        if let Some(dir) = &pkg.dir {
            let corpus = dir.join("testdata").join("fuzz").join(&uf.name);
            tuples.extend(corpus_tuples(&corpus, owned));
        }
        for t in tuples {
            if let Some(Value::String(b) | Value::Bytes(b)) = t.get(*ai) {
                extra.push(b.clone());
            }
        }
    }
    pkg.examples
        .for_arg(&func.name, idx, &extra)
        .into_iter()
        .map(|(_, b)| b)
        .collect()
}

/// A corpus file's last two path components (`FuzzParse/0a1b...`): its name is a hash of its
/// bytes, so this names it wherever the module is copied.
pub(super) fn corpus_key(p: &std::path::Path) -> PathBuf {
    let mut c: Vec<_> = p.components().rev().take(2).collect();
    c.reverse();
    c.iter().collect()
}

/// The corpus files of one fuzz test's directory that decode and that heatseed did not write,
/// in file-name order.
fn corpus_tuples(dir: &std::path::Path, owned: &BTreeSet<PathBuf>) -> Vec<Vec<Value>> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| !owned.contains(&corpus_key(p)))
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .filter_map(|b| native::decode_corpus_file(&b).ok())
        .take(32)
        .collect()
}

/// Marks the arguments that carry a document decoded into a local (JSON, XML): see
/// [`crate::constraints::structured::doc`].
pub(super) fn with_json(mut specs: Vec<ArgSpec>, f: &Function, pkg: &PackageInfo) -> Vec<ArgSpec> {
    let custom = custom_unmarshalers(pkg);
    for (param, spec) in crate::constraints::structured::doc::doc_inputs(f, &pkg.types, &custom) {
        for s in specs.iter_mut() {
            if s.path
                .as_ref()
                .is_some_and(|p| p.root == param && p.steps.is_empty())
                && s.doc.is_none()
            {
                s.doc = Some(spec.clone());
            }
        }
    }
    let decoders = crate::values::structured::Package {
        types: &pkg.types,
        consts: &pkg.consts,
        vars: &pkg.vars,
    };
    crate::values::structured::attach(&mut specs, f, decoders);
    specs
}

/// The package's types with their own `UnmarshalJSON`, `UnmarshalXML` or `UnmarshalText`.
fn custom_unmarshalers(pkg: &PackageInfo) -> Vec<String> {
    pkg.functions
        .iter()
        .filter(|f| {
            matches!(
                f.name.as_str(),
                "UnmarshalJSON" | "UnmarshalXML" | "UnmarshalText"
            )
        })
        .filter_map(|f| f.receiver.as_ref().map(|r| r.type_name.clone()))
        .collect()
}

/// Argument specs of a user's fuzz test that calls `f` (None when it does not).
pub(super) fn user_arg_specs(uf: &UserFuzz, f: &Function) -> Option<Vec<ArgSpec>> {
    let call = direct_call(uf, f)?;
    let mut specs: Vec<ArgSpec> = uf
        .args
        .iter()
        .map(|(_, t)| ArgSpec::new(None, *t))
        .collect();
    for (pi, mapped) in call.arg_map.iter().enumerate() {
        if let (Some(ai), Some(name)) = (mapped, f.params.get(pi).and_then(|p| p.name.as_ref())) {
            specs[*ai].path = Some(Access::root(name));
        }
    }
    Some(specs)
}

/// The first call of `f` in the user's fuzz test that passes a fuzz argument straight into a
/// named parameter: in `UnescapeString(EscapeString(v))` then `UnescapeString(v)`, the second.
fn direct_call<'u>(uf: &'u UserFuzz, f: &Function) -> Option<&'u crate::plan::user::UserCall> {
    uf.calls
        .iter()
        .filter(|c| c.callee == f.name && c.method == f.receiver.is_some())
        .find(|c| {
            c.arg_map
                .iter()
                .enumerate()
                .any(|(pi, m)| m.is_some() && f.params.get(pi).is_some_and(|p| p.name.is_some()))
        })
}

/// The fuzz test seeds go to: its name, its argument types, and for generated plans the
/// go-fuzz dispatch (plan index, number of plans, which arguments carry decoder bytes).
pub(super) struct SeedDest<'a> {
    pub fuzz: &'a str,
    pub types: &'a [FuzzType],
    pub gofuzz: Option<(usize, usize, Vec<bool>)>,
    /// The argument specs (document, text-decoder, Protobuf and binary-frame arguments are recorded per seed).
    pub specs: &'a [ArgSpec],
}

/// Writes the seeds of one fuzz test (corpus files, go-fuzz inputs) and records them. Returns
/// the seeds written: those the pre-flight check and minimization did not leave out.
pub(super) fn write_seeds<'s>(
    run: &Run,
    at: &PackageAt,
    dest: &SeedDest,
    seeds: &'s [Seed],
    goals: &[Goal],
    h: &crate::targets::FunctionHeat,
    report: &mut Report,
) -> Result<Vec<&'s Seed>> {
    let (opts, writer, cache) = (run.opts, run.writer, run.cache);
    let mut written = Vec::new();
    let (pkg, dir) = (at.pkg, at.dir);
    let (fuzz, types) = (dest.fuzz, dest.types);
    let structured = super::structured::structured_inputs(dest.specs, goals);
    for seed in seeds {
        debug_assert_eq!(seed.values.len(), types.len());
        let values: Vec<Value> = seed
            .values
            .iter()
            .zip(types)
            .map(|(v, t)| retype(v, *t))
            .collect();
        let bytes = native::encode_corpus_file(&values);
        let name = native::corpus_file_name(&bytes);
        if opts
            .exclude
            .seeds
            .contains(&(pkg.import_path.clone(), fuzz.to_string(), name.clone()))
        {
            continue;
        }
        written.push(seed);
        let mut dests: Vec<(PathBuf, &SafeWriter)> = Vec::new();
        // A generated plan rendered as a go-fuzz harness has no native fuzz test: its seeds go
        // only to the raw go-fuzz corpus below.
        let native = !(opts.harness == HarnessKind::GoFuzz && dest.gofuzz.is_some());
        if native && matches!(opts.corpus, CorpusDest::Testdata | CorpusDest::Both) {
            dests.push((
                dir.join("testdata").join("fuzz").join(fuzz).join(&name),
                writer,
            ));
        }
        if let (Some(c), true) = (
            cache.filter(|_| native),
            matches!(opts.corpus, CorpusDest::Cache | CorpusDest::Both),
        ) {
            dests.push((c.root().join(&pkg.import_path).join(fuzz).join(&name), c));
        }
        for (path, w) in dests {
            let kind = match (std::ptr::eq(w, writer), dest.gofuzz.is_some()) {
                (false, _) => FileKind::CacheCorpus,
                (true, true) => FileKind::GeneratedCorpus,
                (true, false) => FileKind::Corpus,
            };
            let abs = stage(report, w, &path, &bytes, WritePolicy::CreateOnly, kind)?;
            let entry = ManifestEntry {
                file: path
                    .strip_prefix(writer.root())
                    .unwrap_or(&path)
                    .to_path_buf(),
                fuzz_test: fuzz.to_string(),
                package: pkg.import_path.clone(),
                target: h.qualified.clone(),
                kind: seed.kind,
                values: values.iter().map(native::encode_value).collect(),
                aims: seed.aims.iter().map(|&g| aim(&goals[g])).collect(),
                facts: seed.facts.clone(),
                first_reached: (opts.exclude.reached)
                    .get(&(pkg.import_path.clone(), fuzz.to_string(), name.clone()))
                    .cloned()
                    .unwrap_or_default(),
                structured: super::structured::of_seed(&structured, dest.specs, &seed.facts),
                round: (opts.exclude.rounds)
                    .get(&(pkg.import_path.clone(), fuzz.to_string(), name.clone()))
                    .copied(),
            };
            report.pending.seeds.push((abs, entry));
        }
        if let (HarnessKind::GoFuzz, Some((index, n, encoded))) = (opts.harness, &dest.gofuzz) {
            let raw = harness::gofuzz_input(*index, *n, encoded, &values);
            let name = native::corpus_file_name(&raw);
            let path = writer
                .root()
                .join(".heatseed")
                .join("gofuzz")
                .join(&pkg.import_path)
                .join("corpus")
                .join(name);
            let (policy, kind) = (WritePolicy::CreateOnly, FileKind::GofuzzInput);
            stage(report, writer, &path, &raw, policy, kind)?;
        }
    }
    Ok(written)
}

/// What the manifest says a seed aims at: one goal's block and guard.
fn aim(goal: &Goal) -> Aim {
    Aim {
        function: goal.function.clone(),
        line: goal.range.start.line,
        block: goal.range.to_string(),
        guard_kind: goal.guard_kind,
        guard: goal.guard.clone(),
    }
}

/// The seeds refinement rounds found for `fuzz` of `pkg` from seeds of target `h`, as
/// seeds to write (the pre-flight check measured and kept them).
pub(super) fn refined_seeds(
    opts: &super::Options,
    pkg: &PackageInfo,
    fuzz: &str,
    h: &crate::targets::FunctionHeat,
) -> Vec<Seed> {
    let key = (pkg.import_path.clone(), fuzz.to_string());
    opts.exclude
        .refined
        .get(&key)
        .into_iter()
        .flatten()
        .filter(|r| r.target == h.qualified)
        .map(|r| Seed {
            values: r.values.clone(),
            kind: crate::values::synth::SeedKind::Refined,
            aims: Vec::new(),
            facts: vec![match (r.round, r.trimmed_from) {
                (0, Some(n)) => format!(
                    "seed {} trimmed from {n} bytes, reaching the same cold blocks",
                    r.parent
                ),
                (round, trimmed) => format!(
                    "refinement round {round}: mutated from seed {}{}",
                    r.parent,
                    trimmed.map_or(String::new(), |n| format!(", trimmed from {n} bytes"))
                ),
            }],
        })
        .collect()
}

/// The fuzzer's inputs offered for `fuzz` of `pkg` from target `h` ([`super::Options::fuzzed`])
/// that fit the fuzz test's argument types, as candidate seeds (at most [`super::MAX_FUZZED`], in
/// the given order, without repeats).
pub(super) fn fuzzed_seeds(
    opts: &super::Options,
    pkg: &PackageInfo,
    fuzz: &str,
    h: &crate::targets::FunctionHeat,
    types: &[FuzzType],
) -> Vec<Seed> {
    let key = (pkg.import_path.clone(), fuzz.to_string());
    let mut seen: Vec<&[Value]> = Vec::new();
    let mut out = Vec::new();
    for f in opts.fuzzed.get(&key).into_iter().flatten() {
        let fits = f.values.len() == types.len()
            && f.values.iter().zip(types).all(|(v, t)| {
                use FuzzType::*;
                matches!(
                    (v.fuzz_type(), *t),
                    (Uint8 | Byte, Uint8 | Byte) | (Int32 | Rune, Int32 | Rune)
                ) || v.fuzz_type() == *t
            });
        if f.target != h.qualified || !fits || seen.contains(&f.values.as_slice()) {
            continue;
        }
        seen.push(&f.values);
        out.push(Seed {
            values: f.values.clone(),
            kind: crate::values::synth::SeedKind::Fuzzed,
            aims: Vec::new(),
            facts: vec!["found by go test -fuzz (fuzz cache)".into()],
        });
        if out.len() == super::MAX_FUZZED {
            break;
        }
    }
    out
}

/// The seeds of `seeds` again with one `io.Writer` input of `plan` failing from its `k`-th
/// `Write` on, for every `k` of [`crate::plan::WRITE_FAILURES`] (kind
/// [`SeedKind::FailedWrite`]): from at most [`WRITE_FAILURE_BASES`] seeds, the first real
/// input, the first aimed seed and the typical (or zero) one, so the writes happen on the
/// paths those reach. The seed check keeps the ones that reach an error path first.
pub(super) fn write_failures(plan: &FuzzPlan, seeds: &[Seed]) -> Vec<Seed> {
    use crate::values::synth::SeedKind;
    let writers: Vec<usize> = (plan.args.iter().enumerate())
        .filter(|(_, a)| a.fails_writes && a.ty == FuzzType::Uint8)
        .map(|(i, _)| i)
        .collect();
    if writers.is_empty() {
        return Vec::new();
    }
    let mut bases: Vec<&Seed> = Vec::new();
    for kinds in [
        &[SeedKind::RealInput][..],
        &[SeedKind::Aimed],
        &[SeedKind::Typical, SeedKind::Zero],
    ] {
        if let Some(s) = seeds.iter().find(|s| kinds.contains(&s.kind)) {
            bases.push(s);
        }
    }
    bases.truncate(WRITE_FAILURE_BASES);
    let choices: Vec<(usize, Vec<u8>)> = writers
        .iter()
        .map(|&w| (w, crate::plan::WRITE_FAILURES.collect()))
        .collect();
    byte_variants(seeds, &bases, &choices, |_, w, k| {
        let fact = format!("write {k} to {} fails", plan.args[w].name);
        (SeedKind::FailedWrite, vec![fact])
    })
}

/// Each of `bases` again with byte argument `i` set to each `k` of its `choices` (`(i, ks)`),
/// the kind and facts of each new seed from `label(base, i, k)`; values already among `seeds`
/// (or made before) are left out.
fn byte_variants(
    seeds: &[Seed],
    bases: &[&Seed],
    choices: &[(usize, Vec<u8>)],
    label: impl Fn(&Seed, usize, u8) -> (crate::values::synth::SeedKind, Vec<String>),
) -> Vec<Seed> {
    let mut seen: std::collections::HashSet<Vec<Value>> =
        seeds.iter().map(|s| s.values.clone()).collect();
    let mut out = Vec::new();
    for base in bases {
        for (i, ks) in choices {
            for &k in ks {
                let mut values = base.values.clone();
                values[*i] = Value::Uint8(k);
                if !seen.insert(values.clone()) {
                    continue;
                }
                let (kind, facts) = label(base, *i, k);
                out.push(Seed {
                    values,
                    kind,
                    aims: base.aims.clone(),
                    facts,
                });
            }
        }
    }
    out
}

/// The real-input seeds of `seeds` again with each other choice of an `any` destination
/// `plan` picks by a fuzz byte ([`crate::plan::FuzzArg::destinations`]): a document a test
/// decodes into its own struct type reaches the field handling only with that destination.
/// From the first [`DESTINATION_BASES`] real-input seeds; the seed check keeps the ones that
/// reach something first.
pub(super) fn destinations(plan: &FuzzPlan, seeds: &[Seed]) -> Vec<Seed> {
    use crate::values::synth::SeedKind;
    let dests: Vec<(usize, Vec<u8>)> = (plan.args.iter().enumerate())
        .filter(|(_, a)| a.ty == FuzzType::Uint8)
        .filter_map(|(i, a)| Some((i, (0..a.destinations?).collect())))
        .collect();
    if dests.is_empty() {
        return Vec::new();
    }
    let bases: Vec<&Seed> = seeds
        .iter()
        .filter(|s| s.kind == SeedKind::RealInput)
        .take(DESTINATION_BASES)
        .collect();
    byte_variants(seeds, &bases, &dests, |base, d, k| {
        let mut facts = base.facts.clone();
        facts.push(format!("{} picks destination {k}", plan.args[d].name));
        (SeedKind::RealInput, facts)
    })
}

/// How many real-input seeds [`destinations`] varies.
const DESTINATION_BASES: usize = 16;

/// How many seeds [`write_failures`] varies.
const WRITE_FAILURE_BASES: usize = 3;

/// A synthesized value in the exact type the fuzz test declares (`byte` vs `uint8` spelling).
pub(super) fn retype(v: &Value, t: FuzzType) -> Value {
    if v.fuzz_type() == t {
        return v.clone();
    }
    match (v, t) {
        (Value::Uint8(b), FuzzType::Byte) => Value::Byte(*b),
        (Value::Byte(b), FuzzType::Uint8) => Value::Uint8(*b),
        (Value::Int32(r), FuzzType::Rune) => Value::Rune(*r),
        (Value::Rune(r), FuzzType::Int32) => Value::Int32(*r),
        _ => t.zero(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: the receiver was the sentinel root `"recv"`, so a parameter named `recv`
    /// was read as the receiver and lost its seeds.
    #[test]
    fn a_parameter_named_recv_keeps_its_own_access_path() {
        let src = "package p\n\ntype Cache struct{ N int }\n\nfunc (c *Cache) Put(recv string) int {\n\tif recv == \"magic\" {\n\t\treturn 1\n\t}\n\treturn c.N\n}\n";
        let file = crate::index::parse_source(src);
        let pkg = PackageInfo::from_files("example.com/p", &[&file], &[]);
        let f = &file.functions[0];
        let plan = crate::plan::plan_function(f, &pkg).unwrap();
        let specs = plan_arg_specs(&plan, f);
        let recv_arg = plan
            .args
            .iter()
            .position(|a| a.path == InputPath::param("recv"))
            .expect("an argument for parameter recv");
        assert_eq!(specs[recv_arg].path, Some(Access::root("recv")));
        let field = plan
            .args
            .iter()
            .position(|a| a.path.root == InputRoot::Receiver)
            .expect("an argument for the receiver's field");
        assert_eq!(specs[field].path, Some(Access::field_path("c", &["N"])));
    }

    /// Regression (`html.FuzzEscapeUnescape`): the fuzz test's first call of the target passes
    /// a transformed value; its seeds must come from the later call that passes `v` itself.
    #[test]
    fn the_call_passing_the_fuzz_argument_itself_gives_the_specs() {
        let src = "package p\n\nfunc Escape(s string) string { return s }\n\nfunc Unescape(s string) string {\n\tif s == \"&#0;\" {\n\t\treturn \"\"\n\t}\n\treturn s\n}\n";
        let test = "package p\n\nimport \"testing\"\n\nfunc FuzzRound(f *testing.F) {\n\tf.Fuzz(func(t *testing.T, v string) {\n\t\t_ = Unescape(Escape(v))\n\t\t_ = Unescape(v)\n\t})\n}\n";
        let file = crate::index::parse_source(src);
        let tfile = crate::index::parse_source(test);
        let (user, _) = crate::plan::user::find_user_fuzz_tests(&[tfile]);
        let unescape = &file.functions[1];
        assert_eq!(unescape.name, "Unescape");
        let uf = &user[0];
        assert!(uf.calls.iter().filter(|c| c.callee == "Unescape").count() >= 2);
        let specs = user_arg_specs(uf, unescape).expect("driven through v");
        assert_eq!(specs[0].path, Some(Access::root("s")));
        let call = direct_call(uf, unescape).unwrap();
        assert_eq!(call.arg_map, [Some(0)]);
    }

    #[test]
    fn real_inputs_are_decoded_into_every_destination() {
        use crate::values::synth::SeedKind;
        let src = "package doc\n\nfunc Unmarshal(data []byte, v any) error { return nil }\n";
        let file = crate::index::parse_source(src);
        let pkg = PackageInfo::from_files("example.com/m/doc", &[&file], &[]);
        let plan = crate::plan::plan_function(&file.functions[0], &pkg).unwrap();
        assert_eq!(plan.args[1].destinations, Some(5));
        let seed = |doc: &str, k: u8, kind: SeedKind| Seed {
            values: vec![Value::Bytes(doc.as_bytes().to_vec()), Value::Uint8(k)],
            kind,
            aims: vec![3],
            facts: Vec::new(),
        };
        let seeds = vec![
            seed("<a/>", 0, SeedKind::RealInput),
            seed("<b/>", 2, SeedKind::RealInput),
            seed("<c/>", 0, SeedKind::Aimed),
        ];
        let got = destinations(&plan, &seeds);
        let pairs: Vec<(Vec<u8>, u8)> = got
            .iter()
            .map(|s| match &s.values[..] {
                [Value::Bytes(d), Value::Uint8(k)] => (d.clone(), *k),
                v => panic!("{v:?}"),
            })
            .collect();
        // Each real input with each of the other four choices; not the aimed seed.
        let want: Vec<(Vec<u8>, u8)> = [("<a/>", [1, 2, 3, 4]), ("<b/>", [0, 1, 3, 4])]
            .iter()
            .flat_map(|(d, ks)| ks.iter().map(move |&k| (d.as_bytes().to_vec(), k)))
            .collect();
        assert_eq!(pairs, want);
        assert!(got
            .iter()
            .all(|s| s.kind == SeedKind::RealInput && s.aims == [3]));
        assert!(
            got[0].facts[0].ends_with("picks destination 1"),
            "{:?}",
            got[0].facts
        );
        // No destination argument: nothing.
        let plain = crate::index::parse_source(
            "package doc\n\nfunc Parse(data []byte) error { return nil }\n",
        );
        let plan = crate::plan::plan_function(&plain.functions[0], &pkg).unwrap();
        assert!(destinations(&plan, &seeds[..1]).is_empty());
    }
}
