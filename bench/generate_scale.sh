#!/usr/bin/env bash
# Generate at scale (issue 8, "Measured"): `heatseed generate` with its defaults (pre-flight
# check, seed minimization, refinement rounds within the default --budget) on one real module of
# about 2,000 functions, fetched through the Go module proxy at a pinned version.
#
# In a fresh writable copy of $MODULE (go.sum completed as bench/lib_modules.sh does):
#   functions  `go tool cover -func` of the full heatmap (one line per function with statements);
#   heatmaps   weak (per package, its first two ^Test names in byte order: lib_modules.sh
#              `heatmap weak ""`) and full (`go test -coverprofile ./...`); the full run's
#              failing packages are the baseline for "green afterwards";
#   generate   for each mode, in its own copy: `/usr/bin/time -v heatseed generate --root <copy>
#              --profile <heatmap> --format json $GEN_ARGS`: wall time, peak RSS, targets
#              (harnessed / skipped), kept seeds, the report's minimization figures (test-binary
#              builds, candidate runs, refinement rounds and whether the budget stopped them);
#   afterwards `go test -count=1 ./...` in that copy: packages failing that did not fail in the
#              baseline (none = green).
# One JSON line per mode to $RESULTS and a table.
#
#   bash bench/generate_scale.sh                      # builds this worktree (cargo build --release)
#   MODES=weak MODULE=github.com/x/y@v1.2.3 bash bench/generate_scale.sh
#   bash bench/generate_scale.sh --table a.jsonl      # the table of an earlier run
#
# Environment: HEATSEED (binary; default: this worktree's release build), MODULE (default
# golang.org/x/text@v0.21.0: 67 packages, encoders/decoders and parsers), MODES ("weak full"),
# CACHE (default ~/.cache/heatseed/generate-scale), RESULTS (default
# $CACHE/results-<UTC time>.jsonl), GEN_ARGS (extra generate flags, e.g. `--budget 2m`),
# GEN_TIMEOUT (1800 s), GO_TIMEOUT (1800 s per go command; every go process runs under
# `timeout -k`). Needs go, python3, GNU time (/usr/bin/time); reaches only the Go module proxy.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
MODULE=${MODULE:-golang.org/x/text@v0.21.0}
MODES=${MODES:-weak full}
CACHE=${CACHE:-$HOME/.cache/heatseed/generate-scale}
GEN_ARGS=${GEN_ARGS:-}
GEN_TIMEOUT=${GEN_TIMEOUT:-1800}
GO_TIMEOUT=${GO_TIMEOUT:-1800}
export GOFLAGS=${GOFLAGS:-} GOTOOLCHAIN=local

GO_BIN=$(type -P go) || { echo "go not on PATH" >&2; exit 5; }
go() { timeout -k 10 "$GO_TIMEOUT" "$GO_BIN" "$@"; }
# shellcheck source=bench/lib_modules.sh
source "$here/bench/lib_modules.sh"

table() {
  python3 - "$@" <<'PY'
import json, sys
rows = [json.loads(l) for p in sys.argv[1:] for l in open(p) if l.strip()]
print(f"{'module':<28} {'mode':<4} {'funcs':>5} {'cold':>6} {'wall s':>7} {'RSS MB':>7} {'targets':>7} "
      f"{'harn.':>5} {'kept':>5} {'cands':>6} {'build s':>7} {'meas s':>6} {'refine':>14}  green")
for r in rows:
    if r.get("error"):
        print(f"{r.get('module', '?'):<28} {r.get('mode', '?'):<4} ERROR: {r['error'][:150]}")
        continue
    m = r.get("minimize") or {}
    rf = m.get("refine") or {}
    ref = (f"{rf.get('rounds_run', 0)}r {rf.get('ms', 0) / 1000:.0f}s"
           + (" budget" if rf.get("budget_stopped_before_round") or rf.get("budget_stopped_in_round") else ""))
    green = "yes" if r["new_failures"] == [] else "NO: " + ", ".join(r["new_failures"])[:60]
    print(f"{r['module']:<28} {r['mode']:<4} {r['functions']:>5} {r['cold']:>6} {r['wall_s']:>7.1f} "
          f"{r['peak_rss_kb'] / 1024:>7.0f} {r['targets']:>7} {r['harnessed']:>5} {r['kept_seeds']:>5} "
          f"{m.get('candidates', 0):>6} {m.get('build_ms', 0) / 1000:>7.1f} "
          f"{m.get('measure_ms', 0) / 1000:>6.1f} {ref:>14}  {green}")
PY
}

if [[ ${1:-} == --table ]]; then
  shift
  table "$@"
  exit 0
fi

if [[ -z ${HEATSEED:-} ]]; then
  (cd "$here" && cargo build --release -q)
  HEATSEED="$here/target/release/heatseed"
fi
[[ -x /usr/bin/time ]] || { echo "needs GNU time at /usr/bin/time" >&2; exit 5; }
slug=${MODULE//\//_}
work="$CACHE/work/$slug" logs="$CACHE/logs/$slug"
mkdir -p "$CACHE"
RESULTS=${RESULTS:-$CACHE/results-$(date -u +%Y%m%dT%H%M%SZ).jsonl}
: >"$RESULTS"
chmod -R u+w "$work" 2>/dev/null || true
rm -rf "$work" "$logs" && mkdir -p "$work" "$logs/tmp"

# The failing packages of a `go test` log ("FAIL\t<pkg>" lines), one a line, sorted.
failing() { grep -E '^FAIL\s+\S+' "$1" | awk '{print $2}' | LC_ALL=C sort -u || true; }

echo "== prepare $MODULE" >&2
src=$(module_dir "${MODULE%@*}" "${MODULE#*@}")
fresh_copy "$src" "$work/base"
(cd "$work/base" && complete_sums "$src") >"$logs/sums.txt"
echo "== full heatmap (baseline go test ./...)" >&2
(cd "$work/base" && heatmap full "" "" "" "$logs/full.out" "$logs/full_test.txt") >/dev/null || true
failing "$logs/full_test.txt" >"$logs/baseline_failing.txt"
functions=$(cd "$work/base" && go tool cover -func="$logs/full.out" 2>"$logs/cover_func.err" | grep -vc '^total:' || true)
echo "== weak heatmap" >&2
(cd "$work/base" && heatmap weak "" "" "" "$logs/weak.out" "$logs/weak_test.txt") >"$logs/weak_desc.txt" || true

for mode in $MODES; do
  echo "== generate ($mode) $(date -u +%H:%M:%S)" >&2
  tree="$work/$mode"
  cp -r "$work/base" "$tree"
  rc=0
  # shellcheck disable=SC2086
  TMPDIR="$logs/tmp" /usr/bin/time -v -o "$logs/time_$mode.txt" timeout -k 10 "$GEN_TIMEOUT" \
    "$HEATSEED" generate --root "$tree" --profile "$logs/$mode.out" --format json $GEN_ARGS \
    >"$logs/gen_$mode.json" 2>"$logs/gen_$mode.stderr" || rc=$?
  echo "== go test ./... after ($mode) $(date -u +%H:%M:%S)" >&2
  trc=0
  (cd "$tree" && go test -count=1 ./... >"$logs/after_$mode.txt" 2>&1) || trc=$?
  failing "$logs/after_$mode.txt" >"$logs/after_failing_$mode.txt"
  python3 - "$RESULTS" "$MODULE" "$mode" "$functions" "$logs" "$rc" "$trc" "$tree" <<'PY'
import json, os, re, sys
results, module, mode, functions, logs, rc, trc, tree = sys.argv[1:]
def blocks(path):
    out = {}
    for line in open(path).read().splitlines():
        if not line.strip() or line.startswith("mode:"):
            continue
        key, n, c = line.rsplit(" ", 2)
        prev = out.get(key, (0, 0))
        out[key] = (int(n), prev[1] + int(c))
    return out
heat = blocks(os.path.join(logs, f"{mode}.out"))
t = open(os.path.join(logs, f"time_{mode}.txt")).read()
def field(name):
    m = re.search(re.escape(name) + r":\s*(.+)", t)
    return m.group(1).strip() if m else None
wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)") or "0:0"
secs = 0.0
for part in wall.split(":"):
    secs = secs * 60 + float(part)
row = {"module": module, "mode": mode, "functions": int(functions or 0),
       "statements": sum(n for n, _ in heat.values()),
       "cold": sum(n for n, c in heat.values() if c == 0), "generate_rc": int(rc),
       "wall_s": round(secs, 1), "peak_rss_kb": int(field("Maximum resident set size (kbytes)") or 0),
       "user_s": float(field("User time (seconds)") or 0), "sys_s": float(field("System time (seconds)") or 0),
       "go_test_after_rc": int(trc), "error": None}
base = set(open(os.path.join(logs, "baseline_failing.txt")).read().split())
after = set(open(os.path.join(logs, f"after_failing_{mode}.txt")).read().split())
row["baseline_failing"] = sorted(base)
row["new_failures"] = sorted(after - base)
try:
    rep = json.load(open(os.path.join(logs, f"gen_{mode}.json")))
    ts = rep.get("targets", [])
    row["targets"] = len(ts)
    row["harnessed"] = sum(1 for x in ts if not x.get("skipped"))
    row["packages"] = len({x.get("package") for x in ts})
    row["findings"] = len(rep.get("findings", []))
    # Harnesses and seeds the pre-flight check left out, per package: a package whose replay
    # dies at a panicking harness runs none of the fuzz tests after it, so each left-out harness
    # of a package costs one more replay round.
    per = {}
    for f in rep.get("findings", []):
        per[f.get("package")] = per.get(f.get("package"), 0) + 1
    row["findings_max_per_package"] = max(per.values(), default=0)
    row["findings_packages"] = len(per)
    row["preflight_note"] = next((n for n in rep.get("notes", []) if n.startswith("pre-flight check:")
                                  and "replay rounds" in n), None)
    row["preflight_notes"] = [n for n in rep.get("notes", []) if n.startswith("pre-flight check:")]
    row["minimize"] = {k: v for k, v in (rep.get("minimize") or {}).items() if k != "decisions"}
    row["notes"] = rep.get("notes", [])[:20]
except (OSError, ValueError) as e:
    row["targets"] = row["harnessed"] = 0
    row["error"] = f"generate rc {rc}: no JSON report ({e}); " + open(
        os.path.join(logs, f"gen_{mode}.stderr"), errors="replace").read()[-300:]
man = os.path.join(tree, ".heatseed", "manifest.json")
row["kept_seeds"] = len(json.load(open(man)).get("seeds", [])) if os.path.exists(man) else 0
with open(results, "a") as f:
    f.write(json.dumps(row) + "\n")
PY
done

table "$RESULTS"
echo "results: $RESULTS; logs: $logs" >&2
