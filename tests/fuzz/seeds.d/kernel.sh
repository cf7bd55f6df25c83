#!/usr/bin/env bash
# Seeds for fuzz_kernel (the first megabyte of real bzImages, a small real
# ELF) and for each fuzz_decompress_<fmt> (small streams from the real CLI
# tools, prefixed with the bound byte the target reads first).
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out/fuzz_kernel"
cache=${PVBOOT_CACHE:-$HOME/.cache/pvboot}/kernels
for k in "$cache"/*.vmlinuz; do
	[ -e "$k" ] || continue
	head -c 1048576 "$k" > "$out/fuzz_kernel/$(basename "$k").head"
done
# A small real ELF with notes: this machine's own binaries will do.
head -c 65536 /bin/true > "$out/fuzz_kernel/true.elf"
sample=$(mktemp)
head -c 200000 "$here/../README.md" 2>/dev/null > "$sample" || true
cat /bin/true >> "$sample"
declare -A tool=([gzip]="gzip -c" [bzip2]="bzip2 -c" [lzma]="lzma -c" [xz]="xz -c --check=crc32"
	[lzo]="lzop -c" [lz4]="lz4 -l -c" [zstd]="zstd -q -c")
for fmt in "${!tool[@]}"; do
	mkdir -p "$out/fuzz_decompress_$fmt"
	{ printf '\xff'; ${tool[$fmt]} < "$sample"; } > "$out/fuzz_decompress_$fmt/seed" || true
	{ printf '\x01'; ${tool[$fmt]} < "$sample"; } > "$out/fuzz_decompress_$fmt/seed-small-bound" || true
	${tool[$fmt]} < "$sample" > "$out/fuzz_kernel/compressed.$fmt" || true
done
rm -f "$sample"
