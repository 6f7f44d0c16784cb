#!/usr/bin/env bash
# Regenerates the committed coverage profiles of the example modules.
# Each profile is produced inside its module directory with:
#   go test -covermode=count -coverprofile=cover.out ./...
# plus -count=1. Go 1.26 caches coverage profiles with test results; when a
# cached entry exists but has expired (e.g. after `go clean -testcache`), the
# go command appends the cached profile and then the fresh one, so every
# block shows up two or three times. -count=1 bypasses the test cache and
# keeps the output byte-identical from run to run. -p 1 makes the packages'
# sections come out in package order (in parallel they come in the order tests finish).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

for mod in shop confparse shapes hazards ingest; do
	echo "== $mod"
	(
		cd "$here/$mod"
		go test -p 1 -count=1 -covermode=count -coverprofile=cover.out ./...
	)
done

# reach: a weak heatmap on purpose. Only the weak tests run (TestTable and TestParse hold the
# test-table literals heatseed starts its seeds from, and must not heat the code).
echo "== reach (weak tests only)"
(
	cd "$here/reach"
	go test -p 1 -count=1 -covermode=count -coverprofile=cover.out -run '^(TestWeak|TestParseRejects)$' ./...
)

# The Go >= 1.27 block layout (blocks start inside braces, split at blank lines), for the layout
# tests: the same shop module profiled by Go 1.27.3, fetched by the go command as a toolchain.
echo "== shop (go1.27.3 layout)"
(
	cd "$here/shop"
	GOTOOLCHAIN=go1.27.3 go test -p 1 -count=1 -covermode=count -coverprofile=cover-go1.27.out ./...
)
