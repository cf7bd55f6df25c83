#!/usr/bin/env bash
# Seeds for fuzz_ext4_diff: small ext2/3/4 images (mke2fs -d, then e2fsck
# -D and debugfs for what -d cannot make), one per layout both readers must
# agree on: block maps (direct and indirect), extent trees of depth 0 and
# 1, holes, unwritten extents, inline data (files and directories), htree
# directories, fast and slow symlinks, bigalloc (with a symlink whose
# xattrs need an external block), meta_bg, 2 KiB blocks, and an encrypt
# filesystem with an encrypted file and directory (pvboot refuses those).
set -euo pipefail
out=$1/fuzz_ext4_diff
mkdir -p "$out"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
r=$t/tree
mkdir -p "$r/boot/grub" "$r/links" "$r/d" "$r/h" "$r/deep/a/b/c/d"
echo 'menuentry "x" { linux /vmlinuz }' > "$r/boot/grub/grub.cfg"
for i in $(seq 1 8); do echo "$i" > "$r/d/f$i"; done
for i in $(seq 1 24); do : > "$r/h/$(printf "%0200d" "$i")"; done
echo deep > "$r/deep/a/b/c/d/leaf"
ln -s ../boot/grub/grub.cfg "$r/links/chain1"
ln -s chain1 "$r/links/chain2"
ln -s "../deep/a/b/c/d/leaf/$(printf 'x%.0s' $(seq 1 80))" "$r/links/slow"
head -c 20000 /dev/urandom > "$r/d/blob"
# Holes: data islands in a sparse file (more than four extents: an extent
# tree of depth 1), and a file that ends in a hole.
for i in 0 2 4 6 8 10 12; do printf 'island %d\n' "$i" | dd of="$r/d/sparse" bs=1024 seek=$((i * 3)) conv=notrunc status=none; done
truncate -s 300K "$r/d/tailhole"; echo head | dd of="$r/d/tailhole" conv=notrunc status=none
mk() { # name size mke2fs-args...
	local name=$1 size=$2; shift 2
	mke2fs -q -F "$@" -d "$r" "$out/$name" "$size" >/dev/null 2>&1 || { rm -f "$out/$name"; return 1; }
}
mk ext2 256K -t ext2 -b 1024 -N 96 || true
mk ext3_htree 256K -t ext3 -b 1024 -N 96 && e2fsck -fyD "$out/ext3_htree" >/dev/null 2>&1 || true
mk ext4_htree 256K -t ext4 -b 1024 -N 96 && e2fsck -fyD "$out/ext4_htree" >/dev/null 2>&1 || true
mk ext4_blockmap 256K -t ext4 -b 1024 -N 96 -O ^extent,^64bit || true
mk ext4_inline 256K -t ext4 -b 1024 -N 96 -O inline_data || true
mk ext4_2k_meta_bg 256K -t ext4 -b 2048 -N 96 -O meta_bg,^resize_inode || true
if mk ext4_unwritten 256K -t ext4 -b 1024 -N 96; then
	debugfs -w -R "fallocate /d/blob 30 40" "$out/ext4_unwritten" >/dev/null 2>&1 || true
	debugfs -w -R "write /dev/null /d/prealloc" "$out/ext4_unwritten" >/dev/null 2>&1 || true
	debugfs -w -R "fallocate /d/prealloc 0 7" "$out/ext4_unwritten" >/dev/null 2>&1 || true
	debugfs -w -R "sif /d/prealloc size 8192" "$out/ext4_unwritten" >/dev/null 2>&1 || true
fi
# bigalloc: 1 KiB blocks in 4 KiB clusters; an xattr too big for the
# inode puts a symlink's xattrs in an external block, which i_blocks
# counts as a whole cluster.
head -c 600 /dev/zero | tr '\0' v > "$t/val"
if mk ext4_bigalloc 512K -t ext4 -b 1024 -C 4096 -O bigalloc -N 96; then
	debugfs -w -R "ea_set -f $t/val /links/chain1 user.big" "$out/ext4_bigalloc" >/dev/null 2>&1 || true
	debugfs -w -R "ea_set -f $t/val /d/f1 user.big" "$out/ext4_bigalloc" >/dev/null 2>&1 || true
fi
if mk ext4_encrypt 256K -t ext4 -b 1024 -N 96 -O encrypt; then
	for p in /d/blob /links; do
		f=$(debugfs -R "stat $p" "$out/ext4_encrypt" 2>/dev/null | sed -n 's/.*Flags: \(0x[0-9a-f]*\).*/\1/p')
		debugfs -w -R "set_inode_field $p flags $(printf '0x%x' $((${f:-0} | 0x800)))" "$out/ext4_encrypt" >/dev/null 2>&1 || true
	done
fi
