#!/usr/bin/env bash
# The real Debian 12 installer as a guest's only disk, on the host: an ISO
# laid out as debian-cd does it (tests/lib/debian-installer-iso.sh, from
# the debian-installer-12-netboot-amd64 package) must show the
# installer's own GRUB menu through pvboot-inspect, and `boot` must load
# its kernel and initrd (the sizes of the package's files) and plan a PV
# handoff.  Also GRUB's ESP stub followed to the real configuration on
# another disk, and an ISOLINUX-only image refused with a clear message.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${PVBOOT_BUILD:?}
inspect=$build/host/pvboot-inspect
work=$build/d-i
rm -rf "$work"; mkdir -p "$work"
pass=0 fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1"; fail=$((fail + 1)); }
export MTOOLS_SKIP_CHECK=1

if ! iso=$(bash "$here/lib/debian-installer-iso.sh" 2>"$work/iso.log"); then
	echo "FAIL: building the installer ISO: $(tail -3 "$work/iso.log")"; exit 1
fi
cache=${PVBOOT_CACHE:-$HOME/.cache/pvboot}
deb=$(ls "$cache/debs"/debian-installer-12-netboot-amd64_*.deb | head -1)
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" --wildcards './usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64/linux' \
	'./usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64/initrd.gz' \
	'./usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64/grub/grub.cfg'
di=$work/usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64

out=$("$inspect" "$iso" parts 2>&1)
if grep -q "^(hd0) .* fs iso9660 uuid [0-9-]* label 'Debian 12 amd64 n'" <<<"$out" &&
   grep -q "^(hd0,[a-z]*[0-9]) .*fs fat" <<<"$out"; then
	ok "parts: the ISO is (hd0), its ESP image a partition: $(tr '\n' ';' <<<"$out")"
else
	ko "parts: $out"
fi

entries=$(grep -c '^ *menuentry ' "$di/grub/grub.cfg")
out=$("$inspect" "$iso" menu 2>&1); rc=$?
n=$(grep -c '^entry [0-9]*:' <<<"$out")
if [ $rc -eq 0 ] && grep -q '^config: (hd0)/boot/grub/grub.cfg$' <<<"$out" && [ "$n" = "$entries" ] &&
   grep -q '^entry 0: Install$' <<<"$out" && grep -q '^  kernel: /install.amd/vmlinuz$' <<<"$out"; then
	ok "menu: the installer's $n entries from (hd0)/boot/grub/grub.cfg"
else
	ko "menu: exit $rc, $n of $entries entries: $(head -5 <<<"$out")"
fi

out=$("$inspect" "$iso" boot 2>&1); rc=$?
ksz=$(stat -c %s "$di/linux") isz=$(stat -c %s "$di/initrd.gz")
if [ $rc -eq 0 ] && grep -q "kernel (hd0)/install.amd/vmlinuz: $ksz bytes" <<<"$out" &&
   grep -q "initrd (hd0)/install.amd/initrd.gz: $isz bytes" <<<"$out" &&
   grep -q "command line: vga=788 --- quiet" <<<"$out" && grep -q "handoff Xen PV: bzImage" <<<"$out"; then
	ok "boot: $(grep 'handoff' <<<"$out" | sed 's/^pvboot: //')"
else
	ko "boot: exit $rc: $(grep '^pvboot:' <<<"$out" | tail -6)"
fi
out=$("$inspect" "$iso" boot --entry 'Advanced options ...>... Rescue mode' 2>&1); rc=$?
if [ $rc -eq 0 ] && grep -q "booting '... Rescue mode'" <<<"$out" && grep -q "command line: vga=788 rescue/enable=true --- quiet" <<<"$out"; then
	ok "boot --entry: the rescue entry from the submenu"
else
	ko "boot --entry rescue: exit $rc: $(grep '^pvboot:' <<<"$out" | tail -4)"
fi

# GRUB's ESP stub (Fedora's shape): the only configuration pvboot finds by
# itself is /EFI/fedora/grub.cfg on the ESP, which searches the real one
# by filesystem UUID on the second disk.
mkdir -p "$work/esp/EFI/fedora" "$work/root/mygrub"
printf 'menuentry "from the real config" {\n  linux /vmlinuz root=/dev/xvdb1\n}\n' >"$work/root/mygrub/grub.cfg"
u=3f1c2d4e-1111-2222-3333-444455556666
mke2fs -q -F -t ext4 -U $u -d "$work/root" "$work/root.img" 8M >/dev/null 2>&1
printf 'search --no-floppy --fs-uuid --set=dev %s\nset prefix=($dev)/mygrub\nexport $prefix\nconfigfile $prefix/grub.cfg\n' $u \
	>"$work/esp/EFI/fedora/grub.cfg"
mkfs.vfat -C "$work/esp.img" 4096 >/dev/null && mcopy -s -i "$work/esp.img" "$work/esp"/* ::/
out=$("$inspect" "$work/esp.img,$work/root.img" menu 2>&1); rc=$?
if [ $rc -eq 0 ] && grep -q '^config: (hd0)/EFI/fedora/grub.cfg$' <<<"$out" && grep -q '^entry 0: from the real config$' <<<"$out"; then
	ok "ESP stub followed: search --fs-uuid, set prefix, configfile"
else
	ko "ESP stub: exit $rc: $(head -4 <<<"$out")"
fi

# ISOLINUX only: not read, and said so.
mkdir -p "$work/syslinux/isolinux"
printf 'default linux\nlabel linux\n  kernel /vmlinuz\n' >"$work/syslinux/isolinux/isolinux.cfg"
xorriso -as mkisofs -quiet -R -o "$work/syslinux.iso" "$work/syslinux" >/dev/null 2>&1
out=$("$inspect" "$work/syslinux.iso" menu 2>&1); rc=$?
if [ $rc -eq 1 ] && grep -q "(hd0)/isolinux/isolinux.cfg is an ISOLINUX/SYSLINUX configuration" <<<"$out"; then
	ok "isolinux only: $out"
else
	ko "isolinux only: exit $rc: $out"
fi

echo "debian-installer: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
