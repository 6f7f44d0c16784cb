#!/usr/bin/env bash
# The floor under issue 10's cold-cache target ("full-detail analysis of the standard-library
# profile at most 1.2x `go tool cover -func` with a cold cache"): tree-sitter's parse alone of
# every file the profile names (examples/parse_floor.rs: no model, no planning, no output, one
# thread), side by side with `go tool cover -func` on the same profile, alternating, median of N.
# Reports median wall and CPU (user+sys) of each and the ratios parse/cover. A cold-cache
# analysis parses every file, so it cannot be cheaper than this floor.
#
#   bash bench/parse_floor.sh [RUNS]
#
# The profile is the one bench/analyze_cache.sh makes (cached in ${HEATSEED_BENCH_CACHE:-~/.cache/heatseed}).
set -euo pipefail
runs=${1:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
cache=${HEATSEED_BENCH_CACHE:-$HOME/.cache/heatseed}
gov=$(go env GOVERSION)
profile="$cache/std-$gov.out"
[ -s "$profile" ] || { echo "no $profile: run bench/analyze_cache.sh once first (it makes the profile)" >&2; exit 1; }
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 1; }
(cd "$here" && cargo build --release -q --example parse_floor)
floor="$here/target/release/examples/parse_floor"
src="$(go env GOROOT)/src"
work=$(mktemp -d "${TMPDIR:-/tmp}/heatseed-parse-floor.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "profile: $profile ($(wc -l <"$profile") lines), $gov, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$floor" "$profile" "$src"
for i in $(seq "$runs"); do
  (cd "$src" && "$TIME" -f "%e %U %S" -o "$work/cover.$i" go tool cover -func="$profile" >/dev/null)
  "$TIME" -f "%e %U %S" -o "$work/parse.$i" "$floor" "$profile" "$src" >/dev/null
done
python3 - "$work" "$runs" <<'PY'
import statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
def med(kind):
    rows = [open(f"{work}/{kind}.{i}").read().split()[-3:] for i in range(1, runs + 1)]
    wall = statistics.median(float(r[0]) for r in rows)
    cpu = statistics.median(float(r[1]) + float(r[2]) for r in rows)
    return wall, cpu
cw, cc = med("cover")
pw, pc = med("parse")
print(f"go tool cover -func      wall {cw:.2f} s  cpu {cc:.2f} s")
print(f"tree-sitter parse only   wall {pw:.2f} s  cpu {pc:.2f} s  ({pw/cw:.2f}x wall, {pc/cc:.2f}x cpu)")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
