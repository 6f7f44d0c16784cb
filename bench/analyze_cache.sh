#!/usr/bin/env bash
# Benchmark: the state directory on the full-detail analysis of the whole standard library.
# Side by side in one run (alternating, median of N): `go tool cover -func` against
# `heatseed analyze --format json` (every target in detail) with
#   - no cache (--no-cache),
#   - a cold cache (an empty --state-dir each run: every file parsed and stored),
#   - a warm parse cache only (the parses stored, the analyze memo removed before each run),
#   - a warm cache (a re-run with nothing changed: the stored output is printed).
# Reports median wall and CPU (user+sys) time, their ratios to cover -func, and peak RSS
# (GNU time), and checks that all four
# heatseed outputs are byte-identical.
#
#   bash bench/analyze_cache.sh [RUNS]
#
# The profile is made once, as bench/analyze_std.sh makes it, with
#   go test -covermode=count -coverprofile=std.out -run '^$' std
# and cached outside the repo in ${HEATSEED_BENCH_CACHE:-$HOME/.cache/heatseed}.
set -euo pipefail
runs=${1:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
cache=${HEATSEED_BENCH_CACHE:-$HOME/.cache/heatseed}
mkdir -p "$cache"
goroot=$(go env GOROOT)
gov=$(go env GOVERSION)
profile="$cache/std-$gov.out"
if [ ! -s "$profile" ]; then
  echo "making $profile (once; takes several minutes)..." >&2
  (cd "$cache" && go test -covermode=count -coverprofile="$profile.tmp" -run '^$' std >"$cache/std-$gov.log" 2>&1 || true)
  [ -s "$profile.tmp" ] || { echo "no profile written; see $cache/std-$gov.log" >&2; exit 1; }
  mv "$profile.tmp" "$profile"
fi
(cd "$here" && cargo build --release -q)
bin="$here/target/release/heatseed"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/heatseed-bench-cache.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "profile: $profile ($(wc -l <"$profile") lines), $gov, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
args=(analyze --root "$goroot/src" --profile "$profile" --format json)

# Outputs: all four must be the same bytes.
"$bin" "${args[@]}" --no-cache >"$work/nocache.json"
"$bin" "${args[@]}" --state-dir "$work/check" >"$work/cold.json"
rm -rf "$work/check/analyze"
"$bin" "${args[@]}" --state-dir "$work/check" >"$work/parsewarm.json"
"$bin" "${args[@]}" --state-dir "$work/check" >"$work/warm.json"
for v in cold parsewarm warm; do
  cmp -s "$work/nocache.json" "$work/$v.json" || { echo "output differs: $v" >&2; exit 1; }
done
echo "outputs: identical ($(wc -c <"$work/nocache.json") bytes); state: $(du -sh "$work/check" | cut -f1)"

# The warm state, made once.
"$bin" "${args[@]}" --state-dir "$work/warm" >/dev/null

measure() { # name, command...: appends "wall-seconds kib cpu-seconds" to $work/$name
  local name=$1; shift
  local o
  o=$($TIME -f '%e %M %U %S' "$@" 2>&1 >/dev/null | tail -1)
  echo "$o" | awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' >>"$work/t.$name"
}
for i in $(seq 1 "$runs"); do
  measure go go tool cover -func="$profile"
  measure nocache "$bin" "${args[@]}" --no-cache
  rm -rf "$work/cold"
  measure cold "$bin" "${args[@]}" --state-dir "$work/cold"
  rm -rf "$work/warm/analyze"
  measure parsewarm "$bin" "${args[@]}" --state-dir "$work/warm"
  measure warm "$bin" "${args[@]}" --state-dir "$work/warm"
done

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
gt=$(cut -d' ' -f1 "$work/t.go" | median)
gc=$(cut -d' ' -f3 "$work/t.go" | median)
echo "runs: $runs (alternating)"
for v in go nocache cold parsewarm warm; do
  case $v in
    go) name="go tool cover -func";;
    nocache) name="heatseed analyze, every target, --no-cache";;
    cold) name="heatseed analyze, every target, cold cache";;
    parsewarm) name="heatseed analyze, every target, warm parses";;
    warm) name="heatseed analyze, every target, warm cache";;
  esac
  t=$(cut -d' ' -f1 "$work/t.$v" | median)
  c=$(cut -d' ' -f3 "$work/t.$v" | median)
  m=$(cut -d' ' -f2 "$work/t.$v" | sort -g | tail -1)
  printf '%-46s wall %6ss (ratio %5s)  cpu %6ss (ratio %5s)  peak RSS %5s MiB  (walls: %s)\n' \
    "$name" "$t" "$(awk -v h="$t" -v g="$gt" 'BEGIN { printf "%.2f", h / g }')" \
    "$c" "$(awk -v h="$c" -v g="$gc" 'BEGIN { printf "%.2f", h / g }')" $((m / 1024)) \
    "$(cut -d' ' -f1 "$work/t.$v" | tr '\n' ' ')"
done
echo "targets: cold <= 1.2x, warm <= 0.3x go tool cover -func; peak RSS < 1024 MiB"
