#!/usr/bin/env bash
# Real-module trial: heatseed as a new user would run it on popular pure-Go modules fetched
# through the Go module proxy at pinned versions, and whether what it writes keeps the module
# healthy.
#
# For every module in MODULES (below) and every mode in $MODES:
#   weak  heatmap from one or two of the module's own tests: the first two `^Test` names of the
#         package in byte order (`go test -list '^Test'`), or the tests named in the list;
#   full  heatmap from the whole suite (`go test -coverprofile ./...`).
# each in a fresh writable copy of the module (the module cache copy is read-only):
#   1. go.sum completed (`go mod download` of go.mod's requirements; `go mod tidy` only when
#      that is not enough, noted in the results), a baseline `go test -count=2 ./...` and
#      `go vet ./...` before heatseed writes anything (so the module's own failures are known);
#   2. the heatmap: go test -count=1 -covermode=count -coverprofile=cover.out ...;
#   3. heatseed generate --root <copy> --profile cover.out --format json (under `timeout`,
#      exit code and wall time recorded, TMPDIR private so leaked temp entries are counted);
#   4. go vet ./... (diagnostics that point at heatseed_fuzz_test.go / heatseed_gofuzz.go),
#      gofmt -l on heatseed's files, go test -count=2 ./... (under `timeout`): failures that
#      the baseline did not have, and files the tests left behind that the baseline's did not;
#   5. checks `go test -count=2` cannot make: a second `go test` in the same TMPDIR (files a
#      harness left in os.TempDir()), the package's own Test functions replayed after every fuzz
#      target (package state a harness left changed: -count=2 runs all Tests before any Fuzz),
#      and the fuzz targets' replay under strace in a private network namespace (connects,
#      execs, files written/removed that only heatseed's harnesses cause). Needs strace, unshare
#      and root for the last one (skipped with a note without strace).
# It prints one row per module and mode and appends the same as JSON lines to $RESULTS.
#
#   bash bench/real_modules.sh                       # builds this worktree (cargo build --release)
#   HEATSEED=/path/to/heatseed bash bench/real_modules.sh   # another build, e.g. main's
#   ONLY='uuid yaml' MODES=weak bash bench/real_modules.sh  # a subset (substring of module path)
#
# Environment: HEATSEED (binary; default: this worktree's release build), CACHE (default
# ~/.cache/heatseed/real-modules; scratch copies, logs, results), RESULTS (default
# $CACHE/results.jsonl; truncated at the start of a run), MODES ("weak full"), ONLY (module
# filter), GEN_TIMEOUT (seconds for generate, 600), TEST_TIMEOUT (seconds per go test, 900),
# GEN_ARGS (extra generate flags). Needs go, python3, timeout; reaches only the Go module proxy.
# Modules run one after another (the machine is small). Nothing is written outside $CACHE
# except Go's module and build caches.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${CACHE:-$HOME/.cache/heatseed/real-modules}
RESULTS=${RESULTS:-$CACHE/results.jsonl}
MODES=${MODES:-weak full}
ONLY=${ONLY:-}
GEN_TIMEOUT=${GEN_TIMEOUT:-600}
TEST_TIMEOUT=${TEST_TIMEOUT:-900}
GEN_ARGS=${GEN_ARGS:-}

# shellcheck source=bench/lib_modules.sh
source "$here/bench/lib_modules.sh"

if [[ -z ${HEATSEED:-} ]]; then
  (cd "$here" && cargo build --release -q)
  HEATSEED="$here/target/release/heatseed"
fi
mkdir -p "$CACHE/work" "$CACHE/logs"
: >"$RESULTS"
export GOFLAGS=${GOFLAGS:-} GOTOOLCHAIN=local

# go test -json output → one line: "N failed: a, b (build failed: p)"; writes the names to $2.
failures() {
  python3 - "$1" "$2" <<'PY'
import json, sys
fails, builds = set(), set()
for line in open(sys.argv[1], errors="replace"):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    a = e.get("Action")
    if a == "fail" and e.get("Test"):
        fails.add(e["Package"].rsplit("/", 1)[-1] + "." + e["Test"])
    elif a == "fail" and not e.get("Test"):
        fails.add(e.get("Package", "?") + " (package)")
    elif a == "build-fail":
        builds.add(e.get("ImportPath", "?"))
names = sorted(fails) + ["build:" + b for b in sorted(builds)]
open(sys.argv[2], "w").write("\n".join(names) + ("\n" if names else ""))
PY
}

# `go test -count=2` runs every Test twice before any Fuzz target, so a harness that leaves the
# package changed cannot fail the user's Test functions there. This check runs, after all the
# package's fuzz targets (heatseed's file sorts before zzz_), a bench-owned fuzz test that calls
# the package's own internal Test functions again; once with heatseed's harnesses, once
# without. Writes the go test -json output to $2.
leak_check() { # with|without out.json
  local d name tests f
  while IFS='|' read -r d name files; do
    [[ -f $d/heatseed_fuzz_test.go ]] || continue
    tests=$(cd "$d" && grep -ohE '^func Test[A-Z_0-9][A-Za-z0-9_]*\(\w+ \*testing\.T\)|^func Test\(\w+ \*testing\.T\)' $files 2>/dev/null | sed -E 's/^func (\w+)\(.*/\1/' | LC_ALL=C sort -u || true)
    [[ -n $tests ]] || continue
    f="$d/zzz_heatseed_bench_leak_test.go"
    {
      printf 'package %s\n\nimport "testing"\n\n// Bench-owned (bench/real_modules.sh): the package'"'"'s own tests after every fuzz target.\n' "$name"
      printf 'func FuzzZZZHeatseedBenchLeak(f *testing.F) {\n\tf.Add(byte(0))\n\tf.Fuzz(func(t *testing.T, _ byte) {\n'
      for tn in $tests; do printf '\t\tt.Run("%s", %s)\n' "$tn" "$tn"; done
      printf '\t})\n}\n'
    } >"$f"
    if [[ $1 == without ]]; then mv "$d/heatseed_fuzz_test.go" "$d/heatseed_fuzz_test.go.off"; fi
  done < <(go list -f '{{.Dir}}|{{.Name}}|{{join .TestGoFiles " "}}' ./... 2>/dev/null)
  mkdir -p "$2.tmp"
  TMPDIR="$2.tmp" timeout -k 10 "$TEST_TIMEOUT" go test -count=1 -json -run '^Fuzz' ./... >"$2" 2>&1 || true
  find . -name zzz_heatseed_bench_leak_test.go -delete
  find . -name heatseed_fuzz_test.go.off -exec sh -c 'mv "$1" "${1%.off}"' _ {} \;
}

# Side effects of the fuzz targets' replay (`-test.run ^Fuzz`): the package's test binary run
# under strace in a network namespace of its own (loopback only, so nothing leaves the
# machine), once with heatseed's harnesses and once without; what only the first run does
# (connect to a non-unix address, execve, a file created/written/removed/renamed, a signal
# sent) is written to $2, one line each.
side_effects() { # logs out.txt
  local d rel bin mode
  : >"$2"
  command -v strace >/dev/null || { echo "strace not installed" >"$2"; return; }
  while IFS='|' read -r d; do
    [[ -f $d/heatseed_fuzz_test.go ]] || continue
    rel=${d#"$PWD"}
    bin="$1/pkg.test"
    for mode in with without; do
      [[ $mode == without ]] && mv "$d/heatseed_fuzz_test.go" "$d/heatseed_fuzz_test.go.off"
      rm -f "$bin"
      go test -c -o "$bin" "./${rel#/}" >/dev/null 2>&1 || true
      [[ $mode == without ]] && mv "$d/heatseed_fuzz_test.go.off" "$d/heatseed_fuzz_test.go"
      [[ -x $bin ]] || continue
      mkdir -p "$1/strace_tmp"
      (cd "$d" && TMPDIR="$1/strace_tmp" timeout -k 10 "$TEST_TIMEOUT" unshare -n sh -c 'ip link set lo up 2>/dev/null; exec "$@"' _ \
        strace -f -qq -s 200 -o "$1/strace.$mode" \
        -e trace=connect,execve,openat,creat,unlink,unlinkat,rename,renameat,renameat2,mkdir,mkdirat,kill,tgkill \
        "$bin" -test.run '^Fuzz' -test.count=1 >/dev/null 2>&1) || true
    done
    python3 - "$1/strace.with" "$1/strace.without" "${rel:-/}" >>"$2" <<'PY'
import re, sys
def effects(path):
    out = set()
    try:
        lines = open(path, errors="replace").read().splitlines()
    except OSError:
        return out
    first_exec = True
    for l in lines:
        l = re.sub(r"^\d+\s+", "", l)
        m = re.match(r"(\w+)\((.*)\)\s+=\s+(-?\d+|\?)", l)
        if not m:
            continue
        call, args = m.group(1), m.group(2)
        if call == "connect":
            if "AF_UNIX" in args or "AF_NETLINK" in args:
                continue
            a = re.search(r'sin6?_addr=[^,}]*|inet_addr\("[^"]*"\)|inet_pton\([^)]*\)', args)
            p = re.search(r"sin6?_port=htons\((\d+)\)", args)
            out.add(f"connect {a.group(0) if a else args[:80]} port {p.group(1) if p else '?'}")
        elif call == "execve":
            if first_exec:
                first_exec = False
                continue
            out.add("execve " + args.split(",")[0])
        elif call in ("openat", "creat"):
            if call == "openat" and not re.search(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC", args):
                continue
            f = re.search(r'"([^"]*)"', args)
            name = f.group(1) if f else args[:80]
            if name.startswith("/dev/") or name.startswith("/proc/"):
                continue
            out.add(f"write {name}")
        elif call in ("kill", "tgkill"):
            if "SIGURG" in args:  # the Go scheduler's preemption signal
                continue
            out.add(f"{call} {args}")
        else:
            f = re.search(r'"([^"]*)"', args)
            out.add(f"{call} {f.group(1) if f else args[:80]}")
    # Per-run temp names (t.TempDir, os.CreateTemp) differ between runs: digits out.
    return {re.sub(r"\d{3,}", "N", e) for e in out}
new = sorted(effects(sys.argv[1]) - effects(sys.argv[2]))
for e in new[:40]:
    print(f"{sys.argv[3]}: {e}")
PY
    rm -f "$bin" "$1/strace.with" "$1/strace.without"
  done < <(go list -f '{{.Dir}}' ./... 2>/dev/null)
}

# A second `go test` invocation in the same TMPDIR: what the first left there (a file in
# os.TempDir()) must not break the next run.
gotest_again() { # dir out.json tmpdir
  (cd "$1" && TMPDIR=$3 timeout -k 10 "$TEST_TIMEOUT" go test -count=1 -json ./... >"$2" 2>&1) || true
}

gotest2() { # dir out.json tmpdir → rc (TMPDIR private: what the tests leave there is counted)
  local rc=0
  mkdir -p "$3"
  (cd "$1" && TMPDIR=$3 timeout -k 10 "$TEST_TIMEOUT" go test -count=2 -json ./... >"$2" 2>&1) || rc=$?
  echo "$rc"
}

trial() { # mod ver pkg tests extra mode
  local mod=$1 ver=$2 pkg=$3 tests=$4 extra=$5 mode=$6
  local slug=${mod//\//_}@$ver
  local src work logs
  src=$(module_dir "$mod" "$ver")
  work="$CACHE/work/$slug-$mode" logs="$CACHE/logs/$slug-$mode"
  rm -rf "$logs" && mkdir -p "$logs/tmp"
  fresh_copy "$src" "$work"
  cd "$work"
  local sums
  sums=$(complete_sums "$src")
  # Baseline: the module as shipped (plus go.sum), nothing of heatseed's.
  snapshot . >"$logs/before_base.sha"
  local base_rc
  base_rc=$(gotest2 . "$logs/base_test.json" "$logs/base_tmp")
  failures "$logs/base_test.json" "$logs/base_fail.txt"
  gotest_again . "$logs/base_again.json" "$logs/base_tmp"
  failures "$logs/base_again.json" "$logs/base_again_fail.txt"
  snapshot . >"$logs/after_base.sha"
  go vet ./... >"$logs/base_vet.txt" 2>&1 || true
  # The module's own tests may leave files: start the heatseed run from a fresh copy again.
  cd "$CACHE"
  fresh_copy "$src" "$work"
  cd "$work"
  complete_sums "$src" >/dev/null
  local run_desc cover_rc=0
  run_desc=$(heatmap "$mode" "$pkg" "$tests" "$extra" "$logs/cover.out" "$logs/cover_test.txt") || cover_rc=$?
  snapshot . >"$logs/before_gen.sha"
  local t0 t1 gen_rc=0
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  TMPDIR="$logs/tmp" timeout -k 10 "$GEN_TIMEOUT" "$HEATSEED" generate --root "$work" \
    --profile "$logs/cover.out" --format json $GEN_ARGS >"$logs/gen.json" 2>"$logs/gen.stderr" || gen_rc=$?
  t1=$(date +%s.%N)
  snapshot . >"$logs/after_gen.sha"
  find . \( -name heatseed_fuzz_test.go -o -name heatseed_gofuzz.go \) -print | LC_ALL=C sort >"$logs/heatseed_files.txt"
  go vet ./... >"$logs/vet.txt" 2>&1 || true
  local gofmt_out=""
  if [[ -s $logs/heatseed_files.txt ]]; then
    gofmt_out=$(xargs gofmt -l <"$logs/heatseed_files.txt" 2>&1 || true)
  fi
  printf '%s' "$gofmt_out" >"$logs/gofmt.txt"
  local test_rc
  test_rc=$(gotest2 . "$logs/test.json" "$logs/test_tmp")
  failures "$logs/test.json" "$logs/test_fail.txt"
  gotest_again . "$logs/again.json" "$logs/test_tmp"
  failures "$logs/again.json" "$logs/again_fail.txt"
  snapshot . >"$logs/after_test.sha"
  side_effects "$logs" "$logs/side_effects.txt"
  leak_check with "$logs/leak_with.json"
  failures "$logs/leak_with.json" "$logs/leak_with_fail.txt"
  leak_check without "$logs/leak_without.json"
  failures "$logs/leak_without.json" "$logs/leak_without_fail.txt"
  ls -A "$logs/tmp" >"$logs/tmp_left.txt"
  ls -A "$logs/base_tmp" | sed -E 's/[0-9]{3,}/N/g' | LC_ALL=C sort -u >"$logs/base_tmp_left.txt"
  ls -A "$logs/test_tmp" | sed -E 's/[0-9]{3,}/N/g' | LC_ALL=C sort -u >"$logs/test_tmp_left.txt"
  cd "$here"
  python3 - "$logs" "$RESULTS" "$mod@$ver" "$mode" "$run_desc" "$sums" "$cover_rc" "$gen_rc" \
    "$(python3 -c "print(round($t1-$t0,1))")" "$base_rc" "$test_rc" "$GEN_TIMEOUT" <<'PY'
import collections, json, os, re, sys
(logs, results, modver, mode, run_desc, sums, cover_rc, gen_rc, secs, base_rc, test_rc,
 gen_timeout) = sys.argv[1:]
def read(name):
    p = os.path.join(logs, name)
    return open(p, errors="replace").read() if os.path.exists(p) else ""
def shas(name):
    out = {}
    for line in read(name).splitlines():
        h, _, path = line.partition("  ")
        out[path] = h
    return out
def changed(a, b):
    return sorted(p for p, h in b.items() if a.get(p) != h)
try:
    rep = json.loads(read("gen.json"))
except ValueError:
    rep = None
row = {"module": modver, "mode": mode, "heatmap": run_desc, "go_sum": sums,
       "heatmap_go_test_rc": int(cover_rc), "generate_rc": int(gen_rc),
       "generate_timed_out": int(gen_rc) in (124, 137), "generate_seconds": float(secs),
       "generate_stderr": read("gen.stderr")[-2000:]}
if rep:
    t = rep["targets"]
    skipped = [x["skipped"] for x in t if x.get("skipped")]
    # Reasons counted with names taken out, so alike reasons group.
    norm = collections.Counter(
        re.sub(r"`[^`]*`|\b\w*(?:\.\w+)+\b|\b[A-Z]\w*\b|\d+", "_", s)[:90] for s in skipped)
    files = rep["files"]
    row.update({
        "targets": len(t),
        "seeded_targets": sum(1 for x in t if x["seeds"] > 0),
        "seeds": sum(x["seeds"] for x in t),
        "skipped": len(skipped),
        "skip_reasons": norm.most_common(),
        "findings": [{k: f[k] for k in ("package", "fuzz_test", "seed")} |
                     {"output": f["output"][:600]} for f in rep["findings"]],
        "properties": rep.get("properties", []),
        "notes": rep.get("notes", []),
        "file_actions": dict(collections.Counter(f["action"] for f in files)),
    })
hfiles = [l for l in read("heatseed_files.txt").splitlines() if l]
harnesses = 0
for f in hfiles:
    harnesses += len(re.findall(r"(?m)^func Fuzz\w*\(", open(os.path.join(logs, "..", "..", "work",
        os.path.basename(logs), f), errors="replace").read()))
row["harness_files"] = hfiles
row["harnesses"] = harnesses
vet = read("vet.txt").splitlines()
row["vet_heatseed"] = [l for l in vet if "heatseed_" in l]
base_vet = set(read("base_vet.txt").splitlines())
row["vet_new_elsewhere"] = [l for l in vet if l not in base_vet and "heatseed_" not in l
                            and not l.startswith("#")][:20]
row["gofmt_heatseed"] = [l for l in read("gofmt.txt").splitlines() if l]
base_fail = set(read("base_fail.txt").splitlines())
fail = read("test_fail.txt").splitlines()
row["test2_rc"], row["baseline_test2_rc"] = int(test_rc), int(base_rc)
row["test2_failures"] = fail
row["test2_new_failures"] = [f for f in fail if f not in base_fail]
row["baseline_failures"] = sorted(base_fail)
again_base = set(read("base_again_fail.txt").splitlines())
row["rerun_new_failures"] = [f for f in read("again_fail.txt").splitlines() if f not in again_base]
leak_base = set(read("leak_without_fail.txt").splitlines())
row["leak_new_failures"] = [f for f in read("leak_with_fail.txt").splitlines() if f not in leak_base]
gen_new = changed(shas("before_gen.sha"), shas("after_gen.sha"))
row["generate_changed_files"] = len(gen_new)
row["generate_outside_expected"] = [p for p in gen_new if not re.search(
    r"(^|/)(heatseed_fuzz_test\.go|heatseed_gofuzz\.go)$|/testdata/fuzz/|^\./testdata/fuzz/|^\./\.heatseed/", p)]
base_left = set(changed(shas("before_base.sha"), shas("after_base.sha")))
test_left = changed(shas("after_gen.sha"), shas("after_test.sha"))
row["test2_left_files"] = [p for p in test_left if p not in base_left][:20]
row["tmp_left"] = read("tmp_left.txt").split()
base_tmp = set(read("base_tmp_left.txt").split())
row["test2_tmp_left"] = [n for n in read("test_tmp_left.txt").split() if n not in base_tmp]
row["side_effects"] = [l for l in read("side_effects.txt").splitlines() if l]
text = "".join(open(os.path.join(logs, "..", "..", "work", os.path.basename(logs), f),
               errors="replace").read() for f in hfiles)
row["harnesses_without_input"] = re.findall(r"(?m)^func (Fuzz\w+)\(f \*testing\.F\) \{\n\tf\.Add\(\[\]byte\{\}\)\n\tf\.Fuzz\(func\(t \*testing\.T, _ \[\]byte\)", text)
row["twins"] = re.findall(r"(?m)^func (Fuzz\w+_heatseed)\(", text)
row["lines_over_120"] = sum(1 for l in text.splitlines() if len(l.expandtabs(4)) > 120)
with open(results, "a") as out:
    out.write(json.dumps(row) + "\n")
PY
}

for entry in "${MODULES[@]}"; do
  IFS='|' read -r modver pkg tests extra <<<"$entry"
  if [[ -n $ONLY ]]; then
    keep=0
    for w in $ONLY; do [[ $modver == *"$w"* ]] && keep=1; done
    ((keep)) || continue
  fi
  for mode in $MODES; do
    echo "== $modver ($mode)" >&2
    trial "${modver%@*}" "${modver#*@}" "$pkg" "$tests" "$extra" "$mode"
  done
done

python3 - "$RESULTS" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print(f"{'module@version':<40} {'mode':<4} {'targ':>4} {'harn':>4} {'seeds':>5} {'find':>4} "
      f"{'skip':>4} {'gen rc/s':>10} {'vet(hs)':>7} {'gofmt':>5} {'test -count=2':<14} top skip reasons")
print("(test column: green/RED = new failures of go test -count=2 ./...; base:N = the module's own "
      "failures before heatseed; rerun = a second go test in the same TMPDIR; leak = own tests "
      "failing after the fuzz targets; fx = side effects of heatseed's harnesses)")
for r in rows:
    gen = f"{r['generate_rc']}/{r['generate_seconds']:.0f}s" + ("!" if r["generate_timed_out"] else "")
    new = r["test2_new_failures"]
    test = "green" if not new else f"RED({len(new)})"
    if r["baseline_failures"]:
        test += f" base:{len(r['baseline_failures'])}"
    if r["rerun_new_failures"]:
        test += f" rerun:RED({len(r['rerun_new_failures'])})"
    if r["leak_new_failures"]:
        test += f" leak:{len(r['leak_new_failures'])}"
    if r["side_effects"]:
        test += f" fx:{len(r['side_effects'])}"
    vet = "clean" if not r["vet_heatseed"] else f"{len(r['vet_heatseed'])}"
    fmt = "clean" if not r["gofmt_heatseed"] else f"{len(r['gofmt_heatseed'])}"
    reasons = "; ".join(f"{n}x {s}" for s, n in r.get("skip_reasons", [])[:3])
    print(f"{r['module']:<40} {r['mode']:<4} {r.get('targets', '-'):>4} {r['harnesses']:>4} "
          f"{r.get('seeds', '-'):>5} {len(r.get('findings', [])):>4} {r.get('skipped', '-'):>4} "
          f"{gen:>10} {vet:>7} {fmt:>5} {test:<14} {reasons}")
    for f in new:
        print(f"{'':<46}red: {f}")
    for f in r["rerun_new_failures"][:8]:
        print(f"{'':<46}red on a second go test run (same TMPDIR): {f}")
    for f in r["leak_new_failures"][:8]:
        print(f"{'':<46}own tests fail after the fuzz targets (state leak): {f}")
    for l in r["vet_heatseed"][:5]:
        print(f"{'':<46}{l}")
    for l in r["test2_left_files"][:5]:
        print(f"{'':<46}left by go test: {l}")
    for l in r["generate_outside_expected"][:5]:
        print(f"{'':<46}written by generate outside heatseed's files: {l}")
    for l in r["side_effects"][:8]:
        print(f"{'':<46}side effect of heatseed's harnesses: {l}")
    if r["harnesses_without_input"] or r["twins"]:
        print(f"{'':<46}{len(r['harnesses_without_input'])} harnesses ignore their input, "
              f"{len(r['twins'])} _heatseed twins, {r['lines_over_120']} lines over 120 columns")
    if r["test2_tmp_left"]:
        print(f"{'':<46}TMPDIR left by go test -count=2 (not by the baseline): {' '.join(r['test2_tmp_left'][:4])}")
    if r["tmp_left"]:
        print(f"{'':<46}TMPDIR left by generate: {' '.join(r['tmp_left'][:5])}")
PY
echo "results: $RESULTS; logs and scratch copies: $CACHE/{logs,work}" >&2
