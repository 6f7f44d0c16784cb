#!/usr/bin/env bash
# Benchmark: `heatseed analyze` against `go tool cover -func` on a coverage profile of the
# whole Go standard library, side by side in one run (alternating, best and median of N).
#
#   bash bench/analyze_std.sh [RUNS]
#
# The profile is made once with
#   go test -covermode=count -coverprofile=std.out -run '^$' std
# and cached outside the repo in ${HEATSEED_BENCH_CACHE:-$HOME/.cache/heatseed}.
# Reports wall-time ratio (heatseed / go tool cover) and each tool's peak RSS (GNU time).
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
  # Some std packages have no tests or fail to build with coverage on exotic platforms;
  # go test still writes the profile of everything it ran.
  (cd "$cache" && go test -covermode=count -coverprofile="$profile.tmp" -run '^$' std >"$cache/std-$gov.log" 2>&1 || true)
  [ -s "$profile.tmp" ] || { echo "no profile written; see $cache/std-$gov.log" >&2; exit 1; }
  mv "$profile.tmp" "$profile"
fi
(cd "$here" && cargo build --release -q)
bin="$here/target/release/heatseed"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 1; }

lines=$(wc -l <"$profile")
echo "profile: $profile ($lines lines, $(du -h "$profile" | cut -f1)), $gov, $(nproc) cores"
# Warm both (page cache, go list cache).
go tool cover -func="$profile" >/dev/null
"$bin" analyze --root "$goroot/src" --profile "$profile" --format json >/dev/null

declare -a go_t hs_t go_m hs_m
for i in $(seq 1 "$runs"); do
  o=$($TIME -f '%e %M' go tool cover -func="$profile" 2>&1 >/dev/null | tail -1)
  go_t+=("${o% *}"); go_m+=("${o#* }")
  o=$($TIME -f '%e %M' "$bin" analyze --root "$goroot/src" --profile "$profile" --format json 2>&1 >/dev/null | tail -1)
  hs_t+=("${o% *}"); hs_m+=("${o#* }")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
max() { printf '%s\n' "$@" | sort -g | tail -1; }
gt=$(median "${go_t[@]}"); ht=$(median "${hs_t[@]}")
gm=$(max "${go_m[@]}"); hm=$(max "${hs_m[@]}")
echo "runs: $runs (alternating)"
echo "go tool cover -func : median ${gt}s  peak RSS $((gm / 1024)) MiB   (all: ${go_t[*]})"
echo "heatseed analyze    : median ${ht}s  peak RSS $((hm / 1024)) MiB   (all: ${hs_t[*]})"
awk -v h="$ht" -v g="$gt" 'BEGIN { if (g > 0) printf "wall-time ratio heatseed/go = %.2f (target <= 1.00)\n", h / g }'
awk -v m="$hm" 'BEGIN { printf "heatseed peak memory = %.0f MiB (target < 1024 MiB)\n", m / 1024 }'
