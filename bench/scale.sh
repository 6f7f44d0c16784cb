#!/usr/bin/env bash
# Benchmark: does `heatseed analyze` grow linearly with the size of the source?
#
#   bash bench/scale.sh [MAX_KB]          # sizes MIN_KB, 2*MIN_KB, ... up to MAX_KB (default 5120)
#
# Two shapes of generated Go source (bench/scale_gen.py), each at doubling sizes:
#   a: one ever-larger function of if/else-if/switch/for/early-return blocks;
#   b: ever more small functions and methods in one package.
# For each size: a count-mode coverage profile, `heatseed analyze --format json` (every target
# analysed in detail) and `go tool cover -func` on the same profile, each timed with GNU time
# (wall seconds, peak RSS). The table shows each step's ratio to the previous size (about 2x
# per doubling is linear; CPU time, user + system, is steadier than wall time on a shared
# machine) and heatseed's wall time over cover's. The script also checks that
# heatseed's total equals cover -func's.
#
# Profiles: real `go test -covermode=count -coverprofile` up to REAL_A_KB (shape a, default
# 640: the Go compiler is superlinear on one huge function, 640 KB takes ~20 s and ~750 MB)
# and REAL_B_KB (shape b, default 1280: 5 MB takes ~4 min and ~4 GB). Beyond, the profile is
# written from Go's own
# block table (`go tool cover -mode=count`, the blocks `go test -cover` instruments) with
# synthetic counts; where both exist the script checks they hold the same blocks.
# Times are the best of RUNS runs (default 3; the machine is shared), RSS the largest.
# Env: MIN_KB (default 80), REAL_A_KB, REAL_B_KB, RUNS, SHAPES (default "a b"),
# HEATSEED_TIMEOUT (seconds per analyze, default 600).
set -euo pipefail
max_kb=${1:-5120}
min_kb=${MIN_KB:-80}
real_a_kb=${REAL_A_KB:-640}
real_b_kb=${REAL_B_KB:-1280}
runs=${RUNS:-3}
shapes=${SHAPES:-a b}
limit=${HEATSEED_TIMEOUT:-600}
here=$(cd "$(dirname "$0")/.." && pwd)
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 1; }
command -v go >/dev/null || { echo "go is needed on PATH" >&2; exit 1; }
(cd "$here" && cargo build --release -q)
bin="$here/target/release/heatseed"
gen="$here/bench/scale_gen.py"
work=$(mktemp -d "${TMPDIR:-/tmp}/heatseed-scale.XXXXXX")
trap 'rm -rf "$work"' EXIT

# timed OUT CMD...: runs CMD with stdout to OUT; prints "<wall s> <peak RSS MiB> <CPU s>"
# (CPU = user + system), "timeout - -" when it ran longer than $limit seconds, or "failed - -"
# (its stderr on ours).
timed() {
  local out=$1
  shift
  local log="$work/time.log" rc=0
  timeout "$limit" "$TIME" -v "$@" >"$out" 2>"$log" || rc=$?
  if [ "$rc" = 124 ]; then
    echo "timeout - -"
    return
  elif [ "$rc" != 0 ]; then
    echo "failed ($rc): $*" >&2
    cat "$log" >&2
    echo "failed - -"
    return
  fi
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
    /Maximum resident set size/ { rss = $2 / 1024 }
    /User time \(seconds\)|System time \(seconds\)/ { cpu += $2 }
    END { printf "%.2f %.0f %.2f\n", s, rss, cpu }' "$log"
}

# best OUT CMD...: `timed` RUNS times; the shortest wall and CPU times, the largest RSS.
best() {
  local out=$1 t r c bt="" br=0 bc=""
  shift
  for _ in $(seq "$runs"); do
    read -r t r c < <(timed "$out" "$@")
    if [ "$r" = - ]; then
      echo "$t - -"
      return
    fi
    bt=$(awk -v a="$t" -v b="$bt" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }')
    bc=$(awk -v a="$c" -v b="$bc" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }')
    br=$((r > br ? r : br))
  done
  echo "$bt $br $bc"
}

ratio() { # ratio NOW PREV
  awk -v a="$1" -v b="$2" 'BEGIN { if (b == "" || b == "-" || a == "-" || b + 0 == 0) print "-"; else printf "%.2f", a / b }'
}

echo "$(go env GOVERSION), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), heatseed $(git -C "$here" rev-parse --short HEAD), best of $runs"
printf '%-5s %8s %9s %8s %-7s | %7s %6s %7s %6s %7s | %7s %6s %7s | %6s\n' \
  shape size_KB functions blocks profile hs_s x_prev hs_cpu x_prev hs_MiB cov_s x_prev cov_MiB hs/cov
for shape in $shapes; do
  prev_hs=""
  prev_cpu=""
  prev_cov=""
  kb=$min_kb
  while [ "$kb" -le "$max_kb" ]; do
    dir="$work/$shape-$kb"
    read -r funcs _ < <(python3 "$gen" "$shape" $((kb * 1024)) "$dir")
    real_max=$real_a_kb
    [ "$shape" = b ] && real_max=$real_b_kb
    (cd "$dir" && go tool cover -mode=count -var=GoCover -o cover.go big.go &&
      python3 "$gen" profile cover.go >table.out && rm cover.go)
    if [ "$kb" -le "$real_max" ]; then
      (cd "$dir" && go test -count=1 -covermode=count -coverprofile=cover.out . >gotest.log 2>&1) ||
        { cat "$dir/gotest.log" >&2; exit 1; }
      python3 "$gen" same-blocks "$dir/cover.out" "$dir/table.out" >/dev/null
      kind="go-test"
    else
      mv "$dir/table.out" "$dir/cover.out"
      kind="table"
    fi
    blocks=$(($(wc -l <"$dir/cover.out") - 1))
    read -r hs hs_rss hs_cpu < <(cd "$dir" && best "$dir/analyze.json" "$bin" analyze --root . --profile cover.out --format json)
    read -r cov cov_rss _ < <(cd "$dir" && best "$dir/func.txt" go tool cover -func=cover.out)
    if [ "$hs" = failed ] || [ "$cov" = failed ]; then
      exit 1
    fi
    if [ "$hs" != timeout ] && [ "$cov" != timeout ]; then
      python3 - "$dir/analyze.json" "$dir/func.txt" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["totals"]
ours = "%.1f%%" % (100.0 * t["covered_statements"] / t["statements"]) if t["statements"] else "0.0%"
theirs = open(sys.argv[2]).read().split()[-1]
if ours != theirs:
    sys.exit(f"total differs: heatseed {ours}, go tool cover -func {theirs}")
PY
    fi
    printf '%-5s %8d %9d %8d %-7s | %7s %6s %7s %6s %7s | %7s %6s %7s | %6s\n' \
      "$shape" "$kb" "$funcs" "$blocks" "$kind" "$hs" "$(ratio "$hs" "$prev_hs")" \
      "$hs_cpu" "$(ratio "$hs_cpu" "$prev_cpu")" "$hs_rss" \
      "$cov" "$(ratio "$cov" "$prev_cov")" "$cov_rss" "$(ratio "$hs" "$cov")"
    prev_hs=$hs
    prev_cpu=$hs_cpu
    prev_cov=$cov
    rm -rf "$dir"
    [ "$hs" = timeout ] && break
    kb=$((kb * 2))
  done
done
