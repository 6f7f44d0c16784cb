#!/usr/bin/env bash
# Fuzz comparison (issue 8, "Measured"): `go test -fuzz` for $FUZZTIME on functions with
# magic-value guards, from three starting points, judged by the cold statements of a weak heatmap
# that the fuzzer's corpus covers afterwards.
#
# Subjects ($TARGETS below): functions of pinned proxy modules (bench/lib_modules.sh) and of
# standard-library packages copied into scratch modules (as bench/reach.sh copies them). For each:
#   weak heatmap  the package's first two ^Test names in byte order (lib_modules.sh `heatmap weak`);
#                 its cold statements (whole package) are the row's denominator;
#   heatseed arm  `heatseed generate --root <copy> --profile cover.out --package <pkg>` with the
#                 defaults (pre-flight check, minimization, refinement rounds): heatseed's harness
#                 for the function with heatseed's kept seeds (testdata/fuzz/<FuzzX>/);
#   zero arm      the same tree with the seed files of that fuzz test removed: the harness keeps
#                 its own zero-value f.Add only;
#   fzgen arm     the pristine tree plus the harness thepudds/fzgen v0.4.3 writes for the same
#                 function (`fzgen -func '^Name$'`; fzgen itself built from a wrapper module that
#                 requires fzgen v0.4.3 and raises golang.org/x/tools to $FZGEN_XTOOLS, as
#                 v0.4.3's own x/tools does not build under Go 1.26); its harness has no seeds.
# Every arm: `go test -vet=off -run '^FuzzX$' -fuzz '^FuzzX$' -fuzztime $FUZZTIME -parallel 1` (one fuzz
# worker per arm: the machine has two cores shared with other work). The three arms of a target
# run at the same time (PARALLEL_ARMS=1, default: the same wall clock and the same load from
# other work for each; PARALLEL_ARMS=0 runs them one after another, order rotated), $REPEAT
# times; a row's figure per arm is the median over the repetitions (each repetition's figure is
# kept in the row), and the load averages before and after each repetition are recorded. Each
# arm has its own GOCACHE private to this script ($CACHE/gocache-<arm>); an arm's fuzz cache
# directory ($GOCACHE/fuzz/<pkg>/<FuzzX>) is emptied before its run and moved to the arm's logs
# after it, so arms and repetitions never share entries. Then
# the measure: the arm's seed corpus plus the fuzzer's new entries copied into
# testdata/fuzz/<FuzzX>/ (removed again afterwards) and replayed with `go test -vet=off -count=1 -run '^FuzzX$' -covermode=count
# -coverprofile`; the figure is the weak heatmap's cold statements that replay covers. An input
# the fuzzer reported as failing (testdata/fuzz/<FuzzX>/ entry written by the fuzzer) is moved out
# before the replay (a panic would end the replay before the profile is written) and noted.
#
#   bash bench/fuzz_compare.sh                         # builds this worktree (cargo build --release)
#   FUZZTIME=10s ONLY='uuid gjson' bash bench/fuzz_compare.sh   # a quick subset
#   bash bench/fuzz_compare.sh --table a.jsonl [b.jsonl ...]     # the table of earlier results
# Table columns: cold = the package's cold statements in the weak heatmap; any = those some arm
# covered; then each arm's covered cold statements and the ratios heatseed/zero, heatseed/fzgen.
#
# Environment: HEATSEED (binary; default: this worktree's release build), CACHE (default
# ~/.cache/heatseed/fuzzcmp: fzgen wrapper, private GOCACHE, scratch copies, logs), RESULTS
# (default $CACHE/results-<UTC time>.jsonl; one JSON line per target), FUZZTIME (60s), ONLY
# (targets whose name contains a word), REPEAT (1), PARALLEL_ARMS (1), PREP_ONLY (1: step 1
# only), USER_FUZZ (1: where heatseed writes no harness of its own because the package's own
# fuzz test drives the function, that fuzz test is the heatseed arm (the user's seeds plus
# heatseed's) and its zero arm keeps the user's seeds, only heatseed's files removed),
# REUSE_PREP (1: targets with a prepared tree under $CACHE/work are not prepared again;
# arms leave their trees as they found them), GO_TIMEOUT (seconds for any other go command, 900),
# GEN_TIMEOUT (600), FZGEN_XTOOLS (v0.52.0). Every go process runs under `timeout -k`. Needs go,
# python3, timeout; reaches only the Go module proxy.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${CACHE:-$HOME/.cache/heatseed/fuzzcmp}
FUZZTIME=${FUZZTIME:-60s}
REPEAT=${REPEAT:-1}
PARALLEL_ARMS=${PARALLEL_ARMS:-1}
PREP_ONLY=${PREP_ONLY:-0}
REUSE_PREP=${REUSE_PREP:-0}
USER_FUZZ=${USER_FUZZ:-0}
ONLY=${ONLY:-}
GO_TIMEOUT=${GO_TIMEOUT:-900}
GEN_TIMEOUT=${GEN_TIMEOUT:-600}
FZGEN_VERSION=v0.4.3
FZGEN_XTOOLS=${FZGEN_XTOOLS:-v0.52.0}
export GOFLAGS=${GOFLAGS:-} GOTOOLCHAIN=local

# name | set (real|std) | module@version or std package | package dir in the module | function
# (heatseed's harness is Fuzz<function>, or Fuzz<function>_heatseed beside a user's fuzz test of
# that name; fzgen's is the one it writes for -func '^function$').
# Each function has magic-value guards: length switches and fixed bytes (uuid), path syntax and
# modifiers (gjson), operators and wildcards (semver ranges, version constraints), key paths and
# JSON punctuation (jsonparser), day/month/zone names (net/mail dates), angle brackets, quoting and
# RFC 2047 encoded words (net/mail addresses), TOML syntax (toml).
TARGETS=(
  "uuid.Validate|real|github.com/google/uuid@v1.6.0|.|Validate"
  "gjson.Get|real|github.com/tidwall/gjson@v1.18.0|.|Get"
  "semver.ParseRange|real|github.com/blang/semver/v4@v4.0.0|.|ParseRange"
  "goversion.NewConstraint|real|github.com/hashicorp/go-version@v1.7.0|.|NewConstraint"
  "jsonparser.Get|real|github.com/buger/jsonparser@v1.1.1|.|Get"
  "mail.ParseDate|std|net/mail|.|ParseDate"
  "mail.ParseAddress|std|net/mail|.|ParseAddress"
  "toml.Decode|real|github.com/BurntSushi/toml@v1.5.0|.|Decode"
  # Added 2026-12-01 (second run): PEM armour lines and headers; regexp syntax ((?P<, \p{, [[:,
  # flags); HTML entity names and numeric references; the PNG signature, chunk names and CRCs;
  # cron descriptors (@every, @hourly, TZ=) and field names; semver constraint operators (^, ~,
  # ranges with " - ", ||); byte-size unit suffixes.
  # pem.Decode, html.UnescapeString and semver3.NewConstraint have a fuzz test of the package
  # itself (FuzzDecode, FuzzEscapeUnescape, FuzzNewConstraint): heatseed writes its seeds there
  # and no harness of its own, so their rows are errors ("wrote no harness").
  "pem.Decode|std|encoding/pem|.|Decode"
  "syntax.Parse|std|regexp/syntax|.|Parse"
  "html.UnescapeString|std|html|.|UnescapeString"
  "png.Decode|std|image/png|.|Decode"
  "cron.ParseStandard|real|github.com/robfig/cron/v3@v3.0.1|.|ParseStandard"
  "semver3.NewConstraint|real|github.com/Masterminds/semver/v3@v3.4.0|.|NewConstraint"
  "humanize.ParseBytes|real|github.com/dustin/go-humanize@v1.0.1|.|ParseBytes"
  # XML declarations, DOCTYPE, CDATA, entities, struct tags; template actions and keywords
  # ({{if, {{range, {{define, pipelines); ascii85's 'z' and padding; glob syntax (*, ?, [!], {,}).
  "xml.Unmarshal|std|encoding/xml|.|Unmarshal"
  "parse.Parse|std|text/template/parse|.|Parse"
  "ascii85.Decode|std|encoding/ascii85|.|Decode"
  "glob.Compile|real|github.com/gobwas/glob@v0.2.3|.|Compile"
  # Shell quoting, escapes, $VAR and backquotes; JSON literals, escapes and numbers.
  "shellwords.Parse|real|github.com/mattn/go-shellwords@v1.0.12|.|Parse"
  "fastjson.Parse|real|github.com/valyala/fastjson@v1.6.4|.|Parse"
  # Added 2026-12-01 (fifth run): decoders of binary formats whose tests read files they name
  # under testdata/ (TIFF byte order, IFD tags and compression kinds; RIFF/WebP chunk FourCCs
  # and VP8/VP8L headers; BMP header sizes and bit depths).
  "tiff.Decode|real|golang.org/x/image@v0.48.0|tiff|Decode"
  "webp.Decode|real|golang.org/x/image@v0.48.0|webp|Decode"
  "bmp.Decode|real|golang.org/x/image@v0.48.0|bmp|Decode"
)

# Every go command of this script (and of lib_modules.sh's functions) under timeout -k.
GO_BIN=$(type -P go) || { echo "go not on PATH" >&2; exit 5; }
go() { timeout -k 10 "$GO_TIMEOUT" "$GO_BIN" "$@"; }
# shellcheck source=bench/lib_modules.sh
source "$here/bench/lib_modules.sh"

table() {
  python3 - "$@" <<'PY'
import json, sys
rows = [json.loads(l) for p in sys.argv[1:] for l in open(p) if l.strip()]
def ratio(a, b):
    return f"{a / b:5.2f}x" if b else ("  inf" if a else "    -")
def cell(r, k):
    n, c = r.get(f"covered_{k}"), r.get("cold", 0)
    if n is None:
        return f"{'-':>12}"
    return f"{n:>5g} {100 * n / c:5.1f}%" if c else f"{n:>5g}     -"
print(f"{'target':<24} {'cold':>5} {'any':>4}  {'heatseed':>12}  {'zero seed':>12}  {'fzgen':>12}  "
      f"{'hs/zero':>7} {'hs/fzgen':>8}  {'seeds':>5}  note")
tot = {"cold": 0, "any": 0, "heatseed": 0, "zero": 0, "fzgen": 0}
# Totals over the rows where fzgen wrote a harness too (for the heatseed/fzgen ratio).
cold3 = dict(tot)
for r in rows:
    if r.get("error"):
        print(f"{r['target']:<24} ERROR: {r['error'][:160]}")
        continue
    h, z, g = (r.get(f"covered_{k}") for k in ("heatseed", "zero", "fzgen"))
    note = "; ".join(r.get("notes", []))[:140]
    # go test -fuzz stops at the first failing input: a row where an arm stopped early is
    # shown but left out of the totals (its arms did not fuzz for the same time).
    short = [k for k, a in r.get("arms", {}).items() if a.get("fuzz_rc")]
    if short:
        note = f"NOT IN TOTALS: {', '.join(short)} stopped at a failing input; " + note
    print(f"{r['target']:<24} {r['cold']:>5} {r.get('cold_reached_any', 0):>4}  {cell(r, 'heatseed')}  {cell(r, 'zero')}  "
          f"{cell(r, 'fzgen')}  {ratio(h, z):>7} {ratio(h, g) if g is not None else '-':>8}  "
          f"{r.get('heatseed_seeds', 0):>5}  {note}")
    if short:
        continue
    tot["cold"] += r["cold"]
    tot["any"] += r.get("cold_reached_any", 0)
    for k in ("heatseed", "zero", "fzgen"):
        tot[k] += r.get(f"covered_{k}") or 0
    if g is not None:
        cold3["cold"] += r["cold"]
        cold3["any"] += r.get("cold_reached_any", 0)
        for k in ("heatseed", "zero", "fzgen"):
            cold3[k] += r.get(f"covered_{k}") or 0
t = dict(tot, target="total", **{f"covered_{k}": tot[k] for k in ("heatseed", "zero", "fzgen")})
t["covered_fzgen"] = None
print(f"{'total (full runs)':<24} {t['cold']:>5} {t['any']:>4}  {cell(t, 'heatseed')}  {cell(t, 'zero')}  {cell(t, 'fzgen')}  "
      f"{ratio(tot['heatseed'], tot['zero']):>7} {'-':>8}")
t3 = dict(cold3, **{f"covered_{k}": cold3[k] for k in ("heatseed", "zero", "fzgen")})
print(f"{'  with an fzgen harness':<24} {t3['cold']:>5} {t3['any']:>4}  {cell(t3, 'heatseed')}  {cell(t3, 'zero')}  "
      f"{cell(t3, 'fzgen')}  {ratio(cold3['heatseed'], cold3['zero']):>7} {ratio(cold3['heatseed'], cold3['fzgen']):>8}")
print()
print("per arm (medians over repetitions): fuzz execs / new interesting entries / seed files replayed "
      "(+ fuzzer entries); covered per repetition; load averages (1 min) before/after each repetition")
for r in rows:
    if r.get("error"):
        continue
    parts = []
    for k in ("heatseed", "zero", "fzgen"):
        a = r.get("arms", {}).get(k)
        if a:
            g = lambda x: "?" if x is None else f"{x:g}"
            parts.append(f"{k}: {g(a.get('execs'))} execs, {g(a.get('new'))} new, "
                         f"{a.get('seed_files', 0)}+{g(a.get('fuzz_entries', 0))} replayed"
                         + (f", runs {r.get('runs_' + k)}" if r.get('runs_' + k) else "")
                         + (f", {a['failing']} failing input(s) set aside" if a.get("failing") else ""))
    load = "/".join(f"{x:g}" for x in r.get("load", []))
    print(f"  {r['target']:<22} " + " | ".join(parts) + (f" | load {load}" if load else ""))
PY
}

if [[ ${1:-} == --table ]]; then
  shift
  table "$@"
  exit 0
fi

# The fzgen binary, built once from a wrapper module (fzgen v0.4.3 + a recent x/tools).
build_fzgen() {
  local w="$CACHE/fzgen-wrap"
  [[ -x $w/fzgen && -f $w/.built-$FZGEN_VERSION-$FZGEN_XTOOLS ]] && { echo "$w/fzgen"; return; }
  rm -rf "$w" && mkdir -p "$w"
  printf 'module fzgenwrap\n\ngo 1.26\n\nrequire github.com/thepudds/fzgen %s\n' "$FZGEN_VERSION" >"$w/go.mod"
  printf '//go:build tools\n\npackage fzgenwrap\n\nimport _ "github.com/thepudds/fzgen/cmd/fzgen"\n' >"$w/tools.go"
  (cd "$w" && go get "github.com/thepudds/fzgen@$FZGEN_VERSION" "golang.org/x/tools@$FZGEN_XTOOLS" \
    && go mod tidy && go build -o fzgen github.com/thepudds/fzgen/cmd/fzgen) >"$w/build.log" 2>&1 \
    || { echo "fzgen build failed: $(tail -3 "$w/build.log" | tr '\n' ' ')" >&2; return 1; }
  touch "$w/.built-$FZGEN_VERSION-$FZGEN_XTOOLS"
  echo "$w/fzgen"
}

# The pristine module tree of a target in $3 (go.sum complete); echoes where it came from.
prepare() { # set source dest
  local set=$1 src=$2 dest=$3
  if [[ $set == std ]]; then
    local from
    from="$(go env GOROOT)/src/$src"
    mkdir -p "$dest"
    cp "$from"/*.go "$dest/"
    [[ -d $from/testdata ]] && cp -r "$from/testdata" "$dest/"
    chmod -R u+w "$dest"
    printf 'module std/%s\n\ngo %s\n' "${src//\//_}" "$(go env GOVERSION | sed -E 's/^go([0-9]+\.[0-9]+).*/\1/')" >"$dest/go.mod"
    echo "GOROOT/src/$src"
  else
    local mod=${src%@*} ver=${src#*@} dir
    dir=$(module_dir "$mod" "$ver")
    fresh_copy "$dir" "$dest"
    (cd "$dest" && complete_sums "$dir" >/dev/null)
    echo "$src"
  fi
}

# Step 1 for one target: trees for the three arms and the weak heatmap. Writes $work/prep.json.
prep_target() { # name set source pkgdir func
  local name=$1 set=$2 src=$3 pkgdir=$4 fn=$5
  local work="$CACHE/work/$name" logs="$CACHE/logs/$name"
  chmod -R u+w "$work" 2>/dev/null || true
  rm -rf "$work" "$logs" && mkdir -p "$work" "$logs/tmp"
  prepare "$set" "$src" "$work/base" >"$logs/origin.txt" || { echo "prepare failed"; return 1; }
  local imp
  imp=$(cd "$work/base/$pkgdir" && go list .) || { echo "go list failed in the copy"; return 1; }
  (cd "$work/base" && heatmap weak "$pkgdir" "" "" "$logs/cover.out" "$logs/cover_test.txt") >"$logs/heatmap.txt" || true
  [[ -s $logs/cover.out ]] || { echo "no weak heatmap: $(tail -3 "$logs/cover_test.txt" | tr '\n' ' ')"; return 1; }
  cp -r "$work/base" "$work/heatseed"
  local t0 t1 rc=0
  t0=$(date +%s.%N)
  TMPDIR="$logs/tmp" timeout -k 10 "$GEN_TIMEOUT" "$HEATSEED" generate --root "$work/heatseed" \
    --profile "$logs/cover.out" --package "$imp" --format json >"$logs/gen.json" 2>"$logs/gen.stderr" || rc=$?
  t1=$(date +%s.%N)
  echo "$rc $(python3 -c "print(round($t1-$t0,1))")" >"$logs/gen_rc.txt"
  # Fuzz<fn>, or Fuzz<fn>_heatseed when the package has a fuzz test of that name already.
  local fz
  fz=$(grep -oE "^func Fuzz${fn}(_heatseed)?\(f \*testing.F\)" "$work/heatseed/$pkgdir"/heatseed_fuzz_test.go 2>/dev/null \
    | sed -E 's/^func (Fuzz[A-Za-z0-9_]*).*/\1/' | sort | tail -1 || true)
  # No harness of heatseed's own: the package's fuzz test that heatseed seeded for the function
  # (USER_FUZZ=1), its zero arm keeping the user's own seeds.
  local user=""
  if [[ -z $fz && $USER_FUZZ == 1 ]]; then
    user=$(python3 -c 'import json,sys
for t in json.load(open(sys.argv[1]))["targets"]:
    if t.get("target") == sys.argv[2] and not t.get("skipped") and t.get("fuzz_tests"):
        print(t["fuzz_tests"][0]); break' "$logs/gen.json" "$fn" 2>/dev/null || true)
    fz=$user
  fi
  [[ -n $fz ]] || { echo "heatseed (rc $rc) wrote no harness for $fn: $(python3 -c 'import json,sys; print([t.get("skipped") for t in json.load(open(sys.argv[1]))["targets"] if t.get("target") == sys.argv[2]][:2])' "$logs/gen.json" "$fn" 2>/dev/null)"; return 1; }
  cp -r "$work/heatseed" "$work/zero"
  if [[ -n $user ]]; then
    # Only the seed files heatseed wrote (its manifest) leave the zero arm.
    python3 - "$work/zero" "$pkgdir/testdata/fuzz/$fz/" <<'PY'
import json, os, sys
root, prefix = sys.argv[1], os.path.normpath(sys.argv[2]) + "/"
for s in json.load(open(os.path.join(root, ".heatseed/manifest.json")))["seeds"]:
    if os.path.normpath(s["file"]).startswith(prefix):
        os.remove(os.path.join(root, s["file"]))
PY
    echo "$fz" >"$logs/user_fuzz.txt"
  else
    rm -rf "${work:?}/zero/$pkgdir/testdata/fuzz/$fz"
  fi
  # fzgen arm: pristine tree, fzgen's fuzzer package required, fzgen's harness for the function.
  cp -r "$work/base" "$work/fzgen"
  local fzg="" frc=0
  if [[ -n $FZGEN ]]; then
    # fzgen's runtime package only when its harness imports it (`go get` would raise the go
    # line of go.mod, and with it the vet checks `go test` runs).
    (cd "$work/fzgen/$pkgdir" && timeout -k 10 300 "$FZGEN" -func "^$fn\$" -o autofuzz_test.go . \
      && if grep -q 'thepudds/fzgen/fuzzer' autofuzz_test.go; then
        cd "$work/fzgen" && go get "github.com/thepudds/fzgen@$FZGEN_VERSION" && go mod tidy
      fi) >"$logs/fzgen.txt" 2>&1 || frc=$?
    # -func matches methods of that name too (gjson's Result.Get): the function's own harness.
    fzg=$(grep -oE "^func Fuzz_${fn}\(" "$work/fzgen/$pkgdir/autofuzz_test.go" 2>/dev/null | head -1 | sed -E 's/^func //; s/\($//' || true)
    [[ $frc == 0 && -n $fzg ]] || fzg=""
  fi
  python3 - "$work/prep.json" "$imp" "$fz" "$fzg" "$frc" "$(cat "$logs/origin.txt")" <<'PY'
import json, sys
out, imp, fz, fzg, frc, origin = sys.argv[1:]
json.dump({"import": imp, "fuzz_heatseed": fz, "fuzz_fzgen": fzg or None,
           "fzgen_rc": int(frc), "origin": origin}, open(out, "w"))
PY
}

# One arm's fuzz run and replay (repetition $7); writes $logs/arm_<arm>_r<rep>.json. The arm's
# tree is left as it was found (fuzzer entries copied in for the replay are removed again).
run_arm() { # name arm tree pkgdir import fuzzname rep
  local name=$1 arm=$2 tree=$3 pkgdir=$4 imp=$5 fz=$6 rep=$7
  local logs="$CACHE/logs/$name" gocache="$CACHE/gocache-$arm" rc=0
  local cachedir="$gocache/fuzz/$imp/$fz" tag="${arm}_r$rep"
  local corpus="$tree/$pkgdir/testdata/fuzz/$fz" existed=0
  [[ -d $corpus ]] && existed=1
  rm -rf "$cachedir" "$logs/corpus_$tag" "$logs/failing_$tag"
  local seeds_before=0
  [[ -d $corpus ]] && seeds_before=$(find "$corpus" -type f | wc -l)
  find "$corpus" -type f 2>/dev/null | LC_ALL=C sort >"$logs/seeds_$tag.txt" || true
  (cd "$tree/$pkgdir" && GOCACHE="$gocache" TMPDIR="$logs/tmp" timeout -k 10 "$GO_TIMEOUT" \
    "$GO_BIN" test -vet=off -run "^$fz\$" -fuzz "^$fz\$" -fuzztime "$FUZZTIME" -parallel 1 . \
    >"$logs/fuzz_$tag.txt" 2>&1) || rc=$?
  # Inputs the fuzzer wrote to testdata (failures) are set aside before the replay.
  mkdir -p "$logs/failing_$tag"
  local f failing=0
  if [[ -d $corpus ]]; then
    while IFS= read -r f; do
      grep -qxF "$f" "$logs/seeds_$tag.txt" && continue
      mv "$f" "$logs/failing_$tag/"
      failing=$((failing + 1))
    done < <(find "$corpus" -type f | LC_ALL=C sort)
  fi
  local entries=0
  if [[ -d $cachedir ]]; then
    mv "$cachedir" "$logs/corpus_$tag"
    mkdir -p "$corpus"
    for f in "$logs/corpus_$tag"/*; do
      [[ -f $f ]] || continue
      cp "$f" "$corpus/fuzzcmp-$(basename "$f")"
      entries=$((entries + 1))
    done
  fi
  local rrc=0
  (cd "$tree/$pkgdir" && GOCACHE="$gocache" TMPDIR="$logs/tmp" timeout -k 10 "$GO_TIMEOUT" \
    "$GO_BIN" test -vet=off -count=1 -run "^$fz\$" -covermode=count -coverprofile="$logs/replay_$tag.out" . \
    >"$logs/replay_$tag.txt" 2>&1) || rrc=$?
  # The tree back as it was for the next repetition.
  rm -f "$corpus"/fuzzcmp-*
  ((existed)) || rmdir "$corpus" 2>/dev/null || true
  python3 - "$logs/arm_$tag.json" "$logs/fuzz_$tag.txt" "$rc" "$rrc" "$seeds_before" "$entries" "$failing" "$fz" <<'PY'
import json, re, sys
out, log, rc, rrc, seeds, entries, failing, fz = sys.argv[1:]
text = open(log, errors="replace").read()
execs = new = None
for m in re.finditer(r"execs: (\d+) .*?new interesting: (\d+)", text):
    execs, new = int(m.group(1)), int(m.group(2))
json.dump({"fuzz": fz, "fuzz_rc": int(rc), "replay_rc": int(rrc), "seed_files": int(seeds),
           "fuzz_entries": int(entries), "failing": int(failing), "execs": execs, "new": new,
           "fuzz_tail": text.strip().splitlines()[-3:] if int(rc) else []}, open(out, "w"))
PY
}

# The row of one target from its logs: per arm the median over the repetitions.
row() { # name func
  python3 - "$CACHE/logs/$1" "$CACHE/work/$1/prep.json" "$RESULTS" "$1" "$2" "$REPEAT" <<'PY'
import json, os, statistics, sys
logs, prep, results, name, fn, repeat = sys.argv[1:]
p = json.load(open(prep))
def blocks(path):
    out = {}
    if not os.path.exists(path):
        return None
    for line in open(path).read().splitlines()[1:]:
        if not line.strip() or line.startswith("mode:"):
            continue
        key, n, c = line.rsplit(" ", 2)
        prev = out.get(key, (0, 0))
        out[key] = (int(n), prev[1] + int(c))
    return out
pkg_prefix = p["import"] + "/"
heat = blocks(os.path.join(logs, "cover.out"))
# The package's own files only (not its subpackages').
cold = {k: n for k, (n, c) in heat.items()
        if c == 0 and k.startswith(pkg_prefix) and "/" not in k[len(pkg_prefix):].split(":")[0]}
gen_rc, gen_s = open(os.path.join(logs, "gen_rc.txt")).read().split()
row = {"target": name, "function": fn, "module": p["origin"], "package": p["import"],
       "cold": sum(cold.values()), "generate_rc": int(gen_rc), "generate_seconds": float(gen_s),
       "fuzz_heatseed": p["fuzz_heatseed"], "fuzz_fzgen": p["fuzz_fzgen"], "arms": {},
       "repeat": int(repeat), "notes": [], "error": None}
loads = []
for k in range(1, int(repeat) + 1):
    f = os.path.join(logs, f"load_r{k}.txt")
    if os.path.exists(f):
        loads += [float(x.split()[0]) for x in open(f).read().splitlines() if x.strip()]
row["load"] = loads
reached = set()
for arm in ("heatseed", "zero", "fzgen"):
    runs = []
    for k in range(1, int(repeat) + 1):
        f = os.path.join(logs, f"arm_{arm}_r{k}.json")
        if not os.path.exists(f):
            continue
        a = json.load(open(f))
        b = blocks(os.path.join(logs, f"replay_{arm}_r{k}.out"))
        if b is None:
            row["notes"].append(f"{arm} r{k}: replay wrote no profile (rc {a['replay_rc']})")
            b = {}
        elif a["replay_rc"]:
            row["notes"].append(f"{arm} r{k}: replay rc {a['replay_rc']}")
        if a["fuzz_rc"]:
            row["notes"].append(f"{arm} r{k}: fuzz rc {a['fuzz_rc']} ({a['failing']} failing input(s))")
        hit = {key for key in cold if b.get(key, (0, 0))[1] > 0}
        a["covered"] = sum(cold[key] for key in hit)
        reached |= hit
        runs.append(a)
    if not runs:
        row[f"covered_{arm}"] = None
        continue
    med = lambda xs: statistics.median(xs) if xs else None
    row[f"covered_{arm}"] = med([a["covered"] for a in runs])
    row[f"runs_{arm}"] = [a["covered"] for a in runs]
    row["arms"][arm] = {
        "fuzz": runs[0]["fuzz"], "fuzz_rc": max(a["fuzz_rc"] for a in runs),
        "seed_files": runs[0]["seed_files"], "failing": sum(a["failing"] for a in runs),
        "execs": med([a["execs"] for a in runs if a["execs"] is not None]),
        "new": med([a["new"] for a in runs if a["new"] is not None]),
        "fuzz_entries": med([a["fuzz_entries"] for a in runs]),
        "runs": runs,
    }
# Cold statements some arm reached in some repetition: what the arms contend for.
row["cold_reached_any"] = sum(cold[k] for k in reached)
row["heatseed_seeds"] = row["arms"].get("heatseed", {}).get("seed_files", 0)
if os.path.exists(os.path.join(logs, "user_fuzz.txt")):
    row["notes"].append(f"the package's own {p['fuzz_heatseed']}: zero arm = its own seeds, "
                        "heatseed arm = those plus heatseed's")
if p["fuzz_fzgen"] is None:
    row["notes"].append(f"fzgen wrote no harness (rc {p['fzgen_rc']}, see fzgen.txt)")
with open(results, "a") as f:
    f.write(json.dumps(row) + "\n")
PY
}

if [[ -z ${HEATSEED:-} ]]; then
  (cd "$here" && cargo build --release -q)
  HEATSEED="$here/target/release/heatseed"
fi
mkdir -p "$CACHE/work" "$CACHE/logs"
RESULTS=${RESULTS:-$CACHE/results-$(date -u +%Y%m%dT%H%M%SZ).jsonl}
: >"$RESULTS"
mkdir -p "$CACHE/gocache-heatseed" "$CACHE/gocache-zero" "$CACHE/gocache-fzgen"
FZGEN=$(build_fzgen) || FZGEN=""
[[ -n $FZGEN ]] || echo "fzgen arm skipped: $(tail -3 "$CACHE/fzgen-wrap/build.log" 2>/dev/null | tr '\n' ' ')" >&2

# Step 1: every target's trees (generate, fzgen, heatmaps) before any fuzzing.
selected=()
for t in "${TARGETS[@]}"; do
  IFS='|' read -r name set src pkgdir fn <<<"$t"
  if [[ -n $ONLY ]]; then
    keep=0
    for w in $ONLY; do [[ $name == *"$w"* ]] && keep=1; done
    ((keep)) || continue
  fi
  if [[ $REUSE_PREP == 1 && -f $CACHE/work/$name/prep.json ]]; then
    echo "== prepared already: $name" >&2
    selected+=("$t")
    continue
  fi
  echo "== prepare $name" >&2
  if err=$(prep_target "$name" "$set" "$src" "$pkgdir" "$fn" 2>"$CACHE/logs/$name.prep.stderr"); then
    selected+=("$t")
  else
    python3 -c 'import json,sys; print(json.dumps({"target": sys.argv[1], "error": sys.argv[2][:600]}))' \
      "$name" "${err:-$(tail -3 "$CACHE/logs/$name.prep.stderr" | tr '\n' ' ')}" >>"$RESULTS"
  fi
done

if [[ $PREP_ONLY == 1 ]]; then
  echo "prepared: ${#selected[@]} target(s) under $CACHE/work" >&2
  exit 0
fi

# Step 2: the arms, one target after another, $REPEAT times; the three arms of a repetition run
# at the same time (PARALLEL_ARMS=1: same wall clock, same load from other work) or one after
# another in an order rotated per target and repetition (PARALLEL_ARMS=0). The 1-, 5- and
# 15-minute load averages are recorded before and after each repetition.
i=0
for t in "${selected[@]}"; do
  IFS='|' read -r name set src pkgdir fn <<<"$t"
  work="$CACHE/work/$name"
  imp=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["import"])' "$work/prep.json")
  fzh=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["fuzz_heatseed"])' "$work/prep.json")
  fzg=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["fuzz_fzgen"] or "")' "$work/prep.json")
  arms=(heatseed zero fzgen)
  for ((rep = 1; rep <= REPEAT; rep++)); do
    cut -d' ' -f1-3 /proc/loadavg >"$CACHE/logs/$name/load_r$rep.txt"
    pids=()
    for k in 0 1 2; do
      arm=${arms[$(((k + i + rep) % 3))]}
      fz=$fzh
      if [[ $arm == fzgen ]]; then
        [[ -n $fzg ]] || continue
        fz=$fzg
      fi
      echo "== fuzz $name ($arm, $fz, $FUZZTIME, repetition $rep) $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
      if [[ $PARALLEL_ARMS == 1 ]]; then
        run_arm "$name" "$arm" "$work/$arm" "$pkgdir" "$imp" "$fz" "$rep" &
        pids+=($!)
      else
        run_arm "$name" "$arm" "$work/$arm" "$pkgdir" "$imp" "$fz" "$rep"
      fi
    done
    for p in "${pids[@]}"; do wait "$p" || true; done
    cut -d' ' -f1-3 /proc/loadavg >>"$CACHE/logs/$name/load_r$rep.txt"
  done
  row "$name" "$fn"
  i=$((i + 1))
done

table "$RESULTS"
echo "results: $RESULTS; logs: $CACHE/logs" >&2
