#!/usr/bin/env bash
# Reach benchmark (issue 8, "Measured"): how much of the cold code heatseed's seeds reach, judged
# by the real toolchain against two baselines, with no fuzzing.
#
# Subjects (three sets, and a fourth on request):
#   corpus  the bundled modules corpus/{shop,confparse,shapes,hazards};
#   std     standard-library packages ($STD_PKGS) each copied from $(go env GOROOT)/src/<pkg>
#           (its .go files and testdata/, nothing rewritten) into a scratch module
#           `std/<pkg with / as _>` with its own go.mod; a package whose copy does not build its
#           tests (internal imports, ...) becomes a row with the reason. The copies' external
#           tests (`package x_test`) still import the GOROOT package, so only in-package tests
#           count toward their heatmaps;
#   real    the pinned proxy modules of bench/lib_modules.sh (shared with real_modules.sh), in
#           fresh writable copies with go.sum completed;
#   binary  (only when SETS names it) decoders of binary formats whose tests read files under
#           testdata/ (lib_modules.sh BINARY_MODULES: images, file-type sniffing, compression),
#           copied like real; an entry naming a package is labelled module/pkg@version.
# Modes: weak (heatmap from one or two tests: real modules as real_modules.sh picks them, corpus
# and std modules the first two ^Test names of every package in byte order) and full (the whole
# suite). For every subject and mode, in fresh copies:
#   heatseed  `heatseed generate --root <copy> --profile cover.out` (defaults: pre-flight check and
#             minimization), wall time recorded;
#   zero      the same tree with every seed file of .heatseed/manifest.json removed: generated
#             fuzz tests keep their own zero-value f.Add, the user's fuzz tests their own seeds;
#   literal   the zero tree plus, for every fuzz test heatseed wrote seeds for, as many corpus files
#             as heatseed kept for it, each made of random literals (string, char and number
#             literals of the package's non-test .go files, go-fuzz-dictionary style; fixed RNG
#             seed $LIT_SEED) in the argument types read from the manifest's values;
# each replayed with `go test -count=1 -run '^Fuzz' -covermode=count -coverprofile ./...` over
# the whole module; an arm's figure is the statements cold in the analysed heatmap that its
# replay covers. One row per subject and mode: cold statements, covered per arm (count, %),
# kept seeds, generate wall time; totals per set and mode. A subject that breaks is a row with
# the reason (the "error" field), never dropped.
#
#   bash bench/reach.sh                                    # everything; builds this worktree
#   HEATSEED=/path/to/heatseed bash bench/reach.sh         # another build
#   SETS='corpus std' MODES=weak bash bench/reach.sh       # a subset of sets / modes
#   ONLY='csv uuid shop' bash bench/reach.sh               # subjects whose name contains a word
#   bash bench/reach.sh --table a.jsonl [b.jsonl ...]      # the table of earlier runs' results
#
# Environment: HEATSEED (binary; default: `cargo build --release` of this worktree), CACHE
# (default ~/.cache/heatseed/reach: scratch copies under work/, logs under logs/), RESULTS
# (default $CACHE/results-<UTC time>.jsonl; JSON lines, one per row), SETS ("corpus std real"),
# MODES ("weak full"), ONLY, STD_PKGS, GEN_TIMEOUT (600 s), TEST_TIMEOUT (900 s per go test),
# GEN_ARGS (extra generate flags), LIT_SEED (1). Needs go, python3, timeout; reaches only the
# Go module proxy. Subjects run one after another (the machine is small).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib_modules.sh
source "$here/bench/lib_modules.sh"
CACHE=${CACHE:-$HOME/.cache/heatseed/reach}
SETS=${SETS:-corpus std real}
MODES=${MODES:-weak full}
ONLY=${ONLY:-}
GEN_TIMEOUT=${GEN_TIMEOUT:-600}
TEST_TIMEOUT=${TEST_TIMEOUT:-900}
GEN_ARGS=${GEN_ARGS:-}
LIT_SEED=${LIT_SEED:-1}
# The first twelve as first measured; net/url, path, go/scanner and encoding/base64 import internal
# packages (their copies do not build: rows with the reason).
STD_PKGS=${STD_PKGS:-encoding/csv text/tabwriter html encoding/hex mime/quotedprintable net/url path text/scanner encoding/base32 go/scanner encoding/base64 net/mail encoding/ascii85 encoding/pem text/template/parse net/textproto encoding/xml regexp/syntax}
CORPUS_MODS="shop confparse shapes hazards"
export GOFLAGS=${GOFLAGS:-} GOTOOLCHAIN=local

# The table of results files: one row per subject and mode, then totals per set and mode.
table() {
  python3 - "$@" <<'PY'
import collections, json, sys
rows = [json.loads(l) for p in sys.argv[1:] for l in open(p) if l.strip()]
def pct(n, d):
    return f"{100 * n / d:5.1f}%" if d else "    -"
def arm(r, k):
    return f"{r.get(k, 0):>5} {pct(r.get(k, 0), r.get('cold', 0))}"
print(f"{'set':<6} {'module':<42} {'mode':<4} {'cold':>6}  {'heatseed':>12}  {'zero seed':>12}  "
      f"{'literal':>12}  {'kept':>5} {'gen s':>6}  note")
tot = collections.defaultdict(lambda: collections.Counter())
for r in rows:
    note = r.get("error") or "; ".join(r.get("notes", []))[:110]
    if r.get("error"):
        print(f"{r['set']:<6} {r['module']:<42} {r['mode']:<4} {'-':>6}  {'-':>12}  {'-':>12}  "
              f"{'-':>12}  {'-':>5} {'-':>6}  ERROR: {note[:150]}")
        continue
    print(f"{r['set']:<6} {r['module']:<42} {r['mode']:<4} {r['cold']:>6}  {arm(r, 'covered_heatseed')}  "
          f"{arm(r, 'covered_zero')}  {arm(r, 'covered_literal')}  {r['kept_seeds']:>5} "
          f"{r['generate_seconds']:>6.1f}  {note}")
    t = tot[(r["set"], r["mode"])]
    t["modules"] += 1
    for k in ("cold", "covered_heatseed", "covered_zero", "covered_literal", "kept_seeds"):
        t[k] += r[k]
    t["gen_ms"] += int(r["generate_seconds"] * 1000)
print()
print("totals (rows without an error):")
for (s, m), t in sorted(tot.items()):
    print(f"{s:<6} {str(t['modules']) + ' modules':<42} {m:<4} {t['cold']:>6}  {arm(t, 'covered_heatseed')}  "
          f"{arm(t, 'covered_zero')}  {arm(t, 'covered_literal')}  {t['kept_seeds']:>5} "
          f"{t['gen_ms'] / 1000:>6.1f}")
PY
}

if [[ ${1:-} == --table ]]; then
  shift
  table "$@"
  exit 0
fi

# Prepares the subject's pristine tree in $2 (cwd there afterwards is not assumed); echoes a note.
prepare() { # set name dest logs
  local set=$1 name=$2 dest=$3 logs=$4
  case $set in
    corpus)
      cp -r "$here/corpus/$name" "$dest"
      echo "corpus/$name"
      ;;
    std)
      local src
      src="$(go env GOROOT)/src/$name"
      [[ -d $src ]] || { echo "no such package: $name" >"$logs/error.txt"; return 3; }
      mkdir -p "$dest"
      cp "$src"/*.go "$dest/"
      [[ -d $src/testdata ]] && cp -r "$src/testdata" "$dest/"
      chmod -R u+w "$dest"
      printf 'module std/%s\n\ngo %s\n' "${name//\//_}" "$(go env GOVERSION | sed -E 's/^go([0-9]+\.[0-9]+).*/\1/')" >"$dest/go.mod"
      if ! (cd "$dest" && go vet . >"$logs/copy_check.txt" 2>&1); then
        echo "copy does not build: $(grep -v '^#' "$logs/copy_check.txt" | head -2 | tr '\n' ' ')" >"$logs/error.txt"
        return 3
      fi
      echo "GOROOT/src/$name"
      ;;
    real|binary)
      local mod=${name%@*} ver=${name#*@} src
      src=$(module_dir "$mod" "$ver")
      fresh_copy "$src" "$dest"
      (cd "$dest" && complete_sums "$src")
      ;;
  esac
}

# Replays every fuzz test of the module in $1 with its corpus; profile to $2, exit code echoed.
replay() { # dir profile log
  local rc=0
  (cd "$1" && timeout -k 10 "$TEST_TIMEOUT" go test -count=1 -run '^Fuzz' -covermode=count \
    -coverprofile="$2" ./... >"$3" 2>&1) || rc=$?
  echo "$rc"
}

# Removes heatseed's seed files (manifest `seeds`) from the tree $1; writes the literal arm's
# files when $2 is "literal". Seed paths are relative to their package's directory.
arm_files() { # dir zero|literal
  (cd "$1" && go list -f '{{.ImportPath}}|{{.Dir}}' ./... 2>/dev/null) >"$1/.reach_pkgs"
  python3 - "$1" "$2" "$LIT_SEED" <<'PY'
import json, os, random, re, sys
root, arm, lit_seed = sys.argv[1], sys.argv[2], sys.argv[3]
pkgs = dict(l.rstrip("\n").split("|", 1) for l in open(os.path.join(root, ".reach_pkgs")) if "|" in l)
os.remove(os.path.join(root, ".reach_pkgs"))
man = json.load(open(os.path.join(root, ".heatseed", "manifest.json")))
seeds = man.get("seeds", [])
def seed_path(s):
    d = pkgs.get(s["package"], root)
    p = os.path.join(d, s["file"])
    return p if os.path.exists(p) else os.path.join(root, s["file"])
removed = 0
for s in seeds:
    p = seed_path(s)
    if os.path.exists(p):
        os.remove(p)
        removed += 1
if arm == "zero":
    print(f"removed {removed} of {len(seeds)} manifest seed files")
    sys.exit(0)

TOKEN = re.compile(r"""//[^\n]*|/\*.*?\*/|`[^`]*`|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])+'"""
                   r"""|\b[A-Za-z_]\w*\b|\.?\d[\w.]*(?:[eEpP][+-]\d+)?""", re.S)
ESC = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92, "'": 39, '"': 34}
def unquote(body):
    """Bytes of a Go interpreted string / char literal body."""
    out, i = bytearray(), 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out += c.encode()
            i += 1
            continue
        e = body[i + 1]
        if e in ESC:
            out.append(ESC[e]); i += 2
        elif e == "x":
            out.append(int(body[i + 2:i + 4], 16)); i += 4
        elif e in "uU":
            n = 4 if e == "u" else 8
            out += chr(int(body[i + 2:i + 2 + n], 16)).encode("utf-8", "surrogatepass"); i += 2 + n
        else:
            out.append(int(body[i + 1:i + 4], 8) & 255); i += 4
    return bytes(out)
def number(tok):
    t = tok.replace("_", "")
    try:
        if re.fullmatch(r"0[0-7]+", t):
            return int(t, 8)
        if re.fullmatch(r"0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|\d+", t):
            return int(t, 0)
        return float(t)
    except ValueError:
        return None
pools = {}
def pool(pkg):
    if pkg in pools:
        return pools[pkg]
    strs, nums = [], []
    d = pkgs.get(pkg)
    for f in sorted(os.listdir(d)) if d else []:
        if not f.endswith(".go") or f.endswith("_test.go") or f.startswith("heatseed_"):
            continue
        for m in TOKEN.finditer(open(os.path.join(d, f), errors="replace").read()):
            t = m.group(0)
            if t.startswith("//") or t.startswith("/*") or t[0].isalpha() or t[0] == "_":
                continue
            try:
                if t[0] == "`":
                    strs.append(t[1:-1].replace("\r", "").encode())
                elif t[0] == '"':
                    strs.append(unquote(t[1:-1]))
                elif t[0] == "'":
                    b = unquote(t[1:-1])
                    nums.append(ord(b.decode("utf-8", "replace")[0]) if b else 0)
                else:
                    n = number(t)
                    if n is not None:
                        nums.append(n)
            except (ValueError, IndexError):
                continue
    pools[pkg] = (strs, nums)
    return pools[pkg]
BITS = {"int": 64, "int8": 8, "int16": 16, "int32": 32, "rune": 32, "int64": 64,
        "uint": 64, "uint8": 8, "byte": 8, "uint16": 16, "uint32": 32, "uint64": 64, "uintptr": 64}
def quote(b):
    s = ""
    for x in b:
        c = chr(x)
        if c == "\\" or c == '"':
            s += "\\" + c
        elif c == "\n":
            s += "\\n"
        elif 32 <= x < 127:
            s += c
        else:
            s += f"\\x{x:02x}"
    return '"' + s + '"'
def value(typ, rng, strs, nums):
    if typ in ("string", "[]byte"):
        return f"{typ}({quote(rng.choice(strs) if strs else b'')})"
    if typ == "bool":
        return f"bool({rng.choice(['true', 'false'])})"
    if typ in BITS:
        ints = [int(n) for n in nums if isinstance(n, int)]
        v, b = (rng.choice(ints) if ints else 0), BITS[typ]
        v %= 1 << b
        if not typ.startswith("u") and typ != "byte" and v >= 1 << (b - 1):
            v -= 1 << b
        return f"{typ}({v})"
    if typ in ("float32", "float64"):
        v = float(rng.choice(nums)) if nums else 0.0
        return f"{typ}({v!r})"
    raise ValueError(f"type {typ}")
per_test = {}
for s in seeds:
    k = (s["package"], s["fuzz_test"])
    n, types = per_test.get(k, (0, None))
    per_test[k] = (n + 1, types or [v.split("(", 1)[0] for v in s["values"]])
written, notes = 0, []
for (pkg, ft), (n, types) in sorted(per_test.items()):
    rng = random.Random(f"{lit_seed}:{pkg}:{ft}")
    strs, nums = pool(pkg)
    d = os.path.join(pkgs.get(pkg, root), "testdata", "fuzz", ft)
    os.makedirs(d, exist_ok=True)
    try:
        for i in range(n):
            vals = [value(t, rng, strs, nums) for t in types]
            with open(os.path.join(d, f"reach-literal-{i:03d}"), "w") as f:
                f.write("go test fuzz v1\n" + "".join(v + "\n" for v in vals))
            written += 1
    except ValueError as e:
        notes.append(f"{ft}: {e}")
print(f"wrote {written} literal seed files for {len(per_test)} fuzz tests" +
      (f"; unsupported: {', '.join(notes[:5])}" if notes else ""))
PY
}

# A subject's name in rows and slugs: module@version, or module/pkg@version for an entry whose
# weak heatmap is one package other than the root (several entries of one module stay apart).
label_of() { # module@version pkg
  if [[ -z $2 || $2 == . ]]; then echo "$1"; else echo "${1%@*}/$2@${1#*@}"; fi
}

# One subject in one mode (run as a child process so a failure cannot end the whole run).
one() { # set name mode
  local set=$1 name=$2 mode=$3 pkg="" tests="" extra="" label=$2
  if [[ $set == real || $set == binary ]]; then
    IFS='|' read -r name pkg tests extra <<<"$name"
    label=$(label_of "$name" "$pkg")
  fi
  local slug="$set-${label//\//_}-$mode"
  local work="$CACHE/work/$slug" logs="$CACHE/logs/$slug"
  chmod -R u+w "$work" 2>/dev/null || true
  rm -rf "$work" "$logs" && mkdir -p "$work" "$logs/tmp"
  local origin
  origin=$(prepare "$set" "$name" "$work/base" "$logs") || return 3
  cd "$work/base"
  local run_desc cover_rc=0
  run_desc=$(heatmap "$mode" "$pkg" "$tests" "$extra" "$logs/cover.out" "$logs/cover_test.txt") || cover_rc=$?
  [[ -s $logs/cover.out ]] || { echo "no heatmap (go test rc $cover_rc): $(tail -3 "$logs/cover_test.txt" | tr '\n' ' ')" >"$logs/error.txt"; return 3; }
  cd "$CACHE"
  cp -r "$work/base" "$work/heatseed"
  local t0 t1 gen_rc=0
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  TMPDIR="$logs/tmp" timeout -k 10 "$GEN_TIMEOUT" "$HEATSEED" generate --root "$work/heatseed" \
    --profile "$logs/cover.out" --format json $GEN_ARGS >"$logs/gen.json" 2>"$logs/gen.stderr" || gen_rc=$?
  t1=$(date +%s.%N)
  local notes=()
  [[ $gen_rc == 0 ]] || notes+=("generate rc $gen_rc: $(tail -2 "$logs/gen.stderr" | tr '\n' ' ' | cut -c1-200)")
  if [[ ! -f $work/heatseed/.heatseed/manifest.json ]]; then
    # Nothing written (every target skipped, or generate failed): the three arms are the same tree.
    [[ $gen_rc == 0 ]] || { echo "generate rc $gen_rc wrote nothing: $(tail -3 "$logs/gen.stderr" | tr '\n' ' ' | cut -c1-300)" >"$logs/error.txt"; return 3; }
    notes+=("generate wrote nothing: $(python3 -c 'import collections,json,re,sys; t=json.load(open(sys.argv[1]))["targets"]; c=collections.Counter(re.split(r"[:(]", x["skipped"] or "seeded")[0] for x in t); print(len(t), "targets;", ", ".join(f"{n} {k}" for k, n in c.most_common(3)))' "$logs/gen.json" 2>/dev/null || echo '?')")
    mkdir -p "$work/heatseed/.heatseed"
    echo '{"seeds": []}' >"$work/heatseed/.heatseed/manifest.json"
  fi
  cp -r "$work/heatseed" "$work/zero"
  notes+=("zero: $(arm_files "$work/zero" zero)")
  cp -r "$work/zero" "$work/literal"
  notes+=("literal: $(arm_files "$work/literal" literal)")
  local a rcs=() rc
  for a in heatseed zero; do
    rcs+=("$(replay "$work/$a" "$logs/replay_$a.out" "$logs/replay_$a.txt")")
  done
  # A literal seed that fails its fuzz test is what a fuzzer would report as a crasher and move
  # past; in a replay it ends the package's test binary before the profile is written. So failing
  # literal seeds are removed (counted in the notes) and the replay is run again, up to 5 times.
  local crashed=0 failed i
  for i in 1 2 3 4 5 6; do
    rc=$(replay "$work/literal" "$logs/replay_literal.out" "$logs/replay_literal.txt")
    [[ $rc != 0 && $i -lt 6 ]] || break
    failed=$(grep -oE -- '--- FAIL: Fuzz[A-Za-z0-9_]*/reach-literal-[0-9]+' "$logs/replay_literal.txt" | sed 's/^--- FAIL: //' | sort -u || true)
    [[ -n $failed ]] || break
    cp "$logs/replay_literal.txt" "$logs/replay_literal.$i.txt"
    for f in $failed; do
      find "$work/literal" -path "*/testdata/fuzz/$f" -delete
      crashed=$((crashed + 1))
    done
  done
  rcs+=("$rc")
  ((crashed == 0)) || notes+=("literal: $crashed seeds failed their fuzz test (crashers) and were removed before the replay")
  python3 - "$logs" "$RESULTS" "$set" "$label" "$mode" "$origin" "$run_desc" "$cover_rc" "$gen_rc" \
    "$(python3 -c "print(round($t1-$t0,1))")" "${rcs[*]}" "$work/heatseed/.heatseed/manifest.json" \
    "$(printf '%s\n' "${notes[@]}")" <<'PY'
import json, os, sys
(logs, results, set_, name, mode, origin, run_desc, cover_rc, gen_rc, secs, rcs, manifest,
 notes) = sys.argv[1:]
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
cold = {k: n for k, (n, c) in blocks(os.path.join(logs, "cover.out")).items() if c == 0}
row = {"set": set_, "module": name, "mode": mode, "origin": origin, "heatmap": run_desc,
       "heatmap_go_test_rc": int(cover_rc), "statements": sum(n for n, _ in
       blocks(os.path.join(logs, "cover.out")).values()), "cold": sum(cold.values()),
       "generate_rc": int(gen_rc), "generate_seconds": float(secs), "error": None,
       "notes": [n for n in notes.splitlines() if n]}
for arm, rc in zip(("heatseed", "zero", "literal"), rcs.split()):
    b = blocks(os.path.join(logs, f"replay_{arm}.out"))
    row[f"replay_rc_{arm}"] = int(rc)
    if b is None:
        row["notes"].append(f"{arm}: replay wrote no profile (rc {rc})")
        b = {}
    elif int(rc) != 0:
        row["notes"].append(f"{arm}: replay rc {rc}")
    row[f"covered_{arm}"] = sum(n for k, n in cold.items() if b.get(k, (0, 0))[1] > 0)
man = json.load(open(manifest))
seeds = man.get("seeds", [])
row["kept_seeds"] = len(seeds)
row["seeded_fuzz_tests"] = len({(s["package"], s["fuzz_test"]) for s in seeds})
try:
    rep = json.load(open(os.path.join(logs, "gen.json")))
    row["minimize"] = {k: v for k, v in (rep.get("minimize") or {}).items() if k != "decisions"}
    row["findings"] = len(rep.get("findings", []))
    row["targets"] = len(rep.get("targets", []))
except (OSError, ValueError):
    pass
with open(results, "a") as f:
    f.write(json.dumps(row) + "\n")
PY
}

if [[ ${1:-} == --one ]]; then
  one "$2" "$3" "$4"
  exit $?
fi

if [[ -z ${HEATSEED:-} ]]; then
  (cd "$here" && cargo build --release -q)
  HEATSEED="$here/target/release/heatseed"
fi
export HEATSEED CACHE GEN_TIMEOUT TEST_TIMEOUT GEN_ARGS LIT_SEED
mkdir -p "$CACHE/work" "$CACHE/logs"
RESULTS=${RESULTS:-$CACHE/results-$(date -u +%Y%m%dT%H%M%SZ).jsonl}
export RESULTS
: >"$RESULTS"

subjects=()
for s in $SETS; do
  case $s in
    corpus) for m in $CORPUS_MODS; do subjects+=("corpus	$m"); done ;;
    std) for p in $STD_PKGS; do subjects+=("std	$p"); done ;;
    real) for e in "${MODULES[@]}"; do subjects+=("real	$e"); done ;;
    binary) for e in "${BINARY_MODULES[@]}"; do subjects+=("binary	$e"); done ;;
    *) echo "unknown set: $s" >&2; exit 2 ;;
  esac
done

for entry in "${subjects[@]}"; do
  IFS=$'\t' read -r set name <<<"$entry"
  if [[ -n $ONLY ]]; then
    keep=0
    for w in $ONLY; do [[ ${name%%|*} == *"$w"* ]] && keep=1; done
    ((keep)) || continue
  fi
  label=${name%%|*}
  if [[ $set == real || $set == binary ]]; then
    IFS='|' read -r m p _ <<<"$name"
    label=$(label_of "$m" "$p")
  fi
  for mode in $MODES; do
    echo "== $set $label ($mode)" >&2
    slug="$set-$label"
    slug="${slug//\//_}-$mode"
    rc=0
    bash "$0" --one "$set" "$name" "$mode" >"$CACHE/$slug.out" 2>&1 || rc=$?
    if [[ $rc != 0 ]]; then
      reason=$(cat "$CACHE/logs/$slug/error.txt" 2>/dev/null || tail -3 "$CACHE/$slug.out" | tr '\n' ' ')
      python3 -c 'import json,sys; print(json.dumps({"set": sys.argv[1], "module": sys.argv[2], "mode": sys.argv[3], "error": f"rc {sys.argv[4]}: {sys.argv[5].strip()}"[:600]}))' \
        "$set" "$label" "$mode" "$rc" "$reason" >>"$RESULTS"
    fi
  done
done

table "$RESULTS"
echo "results: $RESULTS; logs and scratch copies: $CACHE/{logs,work}" >&2
