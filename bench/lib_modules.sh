# Shared by bench/real_modules.sh and bench/reach.sh (sourced, not run): the pinned real-module
# list, fresh writable copies of module-cache directories, go.sum completion and the weak/full
# heatmap commands. Sourcing it defines functions and the MODULES array only; it runs nothing.

# module@version | package for the weak heatmap | weak tests ("" = first two ^Test in byte
# order) | extra test-binary flags for the weak run
MODULES=(
  "github.com/BurntSushi/toml@v1.5.0|.||"
  "github.com/Masterminds/semver/v3@v3.4.0|.||"
  "github.com/hashicorp/go-version@v1.7.0|.||"
  "github.com/google/uuid@v1.6.0|.||"
  # gopkg.in/check.v1 suite: one Go test (Test) runs every suite method; -check.f picks two.
  "gopkg.in/yaml.v3@v3.0.1|.|Test|-check.f S\\.TestDecoder(SingleDocument)?\$"
  "github.com/tidwall/gjson@v1.18.0|.||"
  "github.com/blang/semver/v4@v4.0.0|.||"
  "github.com/buger/jsonparser@v1.1.1|.||"
  # Not a parser: a log writer (files, rotation), for the side-effect checks.
  "gopkg.in/natefinch/lumberjack.v2@v2.2.1|.||"
)

# Decoders of binary formats whose tests read files under testdata/ (bench/reach.sh SETS=binary),
# same fields; the weak heatmap is one package's first two tests.
BINARY_MODULES=(
  "golang.org/x/image@v0.48.0|bmp||"
  "golang.org/x/image@v0.48.0|webp||"
  "golang.org/x/image@v0.48.0|tiff||"
  "golang.org/x/image@v0.48.0|ccitt||"
  "github.com/gabriel-vasile/mimetype@v1.4.16|.||"
  "github.com/pierrec/lz4/v4@v4.1.33|.||"
)

# Files under a tree, one "sha256  path" a line (what appeared or changed between two points).
snapshot() { (cd "$1" && find . -type f ! -path './.git/*' -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum); }

# The module cache directory of module@version (downloaded through the proxy when missing).
module_dir() { # module version
  go mod download -json "$1@$2" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("Dir") or ""); sys.exit(1 if d.get("Error") else 0)'
}

# Completes go.sum (in the current directory, a copy of module dir $1) so that `go test ./...`
# builds; echoes how.
complete_sums() {
  go mod download >/dev/null 2>&1 || true
  if go list -deps -test ./... >/dev/null 2>&1; then echo "as shipped"; return; fi
  local reqs
  reqs=$(go mod edit -json | python3 -c 'import json,sys; print(" ".join(r["Path"]+"@"+r["Version"] for r in json.load(sys.stdin).get("Require") or []))')
  # shellcheck disable=SC2086
  [[ -n $reqs ]] && go mod download $reqs >/dev/null 2>&1 || true
  if go list -deps -test ./... >/dev/null 2>&1; then echo "go mod download of go.mod's requirements"; return; fi
  go mod tidy >/dev/null 2>&1
  echo "go mod tidy (go.mod changed: $(git diff --no-index --stat "$1/go.mod" go.mod 2>/dev/null | tail -1 || true))"
}

# A fresh writable copy of the module cache dir $1 at $2.
fresh_copy() {
  chmod -R u+w "$2" 2>/dev/null || true
  rm -rf "$2"
  cp -r "$1" "$2"
  chmod -R u+w "$2"
}

# The heatmap of the module in the current directory, written to $out; echoes the run's
# description and returns go test's exit code.
#   weak: one or two of the package's own tests: the named tests, or the first two `^Test`
#         names of the package in byte order (`go test -list '^Test'`); with pkg "" every
#         package of the module gets its own first two tests, the profiles concatenated
#         (one mode line; go tool cover and heatseed accept per-binary fragments);
#   full: the whole suite, `go test -coverprofile ./...`.
heatmap() { # mode pkg tests extra out log
  local mode=$1 pkg=$2 tests=$3 extra=$4 out=$5 log=$6 rc=0
  if [[ $mode == full ]]; then
    echo "./..."
    go test -count=1 -covermode=count -coverprofile="$out" ./... >"$log" 2>&1 || rc=$?
    return $rc
  fi
  if [[ -n $pkg ]]; then
    if [[ -z $tests ]]; then
      tests=$(go test -list '^Test' "./$pkg" | grep '^Test' | LC_ALL=C sort | head -2 | paste -sd'|' - || true)
    fi
    echo "-run '^($tests)\$' ./$pkg $extra"
    # shellcheck disable=SC2086
    go test -count=1 -covermode=count -coverprofile="$out" -run "^($tests)\$" "./$pkg" $extra \
      >"$log" 2>&1 || rc=$?
    return $rc
  fi
  local p t frag="$out.frag" desc=()
  echo "mode: count" >"$out"
  : >"$log"
  for p in $(go list ./...); do
    t=$(go test -list '^Test' "$p" 2>/dev/null | grep '^Test' | LC_ALL=C sort | head -2 | paste -sd'|' - || true)
    # A package without tests still gets its statements into the heatmap (all cold).
    [[ -n $t ]] || t='^$'
    desc+=("$p:${t}")
    rm -f "$frag"
    go test -count=1 -covermode=count -coverprofile="$frag" -run "^($t)\$" "$p" >>"$log" 2>&1 || rc=$?
    [[ -f $frag ]] && tail -n +2 "$frag" >>"$out"
  done
  rm -f "$frag"
  echo "per package, first two ^Test: ${desc[*]}"
  return $rc
}
