#!/usr/bin/env bash
# Differential test of the FAT driver: images made by the real mkfs.vfat
# and filled by mcopy at test time (FAT12, FAT16, FAT32; 512- and
# 4096-byte sectors; an ESP in a GPT partition; a fragmented file), each
# walked through pvboot (tests/tools/treediff.c) against the source tree:
# every name (long, Unicode, 8.3), every byte, case-insensitive lookups.
# The volume ID and label must be what blkid says.  Then the FAT32 backup
# boot sector, the grubenv in-place rewrite (fsck.vfat clean, only the
# file's bytes changed) and corrupt images, which must fail cleanly.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${PVBOOT_BUILD:?}
treediff=$build/host/testtools/treediff
inspect=$build/host/pvboot-inspect
work=$build/fat
rm -rf "$work"; mkdir -p "$work"
pass=0 fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1"; fail=$((fail + 1)); }
export MTOOLS_SKIP_CHECK=1 LC_ALL=C.UTF-8

for t in mkfs.vfat mcopy mshowfat fsck.vfat blkid; do
	command -v $t >/dev/null || { echo "FAIL: $t missing (make deps: dosfstools, mtools)"; exit 1; }
done
bash "$here/lib/fat-iso-tree.sh" "$work/tree" >/dev/null || { echo "FAIL: fat-iso-tree.sh"; exit 1; }
bash "$here/lib/fat-iso-tree.sh" "$work/tree-small" --small >/dev/null || { echo "FAIL: fat-iso-tree.sh --small"; exit 1; }

# blkid's view of a filesystem image: "UUID LABEL"
blkid_of() { # img [offset]
	echo "$(blkid -p -o value -s UUID ${2:+-O $2} "$1") $(blkid -p -o value -s LABEL ${2:+-O $2} "$1")"
}

check_tree() { # name img tree blkid-offset treediff-args...
	local name=$1 img=$2 tree=$3 boff=$4 out want got; shift 4
	if ! out=$("$treediff" "$img" "$tree" --nocase "$@" 2>&1); then
		ko "$name: $(head -5 <<<"$out")"; return
	fi
	want=$(blkid_of "$img" "$boff")
	got=$(sed -n "s/^fs fat uuid \([^ ]*\) label '\(.*\)'$/\1 \2/p" <<<"$out")
	if [ "$want" != "$got" ]; then
		ko "$name: uuid/label '$got', blkid says '$want'"; return
	fi
	ok "$name: $got: $(tail -1 <<<"$out")"
}

variant() { # name tree size-KiB mkfs.vfat-args...
	local name=$1 tree=$2 size=$3 img=$work/$1.img out; shift 3
	rm -f "$img"
	if ! out=$(mkfs.vfat -C "$@" "$img" "$size" 2>&1) ||
	   ! out=$(mcopy -s -i "$img" "$tree"/* ::/ 2>&1); then
		ko "$name: mkfs.vfat/mcopy $*: $out"; return
	fi
	check_tree "$name" "$img" "$tree" ""
	rm -f "$img"
}

variant fat12 "$work/tree-small" 4096 -F 12 -n SMALL12
variant fat12-1k-sectors "$work/tree-small" 4096 -F 12 -S 1024
variant fat16 "$work/tree" 65536 -F 16 -n "ESP 16"
variant fat16-32k-clusters "$work/tree" 204800 -F 16 -s 64
variant fat32 "$work/tree" 69632 -F 32 -s 1 -n EFI
variant fat32-4k-clusters "$work/tree" 307200 -F 32 -s 8
variant fat32-4k-sectors "$work/tree" 276480 -F 32 -S 4096 -s 1
variant fat32-1-fat "$work/tree" 69632 -F 32 -s 1 -f 1

# 4096-byte sectors on the device as well (an ESP on a 4Kn disk).
img=$work/4kn.img
mkfs.vfat -C -F 32 -S 4096 -s 1 -n FOURK "$img" 276480 >/dev/null && mcopy -s -i "$img" "$work/tree"/* ::/ &&
	check_tree fat32-4kn-device "$img" "$work/tree" "" --sector-size 4096
rm -f "$img"

# An ESP in a GPT partition: named (hd0,gpt1) as GRUB names it.
img=$work/esp.disk
rm -f "$img"; truncate -s 80M "$img"
printf 'label: gpt\nstart=2048, size=143360, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B\n' | sfdisk -q "$img" >/dev/null
mkfs.vfat -F 32 -s 1 -n ESP --offset 2048 "$img" 71680 >/dev/null 2>&1 &&
	mcopy -s -i "$img@@1M" "$work/tree"/* ::/ &&
	check_tree esp-gpt-partition "$img" "$work/tree" $((2048 * 512)) --part hd0,gpt1
rm -f "$img"

# A fragmented file: b's clusters are freed between a and c, so big fills
# that hole and continues after c (mshowfat must show two runs).
img=$work/frag.img
mkdir -p "$work/frag"
for f in a b c; do head -c 50000 /dev/urandom >"$work/frag/$f"; done
head -c 3000000 /dev/urandom >"$work/frag/big"
mkfs.vfat -C -F 16 "$img" 16384 >/dev/null
mcopy -i "$img" "$work/frag/a" "$work/frag/b" "$work/frag/c" ::/ && mdel -i "$img" ::/b &&
	mcopy -i "$img" "$work/frag/big" ::/
runs=$(mshowfat -i "$img" ::/big | grep -o '<[0-9-]*>' | wc -l)
rm -f "$work/frag/b"
if [ "$runs" -lt 2 ]; then
	ko "fragmented: mshowfat shows $runs run(s) for big"
else
	check_tree "fragmented ($runs runs)" "$img" "$work/frag" ""
fi

# The FAT32 backup boot sector: with the primary zeroed, the backup (at
# sector 6) is used and everything reads the same.
img=$work/backup.img
mkfs.vfat -C -F 32 -s 1 -n BACKUP "$img" 69632 >/dev/null && mcopy -s -i "$img" "$work/tree-small"/* ::/
want=$(blkid_of "$img" "")
dd if=/dev/zero of="$img" bs=512 count=1 conv=notrunc status=none
if out=$("$treediff" "$img" "$work/tree-small" --nocase 2>&1) && grep -q "uuid ${want% *} label '${want#* }'" <<<"$out"; then
	ok "backup boot sector: primary zeroed, $(tail -1 <<<"$out")"
else
	ko "backup boot sector: $(head -3 <<<"$out")"
fi
dd if=/dev/zero of="$img" bs=512 seek=6 count=1 conv=notrunc status=none
out=$(timeout 20 "$inspect" "$img" ls / 2>&1); rc=$?
if [ $rc -eq 1 ] && grep -q "no known filesystem" <<<"$out"; then
	ok "backup boot sector: both zeroed: $(tail -1 <<<"$out")"
else
	ko "backup boot sector: both zeroed: exit $rc: $out"
fi
rm -f "$img"

# grubenv rewritten in place (Fedora's is on the ESP): only the file's own
# bytes change, fsck.vfat finds the filesystem clean, mtype reads it back.
grubenv() { # saved_entry -> 1024-byte environment block
	local head
	head=$(printf '# GRUB Environment Block\nsaved_entry=%s\n' "$1")
	printf '%s\n' "$head"
	head -c $((1024 - ${#head} - 1)) /dev/zero | tr '\0' '#'
}
img=$work/env.img
mkdir -p "$work/envtree/EFI/fedora"
grubenv a >"$work/envtree/EFI/fedora/grubenv"
grubenv 'fedora-6.8>Advanced' >"$work/new.env"
head -c 70000 /dev/urandom >"$work/envtree/EFI/fedora/grubx64.efi"
mkfs.vfat -C -F 16 -n ESP "$img" 16384 >/dev/null && mcopy -s -i "$img" "$work/envtree"/* ::/
cp "$img" "$work/env.before"
if ! out=$("$inspect" "$img" overwrite /efi/FEDORA/grubenv "$work/new.env" 2>&1); then
	ko "grubenv overwrite: $out"
else
	changed=$(cmp -l "$work/env.before" "$img" | wc -l)
	if ! mtype -i "$img" ::/EFI/fedora/grubenv | cmp -s - "$work/new.env"; then
		ko "grubenv overwrite: mtype reads back something else"
	elif ! mtype -i "$img" ::/EFI/fedora/grubx64.efi | cmp -s - "$work/envtree/EFI/fedora/grubx64.efi"; then
		ko "grubenv overwrite: another file changed"
	elif [ "$changed" -gt 1024 ]; then
		ko "grubenv overwrite: $changed bytes changed, more than the file"
	elif ! out=$(fsck.vfat -n "$img" 2>&1); then
		ko "grubenv overwrite: fsck.vfat -n: $(tail -3 <<<"$out")"
	else
		ok "grubenv overwrite: $changed bytes changed, all in the file; fsck.vfat clean"
	fi
fi
out=$("$inspect" "$img" overwrite /EFI/fedora/grubenv "$work/envtree/EFI/fedora/grubx64.efi" 2>&1)
if [ $? -eq 1 ] && grep -q "same-size" <<<"$out"; then ok "grubenv overwrite: wrong size refused"; else ko "grubenv wrong size: $out"; fi

# Corrupt images: a clear error and exit 1, never a crash or hang.  The
# cluster of /random.bin and the FAT's place come from the image itself.
fat32_img() {
	mkfs.vfat -C -F 32 -s 1 "$1" 69632 >/dev/null && mcopy -s -i "$1" "$work/tree-small"/* ::/
}
fat_entry_off() { # img cluster -> byte offset of that cluster's FAT32 entry
	python3 -c 'import struct,sys; b=open(sys.argv[1],"rb").read(512); print(struct.unpack_from("<H",b,11)[0]*struct.unpack_from("<H",b,14)[0]+4*int(sys.argv[2]))' "$1" "$2"
}
corrupt() { # name path expect python-patch (gets img, first, second cluster of random.bin)
	local name=$1 path=$2 expect=$3 img=$work/corrupt.img out rc first
	fat32_img "$img"
	first=$(mshowfat -i "$img" ::/random.bin | grep -o '<[0-9]*' | head -1 | tr -d '<')
	python3 -c "$4" "$img" "$first" "$(fat_entry_off "$img" "$first")"
	out=$(timeout 20 "$inspect" "$img" cat "$path" 2>&1 >/dev/null); rc=$?
	if [ $rc -ne 1 ] || ! grep -q "$expect" <<<"$out"; then
		ko "corrupt-$name: exit $rc: $out"
	else
		ok "corrupt-$name: $(tail -1 <<<"$out")"
	fi
	rm -f "$img"
}
patch_fat='import struct,sys
f=open(sys.argv[1],"r+b"); first=int(sys.argv[2]); off=int(sys.argv[3])
def put(c, v): f.seek(off + 4 * (c - first)); f.write(struct.pack("<I", v))
'
corrupt chain-loop /random.bin "loops" "$patch_fat
put(first + 5, first + 2)"
corrupt chain-self /random.bin "loops" "$patch_fat
put(first, first)"
corrupt chain-free /random.bin "free" "$patch_fat
put(first + 3, 0)"
corrupt chain-range /random.bin "points to" "$patch_fat
put(first + 1, 0x0FFFFFF0)"
corrupt chain-short /random.bin "ends" "$patch_fat
put(first + 1, 0x0FFFFFFF)"
corrupt chain-bad /random.bin "bad cluster" "$patch_fat
put(first + 1, 0x0FFFFFF7)"
corrupt too-big /random.bin "do not fit" 'import struct,sys
f=open(sys.argv[1],"r+b"); f.seek(32); f.write(struct.pack("<I", 1 << 30))
f.seek(6*512+32); f.write(struct.pack("<I", 1 << 30))'
corrupt root-cluster /random.bin "root directory at cluster" 'import struct,sys
f=open(sys.argv[1],"r+b")
for base in (0, 6*512): f.seek(base+44); f.write(struct.pack("<I", 0x0FFFFFF))'
corrupt fat32-version /random.bin "FAT32 version" 'import sys
f=open(sys.argv[1],"r+b")
for base in (0, 6*512): f.seek(base+42); f.write(bytes([0, 1]))'

# A directory whose chain loops back to its start: listing it must end
# with an error.
img=$work/dirloop.img
fat32_img "$img"
dcl=$(mshowfat -i "$img" ::/many | grep -o '<[0-9]*' | head -1 | tr -d '<')
dmid=$(mshowfat -i "$img" ::/many | grep -o '<[0-9]*-' | tail -1 | tr -d '<-')
dmid=$((dmid + 5)) # well before the end marker, in the chain's last run
python3 -c 'import struct,sys
f=open(sys.argv[1],"r+b"); f.seek(int(sys.argv[2])); f.write(struct.pack("<I", int(sys.argv[3])))' \
	"$img" "$(fat_entry_off "$img" "$dmid")" "$dcl"
out=$(timeout 20 "$inspect" "$img" ls /many 2>&1 >/dev/null); rc=$?
if [ $rc -eq 1 ] && grep -q "loops" <<<"$out"; then ok "corrupt-dir-loop: $out"; else ko "corrupt-dir-loop: exit $rc: $out"; fi
rm -f "$img"

echo "fat: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
