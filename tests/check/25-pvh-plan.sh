#!/usr/bin/env bash
# The PVH plan on real kernels: `pvboot-inspect boot --type pvh` must put
# Debian 12's generic (xz) and cloud (lz4) kernels, and the generic one in
# every repacked format (tests/check/20-kernels.sh made them), exactly where
# binutils' readelf says their PT_LOAD segments go, entered at the
# PHYS32_ENTRY note readelf shows; a kernel whose PHYS32_ENTRY note is
# gone is refused with the reason; a guest too small for the kernel's place
# gets a clear error.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${PVBOOT_BUILD:?}
inspect=$build/host/pvboot-inspect
kern=$build/kernels
work=$build/pvh-plan
mkdir -p "$work"
pass=0 fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1"; fail=$((fail + 1)); }

[ -s "$kern/generic.vmlinux" ] || PVBOOT_BUILD=$build bash "$here/check/20-kernels.sh" >/dev/null 2>&1
mapfile -t kernels < <(bash "$here/lib/debian-kernels.sh") || true
generic=$(printf '%s\n' "${kernels[@]}" | awk '$1=="generic"{print $2}')
cloud=$(printf '%s\n' "${kernels[@]}" | awk '$1=="cloud"{print $2}')
[ -s "$kern/generic.vmlinux" ] && [ -n "$generic" ] || { echo "FAIL pvh-plan: no kernels"; exit 1; }

# What binutils says: "0xLO-0xHI, entry 0xENTRY" (page-rounded, as a
# loader must place it).
readelf_plan() { # vmlinux
	local lo= hi=0 pa ms entry b
	while read -r _ _ _ pa _ ms _; do
		pa=$((pa)); ms=$((ms))
		{ [ -z "$lo" ] || [ "$pa" -lt "$lo" ]; } && lo=$pa
		[ $((pa + ms)) -gt "$hi" ] && hi=$((pa + ms))
	done < <(readelf -lW "$1" | awk '$1 == "LOAD"')
	# The note's first 4 bytes, little-endian (Linux writes 4 or 8).
	read -r -a b < <(readelf -nW "$1" | sed -n 's/.*Unknown note type: (0x00000012).*description data: //p')
	entry=$((16#${b[3]}${b[2]}${b[1]}${b[0]}))
	printf '0x%x-0x%x, entry 0x%x\n' $((lo & ~4095)) $(((hi + 4095) & ~4095)) "$entry"
}

disk_with() { # kernel image
	local root=$work/root
	rm -rf "$root"; mkdir -p "$root/boot/grub"
	cp "$1" "$root/boot/vmlinuz"
	printf 'set timeout=0\nmenuentry "pvh" {\n\tlinux /boot/vmlinuz console=hvc0\n}\n' >"$root/boot/grub/grub.cfg"
	rm -f "$2"
	mke2fs -q -F -t ext4 -d "$root" "$2" 160M
}

plan_of() { # image [memory]
	"$inspect" "$1" boot --type pvh --memory "${2:-1024}" 2>&1
}

want=$(readelf_plan "$kern/generic.vmlinux")
check() { # name kernel-file expected-summary-part
	local out got
	disk_with "$2" "$work/disk.img" || { ko "$1: mke2fs"; return; }
	out=$(plan_of "$work/disk.img")
	got=$(sed -n 's/^pvboot: handoff Xen PVH: .*image \(0x[0-9a-f]*-0x[0-9a-f]*\) ([0-9]* KiB), \(entry 0x[0-9a-f]*\);.*/\1, \2/p' <<<"$out")
	if [ "$got" = "$3" ] && grep -q '^pvboot: dry run: the guest would start the PVH kernel' <<<"$out"; then
		ok "$1: image $got (readelf agrees)"
	else
		ko "$1: pvboot says '${got:-$(grep -m1 -i 'cannot\|error\|handoff' <<<"$out")}', readelf says '$3'"
	fi
}
check generic-xz "$generic" "$want"
for f in gzip bzip2 lzma lzo zstd; do
	[ -s "$kern/bz.$f" ] && check "generic-$f" "$kern/bz.$f" "$want"
done
check generic-elf "$kern/generic.vmlinux" "$want"
[ -s "$kern/cloud.vmlinux" ] && check cloud-lz4 "$cloud" "$(readelf_plan "$kern/cloud.vmlinux")"

# No PHYS32_ENTRY: the note's type renumbered (18 -> 17), nothing else changed.
python3 - "$kern/generic.vmlinux" "$work/nophys32.vmlinux" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], 'rb').read())
i = d.find(b'\x12\x00\x00\x00Xen\x00') - 8
assert i >= 0 and d[i:i + 4] == b'\x04\x00\x00\x00', 'PHYS32_ENTRY note not found'
d[i + 8] = 0x11
open(sys.argv[2], 'wb').write(d)
PY
disk_with "$work/nophys32.vmlinux" "$work/disk.img"
out=$(plan_of "$work/disk.img")
if grep -q "no PHYS32_ENTRY note, so it cannot start as a PVH guest" <<<"$out" &&
   grep -q 'type = "pv"' <<<"$out"; then
	ok "no PHYS32_ENTRY: refused with the reason"
else
	ko "no PHYS32_ENTRY: $(grep -m2 '^pvboot' <<<"$out" | tail -1)"
fi

# A 32 MiB guest: Linux's place (16 MiB .. 79 MiB) is not its RAM.
disk_with "$generic" "$work/disk.img"
out=$(plan_of "$work/disk.img" 32)
if grep -q "is not in the guest's RAM" <<<"$out"; then
	ok "32 MiB guest: the kernel's place is not RAM, said so"
else
	ko "32 MiB guest: $(grep -m3 '^pvboot' <<<"$out" | tail -1)"
fi

echo "pvh-plan: $pass passed, $fail failed"
[ "$fail" = 0 ]
