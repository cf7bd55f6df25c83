#!/usr/bin/env bash
# Seeds for fuzz_fat and fuzz_iso9660 (and two for fuzz_fs): small real
# images made by mkfs.vfat + mcopy and by xorriso / genisoimage (kept
# small: libFuzzer mutates whole inputs).  The FAT32 seed is a real FAT32
# cut to its first 640 KiB with its sector count patched to match (FAT32
# needs 65525 clusters, 33 MB).
set -euo pipefail
out=$1
mkdir -p "$out/fuzz_fat" "$out/fuzz_iso9660"
command -v mkfs.vfat >/dev/null && command -v xorriso >/dev/null || { echo "no mkfs.vfat/xorriso: no FAT/ISO seeds"; exit 0; }
export MTOOLS_SKIP_CHECK=1 LC_ALL=C.UTF-8
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir -p "$t/tree/boot/grub" "$t/tree/EFI/fedora" "$t/tree/d" "$t/tree/deep/a/b/c/d/e/f/g/h/i/j"
echo 'menuentry "x" { linux /vmlinuz }' > "$t/tree/boot/grub/grub.cfg"
echo 'configfile $prefix/grub.cfg' > "$t/tree/EFI/fedora/grub.cfg"
for i in $(seq 1 30); do echo "$i" > "$t/tree/d/a long file name $i.txt"; done
head -c 20000 /dev/urandom > "$t/tree/d/blob"
echo bottom > "$t/tree/deep/a/b/c/d/e/f/g/h/i/j/bottom"
mkfs.vfat -C -F 12 "$out/fuzz_fat/fat12" 256 >/dev/null && mcopy -s -i "$out/fuzz_fat/fat12" "$t/tree"/* ::/
mkfs.vfat -C -F 16 -s 1 "$out/fuzz_fat/fat16" 2200 >/dev/null && mcopy -s -i "$out/fuzz_fat/fat16" "$t/tree"/* ::/
mkfs.vfat -C -F 32 -s 1 -f 1 "$t/fat32" 34000 >/dev/null && mcopy -s -i "$t/fat32" "$t/tree"/* ::/
head -c $((640 * 1024)) "$t/fat32" > "$out/fuzz_fat/fat32"
python3 -c 'import struct,sys; f=open(sys.argv[1],"r+b"); f.seek(32); f.write(struct.pack("<I", 1280))' "$out/fuzz_fat/fat32"
ln -s ../boot/grub/grub.cfg "$t/tree/d/link"
ln -s "$(python3 -c 'print("/".join(["c%03d" % i for i in range(30)]))')" "$t/tree/d/long-link"
xorriso -as mkisofs -quiet -R -J -o "$out/fuzz_iso9660/rr-joliet.iso" "$t/tree" 2>/dev/null
xorriso -as mkisofs -quiet --norock -J -o "$out/fuzz_iso9660/joliet.iso" "$t/tree" 2>/dev/null
genisoimage -quiet -R -o "$out/fuzz_iso9660/relocated.iso" "$t/tree" 2>/dev/null || true
# fuzz_fs mounts with every driver: give it one of each as well.
mkdir -p "$out/fuzz_fs"
cp "$out/fuzz_fat/fat12" "$out/fuzz_fs/fat12"
cp "$out/fuzz_iso9660/rr-joliet.iso" "$out/fuzz_fs/rr-joliet.iso"
