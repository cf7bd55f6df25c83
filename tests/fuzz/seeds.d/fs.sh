#!/usr/bin/env bash
# Seeds for fuzz_fs and fuzz_part: small real images made by mke2fs and
# sfdisk (kept small: libFuzzer mutates whole inputs).
set -euo pipefail
out=$1
mkdir -p "$out/fuzz_fs" "$out/fuzz_part"
t=$(mktemp -d)
mkdir -p "$t/tree/boot/grub" "$t/tree/links" "$t/tree/d"
echo 'menuentry "x" { linux /vmlinuz }' > "$t/tree/boot/grub/grub.cfg"
for i in $(seq 1 40); do echo "$i" > "$t/tree/d/f$i"; done
ln -s ../boot/grub/grub.cfg "$t/tree/links/chain1"
ln -s chain1 "$t/tree/links/chain2"
head -c 20000 /dev/urandom > "$t/tree/d/blob"
for v in "ext2 -b 1024" "ext3 -b 1024" "ext4 -b 1024" "ext4 -b 1024 -O ^extent,^64bit" "ext4 -b 1024 -O inline_data"; do
	name=$(echo "$v" | tr ' ^' '__')
	mke2fs -q -F -t $v -N 64 -d "$t/tree" "$out/fuzz_fs/$name" 256K >/dev/null 2>&1 || true
done
# bigalloc (1 KiB blocks in 4 KiB clusters: first_data_block 0, groups of
# clusters) and encrypt with an encrypted file and directory (the flag set
# by debugfs: fscrypt keys need the kernel).
mke2fs -q -F -t ext4 -b 1024 -C 4096 -O bigalloc -N 64 -d "$t/tree" "$out/fuzz_fs/ext4_bigalloc" 512K >/dev/null 2>&1 || true
if mke2fs -q -F -t ext4 -b 1024 -O encrypt -N 64 -d "$t/tree" "$out/fuzz_fs/ext4_encrypt" 256K >/dev/null 2>&1; then
	for p in /d/blob /links; do
		f=$(debugfs -R "stat $p" "$out/fuzz_fs/ext4_encrypt" 2>/dev/null | sed -n 's/.*Flags: \(0x[0-9a-f]*\).*/\1/p')
		debugfs -w -R "set_inode_field $p flags $(printf '0x%x' $((${f:-0} | 0x800)))" "$out/fuzz_fs/ext4_encrypt" >/dev/null 2>&1 || true
	done
fi
truncate -s 1M "$t/mbr"
printf 'label: dos\nsize=64K\nsize=64K\ntype=5\nsize=32K\nsize=32K\n' | sfdisk -q "$t/mbr" >/dev/null 2>&1
head -c 65536 "$t/mbr" > "$out/fuzz_part/mbr"
truncate -s 1M "$t/gpt"
printf 'label: gpt\nsize=64K, name=a\nsize=64K, name=b\n' | sfdisk -q "$t/gpt" >/dev/null 2>&1
{ printf '\x00'; cat "$t/gpt"; } > "$out/fuzz_part/gpt"
rm -rf "$t"
