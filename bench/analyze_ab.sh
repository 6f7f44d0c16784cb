#!/usr/bin/env bash
# Benchmark: two heatseed binaries side by side on the full-detail analysis of the standard
# library (the profile bench/analyze_cache.sh makes and caches), for changes whose gain is
# smaller than the swing of a loaded machine between two runs of analyze_cache.sh.
# Alternating in one loop, RUNS rounds of: `go tool cover -func`, then each binary with
# `--no-cache` and with an empty `--state-dir` (cold cache). Prints the median CPU time
# (user+sys, GNU time) with its ratio to cover -func, the median wall time and the peak RSS;
# fails when any output differs from the first binary's first one.
#
#   bash bench/analyze_ab.sh OLD_BINARY NEW_BINARY [RUNS]
set -euo pipefail
old=$1; new=$2; runs=${3:-5}
cache=${HEATSEED_BENCH_CACHE:-$HOME/.cache/heatseed}
profile="$cache/std-$(go env GOVERSION).out"
[ -s "$profile" ] || { echo "no $profile: run bench/analyze_cache.sh once first" >&2; exit 1; }
root="$(go env GOROOT)/src"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/heatseed-bench-ab.XXXXXX")
trap 'rm -rf "$work"' EXIT
args=(analyze --root "$root" --profile "$profile" --format json)
echo "profile: $profile, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
measure() { # name, command...: appends "cpu-seconds wall-seconds kib" to $work/t.$name
  local name=$1; shift
  $TIME -f '%U %S %e %M' -o "$work/time" "$@" >"$work/out.json"
  awk '{ printf "%.2f %s %s\n", $1 + $2, $3, $4 }' "$work/time" >>"$work/t.$name"
}
check() {
  if [ ! -e "$work/ref.json" ]; then mv "$work/out.json" "$work/ref.json"; return; fi
  cmp -s "$work/out.json" "$work/ref.json" || { echo "output differs: $1" >&2; exit 1; }
}
for i in $(seq 1 "$runs"); do
  measure go go tool cover -func="$profile"
  for v in old new; do
    bin=${!v}
    measure "$v-nocache" "$bin" "${args[@]}" --no-cache
    check "$v --no-cache"
    rm -rf "$work/state"
    measure "$v-cold" "$bin" "${args[@]}" --state-dir "$work/state"
    check "$v cold"
  done
done
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
gc=$(cut -d' ' -f1 "$work/t.go" | median)
echo "runs: $runs (alternating), load now $(cut -d' ' -f1-3 /proc/loadavg); outputs identical"
for v in go old-nocache new-nocache old-cold new-cold; do
  c=$(cut -d' ' -f1 "$work/t.$v" | median)
  w=$(cut -d' ' -f2 "$work/t.$v" | median)
  m=$(cut -d' ' -f3 "$work/t.$v" | sort -g | tail -1)
  printf '%-12s cpu %5ss (ratio %5s)  wall %6ss  peak RSS %4s MiB  (cpus: %s)\n' "$v" "$c" \
    "$(awk -v h="$c" -v g="$gc" 'BEGIN { printf "%.2f", h / g }')" "$w" $((m / 1024)) \
    "$(cut -d' ' -f1 "$work/t.$v" | tr '\n' ' ')"
done
