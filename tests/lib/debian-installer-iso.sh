#!/usr/bin/env bash
# Build a Debian 12 installer ISO the way debian-cd lays one out, from the
# real kernel, initrd and GRUB configuration of Debian's
# debian-installer-12-netboot-amd64 package, and print its path.
#   /install.amd/vmlinuz, /install.amd/initrd.gz   (d-i's linux, initrd.gz)
#   /boot/grub/grub.cfg   d-i's grub.cfg with debian-cd's paths
#   /boot/grub/font.pf2, /boot/grub/x86_64-efi/grub.cfg
#   /boot/grub/efi.img    a FAT ESP image: /EFI/boot/bootx64.efi,
#                         /EFI/debian/grub.cfg (search --file /.disk/id/...)
#   /.disk/info, /.disk/id/UUID, /isolinux/ (d-i's syslinux menus)
# made by xorriso -as mkisofs as debian-cd calls it: Rock Ridge, Joliet,
# El Torito BIOS (isolinux) and EFI boot, an isohybrid MBR, GPT and APM.  The
# .deb (133 MB) and the ISO are cached in ${PVBOOT_CACHE:-~/.cache/pvboot}.
set -euo pipefail
cache=${PVBOOT_CACHE:-$HOME/.cache/pvboot}
debs=$cache/debs
mkdir -p "$debs"
pkg=debian-installer-12-netboot-amd64
deb=$(ls "$debs/${pkg}"_*.deb 2>/dev/null | head -1 || true)
if [ -z "$deb" ]; then
	apt-cache show "$pkg" >/dev/null 2>&1 || apt-get update -qq >/dev/null 2>&1 || true
	tmp=$(mktemp -d "$debs/.dl.XXXXXX")
	(cd "$tmp" && apt-get download -qq "$pkg" >/dev/null 2>&1)
	mv "$tmp"/*.deb "$debs/" && rm -rf "$tmp"
	deb=$(ls "$debs/${pkg}"_*.deb | head -1)
fi
iso=$cache/$(basename "$deb" .deb).iso
if [ -s "$iso" ]; then echo "$iso"; exit 0; fi
export MTOOLS_SKIP_CHECK=1
t=$(mktemp -d "$cache/.iso.XXXXXX")
trap 'rm -rf "$t"' EXIT
dpkg-deb -x "$deb" "$t/x"
di=$t/x/usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64
cd=$t/cd
mkdir -p "$cd/install.amd" "$cd/boot/grub/x86_64-efi" "$cd/.disk/id" "$cd/isolinux"
cp "$di/linux" "$cd/install.amd/vmlinuz"
cp "$di/initrd.gz" "$cd/install.amd/initrd.gz"
sed -e 's|/debian-installer/amd64/linux|/install.amd/vmlinuz|g' \
    -e 's|/debian-installer/amd64/initrd.gz|/install.amd/initrd.gz|g' "$di/grub/grub.cfg" >"$cd/boot/grub/grub.cfg"
cp "$di/grub/font.pf2" "$cd/boot/grub/"
cp "$di/grub/x86_64-efi/grub.cfg" "$cd/boot/grub/x86_64-efi/"
cp "$di"/boot-screens/*.cfg "$cd/isolinux/"
uuid=$(sed -n 's/^Version: //p' <(dpkg-deb -f "$deb") | tr -c '0-9a-zA-Z\n' '-')
echo "Debian GNU/Linux 12 \"Bookworm\" - Official amd64 NETINST (d-i $uuid)" >"$cd/.disk/info"
: >"$cd/.disk/id/$uuid"
printf 'search --file --set=root /.disk/id/%s\nset prefix=($root)/boot/grub\nsource $prefix/x86_64-efi/grub.cfg\n' "$uuid" >"$t/stub.cfg"
mkfs.vfat -C -n ESP "$cd/boot/grub/efi.img" 8192 >/dev/null
mmd -i "$cd/boot/grub/efi.img" ::/EFI ::/EFI/boot ::/EFI/debian
mcopy -i "$cd/boot/grub/efi.img" "$di/bootnetx64.efi" ::/EFI/boot/bootx64.efi
mcopy -i "$cd/boot/grub/efi.img" "$di/grubx64.efi" ::/EFI/boot/grubx64.efi
mcopy -i "$cd/boot/grub/efi.img" "$t/stub.cfg" ::/EFI/debian/grub.cfg
# BIOS boot as debian-cd: isolinux (Debian's isolinux and syslinux-common).
cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$cd/isolinux/"
printf 'include menu.cfg\ndefault vesamenu.c32\nprompt 0\ntimeout 0\n' >"$cd/isolinux/isolinux.cfg"
xorriso -as mkisofs -quiet -r -V 'Debian 12 amd64 n' -o "$t/out.iso" -J -joliet-long -cache-inodes \
	-isohybrid-mbr /usr/lib/ISOLINUX/isohdpfx.bin -b isolinux/isolinux.bin -c isolinux/boot.cat \
	-boot-load-size 4 -boot-info-table -no-emul-boot \
	-eltorito-alt-boot -e boot/grub/efi.img -no-emul-boot -isohybrid-gpt-basdat -isohybrid-apm-hfsplus \
	"$cd" >"$t/xorriso.log" 2>&1 || { cat "$t/xorriso.log" >&2; exit 1; }
mv "$t/out.iso" "$iso"
echo "$iso"
