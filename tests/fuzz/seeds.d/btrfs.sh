#!/usr/bin/env bash
# Seeds for fuzz_btrfs: small real btrfs images (mkfs.btrfs --rootdir, and
# when loop devices work, one written by the kernel with compressed
# extents and a snapshot), as sparse block records (tests/lib/btrfs-sparse.py).
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")/../../.." && pwd)
command -v mkfs.btrfs >/dev/null || exit 0
mkdir -p "$out/fuzz_btrfs"
t=$(mktemp -d)
loop=
cleanup() {
	umount "$t/mnt" 2>/dev/null || true
	if [ -n "$loop" ]; then losetup -d "$loop" || true; fi
	rm -rf "$t"
}
trap cleanup EXIT
mkdir -p "$t/tree/boot/grub" "$t/tree/links" "$t/tree/d" "$t/mnt"
echo 'menuentry "x" { linux /vmlinuz }' > "$t/tree/boot/grub/grub.cfg"
for i in $(seq 1 40); do echo "$i" > "$t/tree/d/f$i"; done
ln -s ../boot/grub/grub.cfg "$t/tree/links/chain1"
ln -s chain1 "$t/tree/links/chain2"
head -c 20000 /dev/urandom > "$t/tree/d/blob"
truncate -s 100000 "$t/tree/d/sparse"
n=0
for v in "-m single" "-m single -n 4096" "-m single -O ^no-holes" "-m single --csum xxhash" "-m dup"; do
	n=$((n + 1))
	truncate -s 128M "$t/img"
	mkfs.btrfs -q -f $v --rootdir "$t/tree" "$t/img" >/dev/null 2>&1 || continue
	python3 "$here/tests/lib/btrfs-sparse.py" "$t/img" "$out/fuzz_btrfs/mkfs-$n"
	rm -f "$t/img"
done
truncate -s 128M "$t/img"
if loop=$(losetup -f --show "$t/img" 2>/dev/null) && mkfs.btrfs -q -f -m single "$loop" >/dev/null 2>&1 &&
   mount -o compress-force=zstd "$loop" "$t/mnt" 2>/dev/null; then
	btrfs -q subvolume create "$t/mnt/@"
	cp -a "$t/tree/." "$t/mnt/@/"
	seq 1 3000 > "$t/mnt/@/z"
	mount -o remount,compress-force=lzo "$t/mnt"; seq 1 2000 > "$t/mnt/@/l"
	mount -o remount,compress-force=zlib "$t/mnt"; seq 1 5000 > "$t/mnt/@/g"
	mkdir -p "$t/mnt/@/.snapshots/1"
	btrfs -q subvolume snapshot "$t/mnt/@" "$t/mnt/@/.snapshots/1/snapshot"
	btrfs -q subvolume set-default "$t/mnt/@/.snapshots/1/snapshot"
	umount "$t/mnt"
	python3 "$here/tests/lib/btrfs-sparse.py" "$t/img" "$out/fuzz_btrfs/kernel-compressed"
fi
