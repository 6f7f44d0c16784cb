#!/usr/bin/env bash
# Seed minimization figures: for every bundled example module, in fresh copies,
#   heatseed generate --no-minimize   (every candidate seed written)
#   heatseed generate                 (only the seeds that reach a cold statement nothing else does)
# and for each: wall time (median of $RUNS runs), corpus files written, and the statements that
# were cold in the module's cover.out covered by a plain replay
#   go test -count=1 -run '^Fuzz' -covermode=count -coverprofile ./...
# (must be equal: minimization must not lose coverage). Then the cost of measuring one seed:
# the test binary writing its own text profile (-test.coverprofile, what heatseed does) versus
# -test.gocoverdir + `go tool covdata textfmt`.
#
#   bash bench/seed_minimize.sh          RUNS=5 bash bench/seed_minimize.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
(cd "$here" && cargo build --release -q)
bin="$here/target/release/heatseed"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
RUNS=${RUNS:-3}

# cold_covered DIR PROFILE: analysed-cold statements covered by the plain replay in DIR.
cold_covered() {
  (cd "$1" && go test -count=1 -run '^Fuzz' -covermode=count -coverprofile="$work/replay.out" ./... >/dev/null)
  python3 - "$2" "$work/replay.out" <<'PY'
import sys
def blocks(path):
    out = {}
    for line in open(path).read().splitlines()[1:]:
        if not line.strip():
            continue
        name, n, c = line.rsplit(" ", 2)
        out[name] = (int(n), out.get(name, (0, 0))[1] + int(c))
    return out
cold = {k: n for k, (n, c) in blocks(sys.argv[1]).items() if c == 0}
cov = {k for k, (n, c) in blocks(sys.argv[2]).items() if c > 0}
print(sum(n for k, n in cold.items() if k in cov), sum(cold.values()))
PY
}

# run_generate MODULE FLAGS OUTDIR: median wall seconds over $RUNS fresh copies; the last copy
# stays in OUTDIR and its JSON report in OUTDIR.json.
run_generate() {
  local m=$1 flags=$2 out=$3 times=()
  for _ in $(seq "$RUNS"); do
    rm -rf "$out" && cp -r "$here/corpus/$m" "$out"
    local t0 t1
    t0=$(date +%s.%N)
    # shellcheck disable=SC2086
    "$bin" generate --root "$out" --format json $flags >"$out.json"
    t1=$(date +%s.%N)
    times+=("$(echo "$t1 - $t0" | bc)")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

echo "module     candidates  kept  failed  cold covered: all seeds / kept seeds (of cold)  generate s: --no-minimize / default  ms per seed  build s  measure s"
for m in shop confparse shapes; do
  t_all=$(run_generate "$m" --no-minimize "$work/all-$m")
  t_min=$(run_generate "$m" "" "$work/min-$m")
  read -r c_all cold < <(cold_covered "$work/all-$m" "$here/corpus/$m/cover.out")
  read -r c_min _ < <(cold_covered "$work/min-$m" "$here/corpus/$m/cover.out")
  python3 - "$m" "$work/min-$m.json" "$c_all" "$c_min" "$cold" "$t_all" "$t_min" <<'PY'
import json, sys
m, path, c_all, c_min, cold, t_all, t_min = sys.argv[1:]
s = json.load(open(path))["minimize"]
flag = "" if c_all == c_min else "  LOST COVERAGE"
print(f"{m:<10} {s['candidates']:>10} {s['kept']:>5} {s['failed']:>7}  {c_all:>13} / {c_min:<3} (of {cold}){flag:<20}"
      f"{float(t_all):>12.2f} / {float(t_min):<8.2f}  {s['ms_per_candidate']:>10.1f}  {s['build_ms']/1000:>6.1f}  {s['measure_ms']/1000:>9.1f}")
PY
done

# One seed, measured both ways, on the order package of corpus/shop (20 runs each).
d="$work/cost" && cp -r "$here/corpus/shop" "$d"
"$bin" generate --root "$d" --no-check >/dev/null
(cd "$d" && go test -c -cover -covermode=count -o "$work/order.test" ./order)
seed=$(ls "$d/order/testdata/fuzz/FuzzParseOrder" | head -1)
cd "$d/order"
t0=$(date +%s.%N)
for i in $(seq 20); do
  rm -rf "$work/cd" && mkdir -p "$work/cd"
  "$work/order.test" -test.run="^FuzzParseOrder\$/^$seed\$" -test.gocoverdir="$work/cd" \
    -test.coverprofile="$work/p.out" >/dev/null
done
t1=$(date +%s.%N)
for i in $(seq 20); do
  rm -rf "$work/cd" && mkdir -p "$work/cd"
  "$work/order.test" -test.run="^FuzzParseOrder\$/^$seed\$" -test.gocoverdir="$work/cd" >/dev/null
  go tool covdata textfmt -i="$work/cd" -o "$work/p2.out"
done
t2=$(date +%s.%N)
echo "one seed: binary with -test.coverprofile $(echo "($t1 - $t0) * 50" | bc) ms; binary + go tool covdata textfmt $(echo "($t2 - $t1) * 50" | bc) ms"
