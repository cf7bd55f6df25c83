#!/usr/bin/env bash
# The demo: a guest disk as a Debian installer would leave it (MBR, /boot on
# its own partition, grub.cfg, Debian 12's real cloud kernel and a tiny
# initramfs), what pvboot sees in it through pvboot-inspect, and then the
# same disk booting in a real Xen (in QEMU) with pvboot as the guest's
# kernel: menu, countdown, handoff, the guest's own Linux.
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(pwd)/${BUILD:-build}
inspect=$build/host/pvboot-inspect
make -s -j2 all >/dev/null
kernel=$(bash tests/lib/debian-kernels.sh | awk '$1=="cloud"{print $2}')
work=$build/demo
rm -rf "$work"; mkdir -p "$work/boot/grub"
cp "$kernel" "$work/boot/vmlinuz-6.1-cloud-amd64"
# The guest's initramfs: prints its command line, then powers off.
bash tests/e2e/fetch.sh >/dev/null
. "${PVBOOT_CACHE:-$HOME/.cache/pvboot}/e2e/env.sh"
bash tests/e2e/guest-initramfs.sh "$E2E_KCVER" "$work/boot/initrd.img-6.1-cloud-amd64" >/dev/null
uuid=2b7c3d4e-5f60-4172-8394-a5b6c7d8e9f0
cat > "$work/boot/grub/grub.cfg" <<CFG
set default=0
set timeout=3
search --no-floppy --fs-uuid --set=root $uuid
menuentry 'Debian GNU/Linux (cloud kernel)' --id debian-cloud {
	linux /vmlinuz-6.1-cloud-amd64 root=/dev/xvda2 ro console=hvc0
	initrd /initrd.img-6.1-cloud-amd64
}
submenu 'Advanced options' {
	menuentry 'Debian GNU/Linux (recovery)' {
		linux /vmlinuz-6.1-cloud-amd64 root=/dev/xvda2 ro single console=hvc0
		initrd /initrd.img-6.1-cloud-amd64
	}
}
CFG
mv "$work/boot" "$work/bootfs"
disk=$work/disk.img
truncate -s 128M "$disk"
printf 'label: dos\nstart=2048, size=65536, type=83, bootable\nstart=67584, type=83\n' | sfdisk -q "$disk" >/dev/null
mke2fs -q -F -t ext4 -U "$uuid" -L boot -d "$work/bootfs" "$work/boot.fs" 32M
dd if="$work/boot.fs" of="$disk" bs=512 seek=2048 conv=notrunc status=none
echo "== guest disk: $disk"
echo "\$ pvboot-inspect disk.img parts"; "$inspect" "$disk" parts
echo; echo "\$ pvboot-inspect disk.img menu"; "$inspect" "$disk" menu
echo; echo "\$ pvboot-inspect kernel vmlinuz-6.1-cloud-amd64   (read from the guest disk)"
"$inspect" "$disk" cat hd0,msdos1:/vmlinuz-6.1-cloud-amd64 > "$work/vmlinuz" 2>/dev/null
"$inspect" kernel "$work/vmlinuz" | head -20
echo; echo "\$ pvboot-inspect disk.img boot --memory 256   (a dry run of what the loader will do)"
"$inspect" "$disk" boot --memory 256 | grep '^pvboot: '

# And the same disk in a real Xen guest: Xen + a Debian dom0 boot in QEMU
# (software emulation, ~1 minute), then `xl create` starts a PV guest whose
# kernel is pvboot; its console shows the menu, the countdown and the
# guest's own kernel booting.
echo
echo "== booting Xen in QEMU with a guest whose kernel= is pvboot (about a minute)"
bash tests/e2e/boot-one.sh @pvboot "$disk" -- memory=256 timeout=90 | sed -n '/guest console/,/end of guest console/p'

# One line to end with: what booted and how long it took.
con=$build/e2e/boot-one.console
entry=$(grep -a -m1 "^pvboot: booting '" "$con" 2>/dev/null | sed "s/^pvboot: booting //" | tr -d '\r' || true)
kfile=$(grep -a -m1 '^pvboot: kernel ' "$con" 2>/dev/null | sed 's/^pvboot: kernel //; s/: [0-9]* bytes.*//' | tr -d '\r' || true)
tm=$(sed -n 's/^=== E2E-END boot-one .* t_marker=\([^ ]*\).*/\1/p' "$build/e2e/boot-one.log" 2>/dev/null || true)
echo
if [ -n "$tm" ] && [ "$tm" != - ]; then
  echo "demo: pvboot booted $entry ($kfile); xl create -> the guest's init: $tm s"
else
  echo "demo: the guest's init never ran; see $con"
  exit 1
fi
