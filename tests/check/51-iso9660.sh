#!/usr/bin/env bash
# Differential test of the ISO 9660 driver: images made at test time by
# xorriso and genisoimage (Rock Ridge with symlinks, Joliet, plain ISO
# names, Rock Ridge directory relocation (CL/RE/PL), hybrid MBR and GPT
# images with an ESP, a multi-extent file above 4 GiB, a 4096-byte-sector
# device), each walked through pvboot (tests/tools/treediff.c) against
# the source tree: every name, byte and symlink target.  The UUID (GRUB's,
# from the modification date) and label must be what blkid says.  Corrupt
# images (SUSP continuation loops, broken records) must fail cleanly.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${PVBOOT_BUILD:?}
treediff=$build/host/testtools/treediff
inspect=$build/host/pvboot-inspect
work=$build/iso
rm -rf "$work"; mkdir -p "$work"
pass=0 fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1"; fail=$((fail + 1)); }
export MTOOLS_SKIP_CHECK=1 LC_ALL=C.UTF-8

for t in xorriso genisoimage mkfs.vfat mcopy blkid; do
	command -v $t >/dev/null || { echo "FAIL: $t missing (make deps: xorriso, genisoimage, dosfstools, mtools)"; exit 1; }
done
tree=$work/tree
bash "$here/lib/fat-iso-tree.sh" "$tree" --symlinks >/dev/null || { echo "FAIL: fat-iso-tree.sh"; exit 1; }
# genisoimage splits a symlink target longer than one SL entry wrongly
# (a component runs past its entry; Linux reads garbage there): that
# image is a corrupt case below, not a differential one.
gtree=$work/gtree
cp -a "$tree" "$gtree" && rm "$gtree/links/long-target"
# Plain ISO 9660 names are upper-case 8.3: a tree that survives that.
ptree=$work/ptree
mkdir -p "$ptree/boot/grub" "$ptree/install"
printf 'set default=0\n' >"$ptree/boot/grub/grub.cfg"
head -c 1234567 /dev/urandom >"$ptree/install/vmlinuz"
head -c 777 /dev/urandom >"$ptree/install/initrd.gz"
echo readme >"$ptree/readme.txt"

check() { # name img tree treediff-args...
	local name=$1 img=$2 src=$3 out want got boff=""; shift 3
	if ! out=$("$treediff" "$img" "$src" "$@" 2>&1); then
		ko "$name: $(head -5 <<<"$out")"; return
	fi
	got=$(sed -n "s/^fs [a-z0-9]* uuid \([^ ]*\) label '\(.*\)'$/\1 \2/p" <<<"$out")
	want="$(blkid -p -o value -s UUID "$img") $(blkid -p -o value -s LABEL "$img")"
	if [ "${CHECK_LABEL:-1}" = 1 ] && [ "$want" != "$got" ]; then
		ko "$name: uuid/label '$got', blkid says '$want'"; return
	fi
	ok "$name: $got: $(tail -1 <<<"$out")"
}

mkiso() { # name tool args... (the last argument is the source tree)
	local name=$1 tool=$2 out; shift 2
	if ! out=$("$tool" "$@" 2>&1); then
		ko "$name: $tool: $(tail -3 <<<"$out")"; return 1
	fi
}

img=$work/rr-joliet.iso
mkiso rr-joliet xorriso -as mkisofs -R -J -joliet-long -V "RR JOLIET" -o "$img" "$tree" &&
	check "xorriso rock ridge + joliet (rock ridge read)" "$img" "$tree"
img=$work/joliet.iso
jtree=$work/jtree
# (no symlinks in Joliet; its names stop at 103 characters)
cp -a "$tree" "$jtree" && rm -r "$jtree/links" "$jtree/$(printf 'x%.0s' $(seq 200))"
mkiso joliet xorriso -as mkisofs --norock -J -joliet-long -V JOLIET -o "$img" "$jtree" &&
	check "xorriso joliet only" "$img" "$jtree"
img=$work/plain.iso
mkiso plain xorriso -as mkisofs --norock -V PLAIN -o "$img" "$ptree" &&
	check "xorriso plain iso9660 names" "$img" "$ptree" --nocase
img=$work/genisoimage.iso
mkiso genisoimage genisoimage -quiet -R -J -V GENISO -o "$img" "$gtree" &&
	check "genisoimage rock ridge, deep directories relocated (CL/RE/PL)" "$img" "$gtree" --skip rr_moved
# ".." from inside a relocated directory goes back to where it is shown.
deep="deep$(for i in $(seq 0 11); do printf '/level %02d with a longer name' "$i"; done)"
if out=$("$inspect" "$img" cat "/$deep/../level 11 with a longer name/level 12 with a longer name/../../level 11 with a longer name/level 12 with a longer name/level 13 with a longer name/level 14 with a longer name/level 15 with a longer name/level 16 with a longer name/level 17 with a longer name/level 18 with a longer name/level 19 with a longer name/level 20 with a longer name/level 21 with a longer name/level 22 with a longer name/level 23 with a longer name/bottom.txt" 2>/dev/null) &&
   [ "$out" = "the bottom" ]; then
	ok "genisoimage: '..' out of relocated directories (PL) leads back"
else
	ko "genisoimage: '..' through relocated directories: $out"
fi
mkiso genisoimage-joliet genisoimage -quiet -J -V GENJ -o "$work/genj.iso" "$ptree" &&
	check "genisoimage joliet" "$work/genj.iso" "$ptree"

# 4096-byte sectors: the same image on a 4Kn device.
img=$work/rr-joliet.iso
truncate -s %4096 "$img"
check "4096-byte-sector device" "$img" "$tree" --sector-size 4096

# Hybrid images: an MBR or a GPT whose ESP partition is inside the image.
# GRUB sees the ISO as (hd0) and the ESP as a partition.
esp=$work/esp.img esptree=$work/esptree
mkdir -p "$esptree" && cp -a "$tree/EFI" "$esptree/"
mkfs.vfat -C -n ESPIMG "$esp" 2048 >/dev/null && mcopy -s -i "$esp" "$esptree"/* ::/
img=$work/hybrid-mbr.iso
mkiso hybrid-mbr xorriso -as mkisofs -R -J -joliet-long -V HYBRID -o "$img" -append_partition 2 0xef "$esp" "$tree" &&
	check "hybrid MBR: (hd0) is the ISO" "$img" "$tree" --part hd0 &&
	CHECK_LABEL=0 check "hybrid MBR: (hd0,msdos2) is the ESP" "$img" "$esptree" --part hd0,msdos2 --nocase
img=$work/hybrid-gpt.iso
mkiso hybrid-gpt xorriso -as mkisofs -R -J -joliet-long -V HYBRIDGPT -o "$img" -appended_part_as_gpt \
	-append_partition 2 C12A7328-F81F-11D2-BA4B-00A0C93EC93B "$esp" "$tree" &&
	check "hybrid GPT: (hd0) is the ISO" "$img" "$tree" --part hd0
if out=$("$inspect" "$img" cat hd0,gpt2:/efi/fedora/GRUB.CFG 2>&1) && grep -q configfile <<<"$out"; then
	ok "hybrid GPT: (hd0,gpt2) is the ESP: $(sed -n 1p <<<"$out")"
else
	ko "hybrid GPT: (hd0,gpt2): $out"
fi

# A file above 4 GiB is several extents (multi-extent, ISO level 3): a
# sparse source and a sparse image, with data around the 4 GiB seams.
mtree=$work/mtree
mkdir -p "$mtree"
python3 - "$mtree/huge.bin" <<'PY'
import os, random, sys
random.seed(4)
size = (4 << 30) + (64 << 20)
with open(sys.argv[1], "wb") as f:
    f.truncate(size)
    for off in [0, (4 << 30) - 4096, (4 << 30) - 2048 - 7, size - 10000]:
        f.seek(off)
        f.write(random.randbytes(min(9000, size - off)))
PY
echo after >"$mtree/after.txt"
img=$work/multi.iso
if xorriso -as mkisofs -quiet -R -iso-level 3 -o - "$mtree" 2>"$work/multi.log" | cp --sparse=always /dev/stdin "$img"; then
	check "multi-extent file of $(stat -c %s "$mtree/huge.bin") bytes" "$img" "$mtree"
else
	ko "multi-extent: xorriso: $(tail -3 "$work/multi.log")"
fi
rm -f "$img" "$mtree/huge.bin"

# Corrupt images: a clear error and exit 1, never a crash or hang.
corrupt() { # name path expect python-patch(img)
	local name=$1 path=$2 expect=$3 img=$work/corrupt.iso out rc
	cp "$work/rr-joliet.iso" "$img"
	python3 -c "$4" "$img"
	out=$(timeout 20 "$inspect" "$img" cat "$path" 2>&1 >/dev/null); rc=$?
	if [ $rc -ne 1 ] || ! grep -q "$expect" <<<"$out"; then
		ko "corrupt-$name: exit $rc: $out"
	else
		ok "corrupt-$name: $(tail -1 <<<"$out")"
	fi
	rm -f "$img"
}
find_rec='import struct,sys
d=bytearray(open(sys.argv[1],"rb").read())
def save(): open(sys.argv[1],"wb").write(d)
def iso_rec(isoname):
    # the record of the primary tree with this ISO 9660 identifier
    p = d.find(isoname); j = p - 33
    assert p > 0 and d[j + 32] == len(isoname), "no record for %r" % isoname
    return j
def rec_of(name):
    # the directory record carrying this Rock Ridge NM name
    i = d.find(b"NM" + bytes([5 + len(name), 1, 0]) + name)
    while d[i] != 0 and i > 0: i -= 1
    for j in range(i - 255, i):
        if j > 0 and d[j] >= 34 and j + d[j] > i and d[j + 32] > 0 and j + 33 + d[j + 32] <= i: return j
    raise SystemExit("no record for %r" % name)
'
ce_of='j = rec_of(b"long-target"); i = d.find(b"CE\x1c\x01", j, j + d[j])
assert i > 0, "no CE in the record"'
corrupt ce-loop /links/long-target "continuation areas" "$find_rec
$ce_of
struct.pack_into('<I', d, i + 4, i // 2048); struct.pack_into('>I', d, i + 8, i // 2048)
struct.pack_into('<I', d, i + 12, i % 2048); struct.pack_into('>I', d, i + 16, i % 2048)
struct.pack_into('<I', d, i + 20, 28); struct.pack_into('>I', d, i + 24, 28)
save()"
corrupt ce-outside /links/long-target "continuation area" "$find_rec
$ce_of
struct.pack_into('<I', d, i + 4, 0x7fffffff); save()"
corrupt extent-outside /random.bin "outside the volume" "$find_rec
j = iso_rec(b'RANDOM.BIN;1'); struct.pack_into('<I', d, j + 2, 0x7ffffff0); save()"
corrupt short-record /random.bin "record at" "$find_rec
j = iso_rec(b'RANDOM.BIN;1'); d[j] = 20; save()"
corrupt name-overrun /random.bin "name in" "$find_rec
j = iso_rec(b'RANDOM.BIN;1'); d[j + 32] = 250; save()"
corrupt no-pvd /random.bin "no primary volume descriptor" "$find_rec
d[16 * 2048] = 3; save()"
corrupt block-size /random.bin "logical block size" "$find_rec
struct.pack_into('<H', d, 16 * 2048 + 128, 4096); save()"
img=$work/genisoimage-long.iso
mkiso genisoimage-long genisoimage -quiet -R -o "$img" "$tree" 
out=$(timeout 20 "$inspect" "$img" cat /links/long-target 2>&1 >/dev/null); rc=$?
if [ $rc -eq 1 ] && grep -q "SL component" <<<"$out"; then ok "corrupt-genisoimage-long-symlink: $out"; else ko "genisoimage long symlink: exit $rc: $out"; fi

# zisofs (Rock Ridge ZF) is refused by name; the plain file next to it reads.
mkdir -p "$work/ztree" && head -c 300000 /dev/zero >"$work/ztree/zeros.bin" && echo plain >"$work/ztree/plain.txt"
xorriso -outdev "$work/z.iso" -map "$work/ztree" / -zisofs level=6 -set_filter_r --zisofs /zeros.bin -- -commit >/dev/null 2>&1
out=$(timeout 20 "$inspect" "$work/z.iso" cat /zeros.bin 2>&1 >/dev/null); rc=$?
if [ $rc -eq 1 ] && grep -q "zisofs-compressed file" <<<"$out" &&
   [ "$("$inspect" "$work/z.iso" cat /plain.txt 2>/dev/null)" = plain ]; then
	ok "zisofs refused: $out"
else
	ko "zisofs: exit $rc: $out"
fi

echo "iso9660: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
