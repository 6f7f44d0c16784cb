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
# The comparable job: every function's statements/covered statements (what cover -func
# prints) plus the ranking, with the 20 best targets analysed in detail (guards, fuzzability).
top=(analyze --root "$goroot/src" --profile "$profile" --format json --top 20)
# Every target analysed in detail: every profiled file parsed with tree-sitter.
all=(analyze --root "$goroot/src" --profile "$profile" --format json)

# Exactness on the whole std profile: heatseed's per-function numbers give cover -func's lines.
go tool cover -func="$profile" >"$cache/func.txt"
"$bin" "${top[@]}" >"$cache/top.json"
python3 - "$cache/func.txt" "$cache/top.json" <<'PY'
import json, sys
go = {}
for line in open(sys.argv[1]):
    f = line.split()
    if f[0] == "total:":
        continue
    go[(f[0].rstrip(":").rsplit(":", 1)[0], int(f[0].rstrip(":").rsplit(":", 1)[1]), f[1])] = f[2]
hs = {}
for fn in json.load(open(sys.argv[2]))["functions"]:
    pct = 100.0 * fn["covered_statements"] / max(1, fn["statements"])
    hs[(fn["file"], fn["line"], fn["name"])] = f"{pct:.1f}%"
diff = [k for k in go if hs.get(k) != go[k]] + [k for k in hs if k not in go]
print(f"exactness: {len(go)} functions in go tool cover -func, {len(hs)} in heatseed, {len(diff)} differ")
PY

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
max() { printf '%s\n' "$@" | sort -g | tail -1; }
declare -a go_t go_m t1 m1 t2 m2
for i in $(seq 1 "$runs"); do
  o=$($TIME -f '%e %M' go tool cover -func="$profile" 2>&1 >/dev/null | tail -1)
  go_t+=("${o% *}"); go_m+=("${o#* }")
  o=$($TIME -f '%e %M' "$bin" "${top[@]}" 2>&1 >/dev/null | tail -1)
  t1+=("${o% *}"); m1+=("${o#* }")
  o=$($TIME -f '%e %M' "$bin" "${all[@]}" 2>&1 >/dev/null | tail -1)
  t2+=("${o% *}"); m2+=("${o#* }")
done
gt=$(median "${go_t[@]}"); gm=$(max "${go_m[@]}")
echo "runs: $runs (alternating)"
printf '%-46s median %6ss  peak RSS %5s MiB  (all: %s)\n' "go tool cover -func" "$gt" $((gm / 1024)) "${go_t[*]}"
for v in 1 2; do
  if [ $v = 1 ]; then name="heatseed analyze --top 20 (the comparable job)"; ts=("${t1[@]}"); ms=("${m1[@]}");
  else name="heatseed analyze, every target in detail"; ts=("${t2[@]}"); ms=("${m2[@]}"); fi
  t=$(median "${ts[@]}"); m=$(max "${ms[@]}")
  printf '%-46s median %6ss  peak RSS %5s MiB  (all: %s)\n' "$name" "$t" $((m / 1024)) "${ts[*]}"
  awk -v h="$t" -v g="$gt" -v m="$m" -v n="$name" 'BEGIN { printf "  ratio heatseed/go = %.2f (target <= 1.00), peak %.0f MiB (target < 1024)\n", h / g, m / 1024 }'
done
