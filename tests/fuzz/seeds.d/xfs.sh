#!/usr/bin/env bash
# Seeds for fuzz_xfs: small real images made by mkfs.xfs -p, with the log
# on another device (so the files follow the metadata), each cut after its
# last non-zero sector: fuzz_xfs reads the rest of a 64 MiB disk as zeros,
# so inputs stay small enough for libFuzzer to mutate.
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")/../.." && pwd)
command -v mkfs.xfs >/dev/null || { echo "seeds.d/xfs.sh: no mkfs.xfs; fuzzing without seeds"; exit 0; }
mkdir -p "$out/fuzz_xfs"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir -p "$t/tree/grub2" "$t/tree/loader/entries" "$t/tree/links" "$t/tree/d" "$t/tree/boot/grub2"
echo 'blscfg' >"$t/tree/grub2/grub.cfg"
printf 'title a\nlinux /vmlinuz\ninitrd /initrd $tuned_initrd\n' >"$t/tree/loader/entries/a.conf"
printf '# GRUB Environment Block\nsaved_entry=a\n' >"$t/tree/boot/grub2/grubenv"
for i in $(seq 1 40); do echo "$i" >"$t/tree/d/f$i"; done
ln -s ../grub2/grub.cfg "$t/tree/links/chain1"
ln -s chain1 "$t/tree/links/chain2"
ln -s "$(printf 'long/%.0s' $(seq 1 80))x" "$t/tree/links/remote"
head -c 20000 /dev/urandom >"$t/tree/d/blob"
python3 "$here/lib/xfs-proto.py" "$t/tree" >"$t/proto"
export TEST_DIR=$t TEST_DEV=unused QA_CHECK_FS=unused
n=0
for v in "-m crc=1" "-m crc=1 -b size=1024" "-m crc=0 -b size=1024" "-m crc=0 -b size=512 -n ftype=1" \
	 "-m crc=1 -b size=1024 -n size=8192" "-m crc=1,reflink=1,rmapbt=1 -i nrext64=1 -b size=1024"; do
	n=$((n + 1))
	rm -f "$t/img" "$t/log"
	truncate -s 12m "$t/log"
	mkfs.xfs -q -f -p "$t/proto" -d file,name="$t/img",size=16m -l logdev="$t/log" $v >/dev/null 2>&1 || continue
	python3 - "$t/img" "$out/fuzz_xfs/seed$n" <<'PY'
import sys
img = open(sys.argv[1], "rb").read()
end = max(i + 512 for i in range(0, len(img), 512) if any(img[i:i + 512]))
open(sys.argv[2], "wb").write(img[:end])
PY
done
# What only the kernel writes (a node directory with holes, a B+tree data
# fork), in the first of two groups with the log in the second, cut where
# the first group's last written sector is.
rm -f "$t/img"
mkfs.xfs -q -f -d file,name="$t/img",size=40m,agcount=2 -l agnum=1 -b size=1024 >/dev/null 2>&1 || exit 0
mkdir -p "$t/mnt"
mount -o loop "$t/img" "$t/mnt" 2>/dev/null || { echo "seeds.d/xfs.sh: cannot loop-mount; no kernel-written seed"; exit 0; }
python3 - "$t/mnt" <<'PY' || true
import os, sys
m = sys.argv[1]
for i in range(500):
    open(f"{m}/entry-{i:04d}-{'q' * (i % 17)}", "w").close()
for i in range(0, 500, 3):
    os.unlink(f"{m}/entry-{i:04d}-{'q' * (i % 17)}")
fd = os.open(m + "/frag", os.O_CREAT | os.O_WRONLY, 0o644)
for parity in (0, 1):
    for b in range(parity, 200, 2):
        os.pwrite(fd, b"z" * 1024, b * 1024)
    os.fsync(fd)
os.close(fd)
os.symlink("t" * 400, m + "/remote-link")
PY
# Shared extents (mkfs.xfs makes reflink filesystems by default): records
# in the refcount tree that the in-place write path must find.
cp --reflink=always "$t/mnt/frag" "$t/mnt/frag.shared" 2>/dev/null || true
umount "$t/mnt"
python3 - "$t/img" "$out/fuzz_xfs/kernel-written" <<'PY'
import struct, sys
img = open(sys.argv[1], "rb").read()
ag0 = struct.unpack(">I", img[84:88])[0] * struct.unpack(">I", img[4:8])[0]
end = max(i + 512 for i in range(0, ag0, 512) if any(img[i:i + 512]))
open(sys.argv[2], "wb").write(img[:end])
PY
# An odd-sized copy of each seed: fuzz_xfs counts the log of an odd-sized
# input as clean, which opens the write path behind it.
for f in "$out"/fuzz_xfs/*; do
	case $f in *-odd) continue ;; esac
	{ cat "$f"; printf '\0'; } >"$f-odd"
done
