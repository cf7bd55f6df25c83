#!/usr/bin/env bash
# Partition tables written by the real sfdisk (MBR with logicals, GPT with
# names), compared with what sfdisk itself reads back; a 4096-byte-sector
# GPT; the GPT backup header used when the primary is damaged; a looping
# EBR chain and a doubly damaged GPT refused with a clear error.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${PVBOOT_BUILD:?}
inspect=$build/host/pvboot-inspect
work=$build/parts
mkdir -p "$work"
pass=0 fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1"; fail=$((fail + 1)); }

# Compare start/size of every partition with sfdisk's own JSON.
same_as_sfdisk() { # name disk
	local got want
	want=$(sfdisk -J "$2" 2>/dev/null | python3 -c '
import json,sys
t=json.load(sys.stdin)["partitiontable"]
print(" ".join("%d:%d" % (p["start"], p["size"]) for p in t["partitions"] if p["type"] not in ("5","f","85")))')
	got=$("$inspect" "$2" parts --json | python3 -c '
import json,sys
print(" ".join("%d:%d" % (v["start"], v["size"]) for v in json.load(sys.stdin)["volumes"]))')
	if [ "$got" = "$want" ]; then ok "$1: $got"; else ko "$1: pvboot '$got' sfdisk '$want'"; fi
}

d=$work/mbr.img; rm -f "$d"; truncate -s 64M "$d"
sfdisk -q "$d" >/dev/null <<'SF'
label: dos
size=8M, type=83, bootable
size=4M, type=82
type=5
size=2M, type=83
size=3M, type=83
size=5M, type=83
size=6M, type=83
SF
same_as_sfdisk mbr-primary-and-logicals "$d"
names=$("$inspect" "$d" parts | awk '{print $1}' | tr '\n' ' ')
[ "$names" = "(hd0,msdos1) (hd0,msdos2) (hd0,msdos5) (hd0,msdos6) (hd0,msdos7) (hd0,msdos8) " ] \
	&& ok "mbr-grub-names: $names" || ko "mbr-grub-names: $names"

# A looping EBR chain: point the second EBR's link back at the first.
ext=$(sfdisk -J "$d" | python3 -c 'import json,sys; print([p["start"] for p in json.load(sys.stdin)["partitiontable"]["partitions"] if p["type"]=="5"][0])')
second=$(sfdisk -J "$d" | python3 -c 'import json,sys; print(sorted(p["start"] for p in json.load(sys.stdin)["partitiontable"]["partitions"])[3])')
ebr2=$((second - 2048))
python3 - "$d" "$ebr2" <<'PY'
import struct, sys
d, ebr = sys.argv[1], int(sys.argv[2])
with open(d, "r+b") as f:
    f.seek(ebr * 512 + 446 + 16 + 8)
    f.write(struct.pack("<I", 0))  # link to the first EBR: a loop
PY
out=$(timeout 10 "$inspect" "$d" parts 2>&1); rc=$?
grep -q "loops" <<<"$out" && [ $rc -ne 124 ] && ok "mbr-ebr-loop: $(grep -o 'MBR: .*' <<<"$out" | head -1)" || ko "mbr-ebr-loop: rc=$rc $out"

d=$work/gpt.img; rm -f "$d"; truncate -s 64M "$d"
sfdisk -q "$d" >/dev/null <<'SF'
label: gpt
size=1M, type=21686148-6449-6E6F-744E-656564454649, name="BIOS boot"
size=20M, name="boot"
size=30M, name="root fs"
SF
same_as_sfdisk gpt "$d"
"$inspect" "$d" parts | grep "name 'root fs'" >/dev/null && ok "gpt-names" || ko "gpt-names: $("$inspect" "$d" parts)"
# Damage the primary header: the backup must be used.
printf 'XXXX' | dd of="$d" bs=1 seek=$((512 + 40)) conv=notrunc status=none
same_as_sfdisk gpt-backup-header "$d"
"$inspect" "$d" parts | grep "primary GPT unusable (GPT: header CRC mismatch at LBA 1); using the backup" >/dev/null \
	&& ok "gpt-backup-note" || ko "gpt-backup-note: $("$inspect" "$d" parts)"
# Damage the backup too: a clear error, no partitions invented.
size=$(stat -c %s "$d")
printf 'XXXX' | dd of="$d" bs=1 seek=$((size - 512 + 40)) conv=notrunc status=none
out=$("$inspect" "$d" parts 2>&1)
grep -q "GPT: primary: GPT: header CRC mismatch at LBA 1; backup: GPT: header CRC mismatch" <<<"$out" \
	&& ok "gpt-both-damaged" || ko "gpt-both-damaged: $out"

d=$work/gpt4k.img; rm -f "$d"; truncate -s 64M "$d"
python3 "$here/lib/mkgpt.py" "$d" 4096 256:256:bios 512:5120:boot 5632:5120:root
out=$("$inspect" "$d" parts --sector-size 4096)
grep -q "(hd0,gpt2) gpt start 512 size 5120.*name 'boot'" <<<"$out" && ok "gpt-4096-byte-sectors" || ko "gpt-4096: $out"

d=$work/whole.img; rm -f "$d"
mke2fs -q -F -t ext4 -L wholedisk "$d" 16M >/dev/null 2>&1
out=$("$inspect" "$d" parts)
grep -q "(hd0) none .* fs ext4 .* label 'wholedisk'" <<<"$out" && ok "whole-disk-filesystem" || ko "whole-disk: $out"

echo "parts: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
