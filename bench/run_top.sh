#!/usr/bin/env bash
# What `heatseed run --top N` does with its N slots, two builds side by side on real modules
# from the Go module proxy (pinned) and the bundled corpus/hazards: for each build, how many of
# the listed top targets got a fuzz test, and the cold statements left after heatseed's seeds
# (the run's own replay, no fuzzing). Both builds run on fresh copies of the same module with the
# same profile (the module's whole suite, made once), one after the other.
#
#   bash bench/run_top.sh OLD_BINARY NEW_BINARY [N]
#   MODULES_TOP='mod@ver ...' to choose the modules; CACHE=dir for the copies (default a temp dir).
#
# Prints one row per module and build: fuzz targets in the top N, cold statements before and
# after seeds, wall seconds of the run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib_modules.sh
source "$here/lib_modules.sh"
old=${1:?old heatseed binary}
new=${2:?new heatseed binary}
top=${3:-10}
cache=${CACHE:-$(mktemp -d /tmp/heatseed-run-top.XXXXXX)}
mkdir -p "$cache"
modules=${MODULES_TOP:-"github.com/golang-jwt/jwt/v5@v5.3.1 github.com/go-viper/mapstructure/v2@v2.5.0 github.com/spf13/afero@v1.15.0 gopkg.in/natefinch/lumberjack.v2@v2.2.1 github.com/BurntSushi/toml@v1.5.0 corpus/hazards"}

printf '| module | build | fuzz targets in the top %s | refused targets noted | cold statements before | after seeds | wall s |\n' "$top"
printf '|---|---|---|---|---|---|---|\n'
for spec in $modules; do
  if [[ $spec == corpus/* ]]; then
    src="$here/../$spec"
  else
    src=$(cd /tmp && module_dir "${spec%@*}" "${spec#*@}")
  fi
  base="$cache/$(echo "$spec" | tr '/@' '__')"
  fresh_copy "$src" "$base.src"
  (cd "$base.src" && rm -f cover.out && complete_sums "$src" >/dev/null &&
    go test -count=1 -covermode=count -coverprofile="$base.profile" ./... >"$base.heat.log" 2>&1 || true)
  for arm in old new; do
    bin=$old
    [[ $arm == new ]] && bin=$new
    dir="$base.$arm"
    fresh_copy "$base.src" "$dir"
    start=$(date +%s.%N)
    (cd "$dir" && "$bin" run ./... --profile "$base.profile" --format json --top "$top" \
      --fuzz-time 0 --state-dir "$dir.state" >"$dir.json" 2>"$dir.log") || true
    end=$(date +%s.%N)
    python3 - "$dir.json" "$spec" "$arm" "$start" "$end" <<'EOF'
import json, sys
path, spec, arm, start, end = sys.argv[1:]
try:
    v = json.load(open(path))
except Exception as e:
    print(f"| {spec} | {arm} | no summary ({e}) | | | | |")
    sys.exit(0)
ts = v["targets"]
fuzzed = sum(1 for t in ts if t.get("fuzz_test"))
noted = sum(1 for n in v.get("notes", []) if "gets no fuzz test" in n)
tot = v["totals"]
print(f"| {spec} | {arm} | {fuzzed} of {len(ts)} | {noted} | {tot.get('cold_before')} | "
      f"{tot.get('cold_after_seeds')} | {float(end) - float(start):.1f} |")
EOF
  done
done
