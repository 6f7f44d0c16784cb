//! From goals to seed files: the argument specs of a fuzz test (generated plan or the user's
//! own), base values from `f.Add` seeds, and the corpus files (and go-fuzz raw inputs) written
//! for each synthesized tuple, each recorded in the manifest.

use super::{Aim, CorpusDest, HarnessKind, ManifestEntry, PackageAt, Report, Run};
use crate::constraints::goals::{block_goals, call_bindings, facts_to_reach, Goal};
use crate::constraints::json_input::json_inputs;
use crate::constraints::{Access, Context, Step};
use crate::error::Result;
use crate::index::{Expr, Function};
use crate::plan::user::UserFuzz;
use crate::plan::{FuzzPlan, InputPath, PackageInfo};
use crate::targets::{Analysis, FuncId, Heat};
use crate::values::synth::{ArgSpec, Seed};
use crate::values::{FuzzType, Value};
use crate::writers::fsio::{SafeWriter, WritePolicy};
use crate::writers::{harness, native};
use std::path::PathBuf;

/// Goals of a target: its own cold/rare blocks, then those of the module functions it calls
/// directly (mined with the callee's parameters bound to the call's arguments).
pub fn goals_for(a: &Analysis, id: FuncId, ctx: &Context) -> Vec<Goal> {
    let h = a.heat(id);
    let f = a.function(id);
    let mut goals = block_goals(f, &h.blocks, ctx, &[]);
    for &c in a.callees(id) {
        let ch = a.heat(c);
        if !ch.blocks.iter().any(|b| b.heat != Heat::Warm) {
            continue;
        }
        let callee = a.function(ch.id);
        // The first call site of the callee stands for all of them.
        if let Some(call) = f.calls.iter().find(|c| calls_name(&c.func, &callee.name)) {
            let caller_ctx = ctx.clone().at(call.pos);
            let prefix = facts_to_reach(f, call.pos, ctx);
            let bindings = call_bindings(callee, call);
            let callee_consts = &a.files[ch.id.file].source.consts;
            let callee_ctx =
                Context::new(callee, callee_consts, ctx.vars).called_from(&caller_ctx, bindings);
            goals.extend(block_goals(callee, &ch.blocks, &callee_ctx, &prefix));
        }
    }
    goals
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
        .map(|arg| {
            ArgSpec::new(
                if arg.shape.is_some() {
                    None
                } else {
                    access_of(&arg.path, f)
                },
                FuzzType::parse(&arg.ty).expect("plans use native fuzz types"),
            )
        })
        .collect()
}

fn access_of(p: &InputPath, f: &Function) -> Option<Access> {
    let root = if p.root == "recv" {
        f.receiver.as_ref()?.name.clone()?
    } else if p.root.starts_with("new:") || p.root == "_" {
        return None;
    } else {
        p.root.clone()
    };
    Some(Access {
        root,
        steps: p.fields.iter().map(|n| Step::Field(n.clone())).collect(),
    })
}

/// Base values of a plan's arguments: from the first literal `f.Add` seed of a user fuzz test
/// that passes the same parameter of the same target.
pub(super) fn plan_base(plan: &FuzzPlan, f: &Function, pkg: &PackageInfo) -> Vec<Value> {
    let mut base: Vec<Value> = plan
        .args
        .iter()
        .map(|a| FuzzType::parse(&a.ty).expect("native").zero())
        .collect();
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
                if arg.path.root == *name && arg.path.fields.is_empty() {
                    let v = retype(&add[*ai], FuzzType::parse(&arg.ty).expect("native"));
                    if v.fuzz_type() == base[bi].fuzz_type() && v != v.fuzz_type().zero() {
                        base[bi] = v;
                    }
                }
            }
        }
    }
    base
}

pub(super) fn with_json(mut specs: Vec<ArgSpec>, f: &Function, pkg: &PackageInfo) -> Vec<ArgSpec> {
    for (param, spec) in json_inputs(f, &pkg.types) {
        for s in specs.iter_mut() {
            if s.path
                .as_ref()
                .is_some_and(|p| p.root == param && p.steps.is_empty())
            {
                s.json = Some(spec.clone());
            }
        }
    }
    specs
}

/// Argument specs of a user's fuzz test that calls `f` (None when it does not).
pub(super) fn user_arg_specs(uf: &UserFuzz, f: &Function) -> Option<Vec<ArgSpec>> {
    let call = uf
        .calls
        .iter()
        .find(|c| c.callee == f.name && c.method == f.receiver.is_some())?;
    let mut specs: Vec<ArgSpec> = uf
        .args
        .iter()
        .map(|(_, t)| ArgSpec::new(None, *t))
        .collect();
    let mut any = false;
    for (pi, mapped) in call.arg_map.iter().enumerate() {
        let (Some(ai), Some(param)) = (mapped, f.params.get(pi)) else {
            continue;
        };
        if let Some(name) = &param.name {
            specs[*ai].path = Some(Access::root(name));
            any = true;
        }
    }
    any.then_some(specs)
}

/// The fuzz test seeds go to: its name, its argument types, and for generated plans the
/// go-fuzz dispatch (plan index, number of plans, which arguments carry decoder bytes).
pub(super) struct SeedDest<'a> {
    pub fuzz: &'a str,
    pub types: &'a [FuzzType],
    pub gofuzz: Option<(usize, usize, Vec<bool>)>,
}

/// Writes the seeds of one fuzz test (corpus files, go-fuzz inputs) and records them.
pub(super) fn write_seeds(
    run: &Run,
    at: &PackageAt,
    dest: &SeedDest,
    seeds: &[Seed],
    goals: &[Goal],
    h: &crate::targets::FunctionHeat,
    report: &mut Report,
) -> Result<()> {
    let (opts, writer, cache) = (run.opts, run.writer, run.cache);
    let (pkg, dir) = (at.pkg, at.dir);
    let (fuzz, types) = (dest.fuzz, dest.types);
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
            let out = w.write(&path, &bytes, WritePolicy::CreateOnly)?;
            report.manifest.push(ManifestEntry {
                file: path
                    .strip_prefix(writer.root())
                    .unwrap_or(&path)
                    .to_path_buf(),
                fuzz_test: fuzz.to_string(),
                package: pkg.import_path.clone(),
                target: h.qualified.clone(),
                kind: seed.kind,
                values: values.iter().map(native::encode_value).collect(),
                aims: seed
                    .aims
                    .iter()
                    .map(|&g| {
                        let goal = &goals[g];
                        Aim {
                            function: goal.function.clone(),
                            line: goal.range.start.line,
                            block: goal.range.to_string(),
                            guard_kind: goal.guard_kind,
                            guard: goal.guard.clone(),
                        }
                    })
                    .collect(),
                facts: seed.facts.clone(),
            });
            report.files.push(out);
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
            report
                .files
                .push(writer.write(&path, &raw, WritePolicy::CreateOnly)?);
        }
    }
    Ok(())
}

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
