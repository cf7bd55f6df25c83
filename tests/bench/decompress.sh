#!/usr/bin/env bash
# Host decompression throughput of each of the seven formats, through
# pvboot's wrappers, on Debian 12's real vmlinux (compressed files made by
# tests/check/20-kernels.sh, which this runs first if needed).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=$(cd "${BUILD:-build}" 2>/dev/null && pwd || echo "$PWD/build")
make -s host >/dev/null
[ -s "$build/kernels/re.zstd" ] || PVBOOT_BUILD=$build bash tests/check/20-kernels.sh >/dev/null
files=()
for f in gzip bzip2 lzma xz lzo lz4 zstd; do files+=("$build/kernels/re.$f"); done
"$build/host/testtools/decbench" "${files[@]}"
