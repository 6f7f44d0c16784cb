#!/usr/bin/env bash
# The nightly job on a bundled module: `heatseed run` with a fixed fuzzing budget on a fresh copy
# of the module, with a fresh GOCACHE (so the fuzz cache holds no corpus of earlier runs), and
# the three cold-statement totals of the summary: before (the module's own tests), after the
# seeds, after fuzzing; plus the wall time of the whole run and of its fuzzing budget.
#
#   bash bench/nightly.sh                 # corpus/shop, --budget 2m --fuzz-time 20s --top 10
#   bash bench/nightly.sh confparse 5m 30s
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
module=${1:-shop}
budget=${2:-2m}
per=${3:-20s}
(cd "$here" && cargo build -q)
bin="$here/target/debug/heatseed"
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cp -r "$here/corpus/$module" "$work/m"
rm -f "$work/m"/cover*.out
export GOCACHE="$work/gocache" GOFLAGS=-mod=mod GOTOOLCHAIN=local
start=$(date +%s.%N)
(cd "$work/m" && "$bin" run ./... --top 10 --fuzz-time "$per" --budget "$budget" --format json >"$work/run.json")
end=$(date +%s.%N)
python3 - "$work/run.json" "$start" "$end" "$module" "$budget" "$per" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
t = s["totals"]
wall = float(sys.argv[3]) - float(sys.argv[2])
fuzz_ms = sum(r["fuzz_time_ms"] for r in s["fuzz_runs"])
print(f"module {sys.argv[4]}: budget {sys.argv[5]}, --fuzz-time {sys.argv[6]}, {len(s['fuzz_runs'])} fuzz runs ({fuzz_ms/1000:.0f} s of -fuzztime in total)")
print(f"statements {t['statements']}: cold before {t['cold_before']}, after seeds {t['cold_after_seeds']}, after fuzzing {t['cold_after_fuzz']}")
print(f"findings {t['findings']}; wall time of the whole run {wall:.1f} s")
for f in s["findings"]:
    print(f"  {f['kind']} {f['phase']} {f['package']} {f['fuzz_test']}: {f['message'].splitlines()[0] if f['message'] else ''}")
PY
