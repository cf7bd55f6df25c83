#!/usr/bin/env bash
# Build seed corpora for the fuzz targets: every tests/fuzz/seeds.d/*.sh
# script fills OUT/fuzz_<name>/ for its own targets. Scripts are expected to
# be quick and idempotent (they reuse the download cache and build dir).
set -euo pipefail
out=${1:?usage: seeds.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
for s in "$here"/seeds.d/*.sh; do
	[ -e "$s" ] || continue
	bash "$s" "$out" || echo "warning: seed script $(basename "$s") failed; fuzzing without its seeds"
done
