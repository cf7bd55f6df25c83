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
for v in "ext2 -b 1024" "ext3 -b 1024" "ext4 -b 1024" "ext4 -b 1024 -O ^extent" "ext4 -b 1024 -O inline_data"; do
	name=$(echo "$v" | tr ' ^' '__')
	mke2fs -q -F -t $v -N 64 -d "$t/tree" "$out/fuzz_fs/$name" 256K >/dev/null 2>&1 || true
done
truncate -s 1M "$t/mbr"
printf 'label: dos\nsize=64K\nsize=64K\ntype=5\nsize=32K\nsize=32K\n' | sfdisk -q "$t/mbr" >/dev/null 2>&1
head -c 65536 "$t/mbr" > "$out/fuzz_part/mbr"
truncate -s 1M "$t/gpt"
printf 'label: gpt\nsize=64K, name=a\nsize=64K, name=b\n' | sfdisk -q "$t/gpt" >/dev/null 2>&1
{ printf '\x00'; cat "$t/gpt"; } > "$out/fuzz_part/gpt"
rm -rf "$t"
