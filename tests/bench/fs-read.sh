#!/usr/bin/env bash
# Read amplification and request count of fs/ on a large file: a 200 MiB
# file in a 4 KiB-block ext4 image, read whole through pvboot-inspect cat
# (which reports the device requests and bytes the loader's code issued).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=$(pwd)/${BUILD:-build}
make -s host >/dev/null
work=$build/bench-fs
rm -rf "$work"; mkdir -p "$work/tree"
head -c $((200 << 20)) /dev/urandom > "$work/tree/big"
measure() { # label: read /big from $work/img
	local t=$1 start end stats req bytes file
	start=$(date +%s.%N)
	stats=$("$build/host/pvboot-inspect" "$work/img" cat /big 2>&1 >/dev/null | tail -1)
	end=$(date +%s.%N)
	req=$(sed -n 's/device requests: \([0-9]*\),.*/\1/p' <<<"$stats")
	bytes=$(sed -n 's/.*bytes read: \([0-9]*\),.*/\1/p' <<<"$stats")
	file=$(sed -n 's/.*file bytes: \([0-9]*\).*/\1/p' <<<"$stats")
	awk -v t="$t" -v r="$req" -v b="$bytes" -v f="$file" -v s="$start" -v e="$end" 'BEGIN {
		printf "%-24s requests %6d  device bytes %10d  file bytes %10d  amplification %.4f  %.0f MB/s\n",
			t, r, b, f, b / f, f / (e - s) / 1e6 }'
}
for t in "ext4" "ext4 -O ^extent,^64bit" "ext2"; do
	mke2fs -q -F -t $t -b 4096 -d "$work/tree" "$work/img" 256M
	measure "$t"
done
# btrfs (mkfs.btrfs --rootdir): default 16 KiB nodes, and 4 KiB nodes.
if command -v mkfs.btrfs >/dev/null; then
	for t in "btrfs" "btrfs -n 4096"; do
		rm -f "$work/img"; truncate -s 512M "$work/img"
		mkfs.btrfs -q -f ${t#btrfs} --rootdir "$work/tree" "$work/img" >/dev/null 2>&1
		measure "$t"
	done
fi
rm -rf "$work"
