#!/usr/bin/env bash
# Seeds and harnesses report: for every bundled example module and for a few Go standard-library
# packages copied into a scratch module, runs
#   heatseed generate --dry-run --verify --format json
# (everything is generated into a scratch copy and replayed there with plain `go test -run ^Fuzz`,
# with and without heatseed's seeds) and prints targets found, harnesses written, targets skipped,
# whether every package still builds and passes, and the cold statements covered.
#
#   bash bench/seed_report.sh
#   HEATSEED_ARGS=--no-real-inputs bash bench/seed_report.sh   # extra generate flags (compare arms)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
(cd "$here" && cargo build --release -q)
bin="$here/target/release/heatseed"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Standard-library packages whose tests run unchanged outside GOROOT.
std_pkgs="encoding/csv text/tabwriter html encoding/hex mime/quotedprintable container/list"
scratch="$work/stdscratch"
mkdir -p "$scratch"
printf 'module scratch\n\ngo 1.22\n' >"$scratch/go.mod"
for p in $std_pkgs; do
  d="$scratch/${p//\//_}"
  mkdir -p "$d"
  cp "$(go env GOROOT)/src/$p"/*.go "$d/"
done
(cd "$scratch" && go test -count=1 -covermode=count -coverprofile=cover.out ./... >/dev/null)

row() { # name dir
  # shellcheck disable=SC2086
  "$bin" generate --root "$2" --dry-run --verify --format json ${HEATSEED_ARGS:-} >"$work/out.json"
  python3 - "$1" "$work/out.json" <<'PY'
import json, sys
name, path = sys.argv[1], sys.argv[2]
d = json.load(open(path))
t = d["targets"]
gen = [f for f in d["files"] if f["path"].endswith("heatseed_fuzz_test.go")]
skipped = [x for x in t if x["skipped"]]
v = d["verify"]
ok = "yes" if not v["failures"] else "NO"
print(f"{name:<14} {len(t):>7} {len(t)-len(skipped):>9} {len(skipped):>7} {len(gen):>6} {ok:>8}   "
      f"{v['covered_without_seeds']:>3}/{v['cold_statements']:<4} ({100*v['covered_without_seeds']/max(1,v['cold_statements']):5.1f}%)  ->  "
      f"{v['covered_with_seeds']:>3}/{v['cold_statements']:<4} ({100*v['covered_with_seeds']/max(1,v['cold_statements']):5.1f}%)")
for x in skipped:
    print(f"{'':<14}   skipped {x['target']}: {x['skipped']}")
for f in v["failures"][:5]:
    print(f"{'':<14}   failure: {f}")
PY
}

echo "module         targets    seeded skipped harness  go test   cold statements of the seeded functions covered:"
echo "                                         files   passes   own f.Add seeds only  ->  with heatseed seeds"
for m in shop confparse shapes hazards; do row "$m" "$here/corpus/$m"; done
row "std (6 pkgs)" "$scratch"
