#!/usr/bin/env bash
# End-to-end check of `heatseed export --oss-fuzz` with the real libFuzzer toolchain. Not part
# of `cargo test` (tests/export_shim.rs proves the encoding with the shim package in plain Go);
# this one needs clang with libFuzzer (-fsanitize=fuzzer; on Debian: clang-14 and
# libclang-rt-14-dev) and fetches go-118-fuzz-build through the Go module proxy.
#
# 1. A module whose fuzz test takes every type f.Fuzz accepts and prints what it receives, with
#    f.Add seeds and a corpus file of edge values: the values native `go test` hands the fuzz
#    function must be identical to what the libFuzzer binary (go-118-fuzz-build + clang) hands
#    it for every entry of the exported seed corpus zip.
# 2. For each module in $MODULES (default: shop): a copy of corpus/<module> after
#    `heatseed generate`, exported, and the exported build.sh run as OSS-Fuzz runs it, with a
#    local compile_native_go_fuzzer (go-118-fuzz-build -o X.a -func F DIR; $CXX -fsanitize=fuzzer);
#    then every fuzzer runs its unzipped seed corpus with its dictionary (-runs=0 -dict=...).
#
#   bash bench/export_libfuzzer.sh        MODULES='shop confparse' CXX=clang++-14 bash bench/export_libfuzzer.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
(cd "$here" && cargo build -q)
bin="$here/target/debug/heatseed"
CXX=${CXX:-$(command -v clang-14 || command -v clang)}
MODULES=${MODULES:-shop}
export GOFLAGS=-mod=mod GOTOOLCHAIN=local
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shim=$(sed -n 's/^pub const SHIM_VERSION: &str = "\(.*\)";/\1/p' "$here/src/export/shim.rs")
go install "github.com/AdamKorcz/go-118-fuzz-build@$shim"
builder="$(go env GOPATH)/bin/go-118-fuzz-build"

# --- 1. values through libFuzzer == values through go test -----------------------------------
m="$work/show"
mkdir -p "$m/testdata/fuzz/FuzzShow"
printf 'module example.com/show\n\ngo 1.22\n' >"$m/go.mod"
cat >"$m/show_test.go" <<'EOF'
package show

import (
	"fmt"
	"math"
	"os"
	"testing"
)

func FuzzShow(f *testing.F) {
	f.Add([]byte("x"), "héllo", true, byte('a'), 'λ', float32(1.5), -2.25, -7, int8(-128), int16(-300), int32(-70000), int64(-1099511627776), uint(18446744073709551615), uint8(255), uint16(65535), uint32(4294967295), uint64(1))
	f.Add([]byte{}, "", false, byte(0), rune(0), float32(0), 0.0, 0, int8(0), int16(0), int32(0), int64(0), uint(0), uint8(0), uint16(0), uint32(0), uint64(0))
	f.Fuzz(func(t *testing.T, a []byte, b string, c bool, d byte, e rune, g float32, h float64, i int, j int8, k int16, l int32, m int64, n uint, o uint8, p uint16, q uint32, r uint64) {
		fmt.Fprintf(os.Stderr, "VALUES %x %x %t %d %d %08x %016x %d %d %d %d %d %d %d %d %d %d\n", a, b, c, d, e, math.Float32bits(g), math.Float64bits(h), i, j, k, l, m, n, o, p, q, r)
	})
}
EOF
cat >"$m/testdata/fuzz/FuzzShow/edges" <<'EOF'
go test fuzz v1
[]byte("")
string("\xff\x00")
bool(false)
byte('\x00')
rune('\U0010ffff')
float32(-0)
float64(NaN)
int(-9223372036854775808)
int8(127)
int16(-32768)
int32(-2147483648)
int64(9223372036854775807)
uint(0)
uint8(0)
uint16(0)
uint32(0)
uint64(18446744073709551615)
EOF
(cd "$m" && go test -count=1 -run '^FuzzShow$' -v . 2>&1 | grep '^VALUES' | sort) >"$work/native.txt"
"$bin" export --root "$m" --oss-fuzz "$work/show-out" >/dev/null
cp -r "$m" "$work/show-build"
(cd "$work/show-build" && go get "github.com/AdamKorcz/go-118-fuzz-build/testing@$shim" 2>/dev/null &&
  "$builder" -o FuzzShow.a -func FuzzShow . && "$CXX" -fsanitize=fuzzer FuzzShow.a -o FuzzShow)
mkdir "$work/show-seeds"
(cd "$work/show-seeds" && unzip -q "$work/show-out/FuzzShow_seed_corpus.zip")
for f in "$work"/show-seeds/*; do "$work/show-build/FuzzShow" "$f" 2>&1 | grep '^VALUES'; done | sort >"$work/libfuzzer.txt"
if diff "$work/native.txt" "$work/libfuzzer.txt"; then
  echo "every type: $(wc -l <"$work/libfuzzer.txt") seeds, values through libFuzzer identical to go test"
else
  echo "every type: values differ (native < > libFuzzer)" >&2
  exit 1
fi

# --- 2. the exported build.sh, run as OSS-Fuzz runs it ---------------------------------------
compile_native_go_fuzzer() {
  local dir
  dir=$(go list -f '{{.Dir}}' "$1")
  "$builder" -o "$WORK/$3.a" -func "$2" "$dir" >/dev/null
  "$CXX" -fsanitize=fuzzer "$WORK/$3.a" -o "$OUT/$3"
}
export -f compile_native_go_fuzzer
export builder CXX
for mod in $MODULES; do
  src="$work/$mod"
  cp -r "$here/corpus/$mod" "$src"
  "$bin" generate --root "$src" >/dev/null
  "$bin" export --root "$src" --oss-fuzz "$work/$mod-export" >/dev/null
  export OUT="$work/$mod-out" WORK="$work/$mod-work"
  mkdir -p "$OUT" "$WORK"
  (cd "$src" && bash "$work/$mod-export/build.sh")
  fuzzers=0
  inputs=0
  for z in "$OUT"/*_seed_corpus.zip; do
    name=$(basename "$z" _seed_corpus.zip)
    corpus="$WORK/$name-corpus"
    mkdir -p "$corpus"
    (cd "$corpus" && unzip -q "$z")
    dict=()
    [ -f "$OUT/$name.dict" ] && dict=("-dict=$OUT/$name.dict")
    "$OUT/$name" -runs=0 "${dict[@]}" "$corpus" >"$WORK/$name.log" 2>&1 ||
      { echo "$mod: $name failed on its seed corpus:" >&2; tail -20 "$WORK/$name.log" >&2; exit 1; }
    fuzzers=$((fuzzers + 1))
    inputs=$((inputs + $(find "$corpus" -type f | wc -l)))
  done
  echo "$mod: build.sh built $(find "$OUT" -maxdepth 1 -type f -executable | wc -l) fuzzers; $fuzzers ran their seed corpora ($inputs inputs) with their dictionaries, no crash"
done
