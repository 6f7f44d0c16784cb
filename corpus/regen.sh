#!/usr/bin/env bash
# Regenerates the committed coverage profiles of the example modules.
# Each profile is produced inside its module directory with:
#   go test -covermode=count -coverprofile=cover.out ./...
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

for mod in shop confparse shapes; do
	echo "== $mod"
	(
		cd "$here/$mod"
		go test -covermode=count -coverprofile=cover.out ./...
	)
done
