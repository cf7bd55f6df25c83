#!/usr/bin/env bash
# Build the dom0 initramfs for the Xen-in-QEMU testbed:
#   busybox + xl/xenstored/xenconsoled/xen-init-dom0/xenstore-* + their libs,
#   the Xen backend modules, a hotplug script that needs neither udev nor bash,
#   and an /init that brings up the toolstack and runs /e2e/plan.sh (the test
#   plan is appended by run.sh as a second, concatenated cpio archive).
# Usage: dom0-initramfs.sh OUT.cpio.gz      (needs fetch.sh's env.sh)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${PVBOOT_CACHE:-$HOME/.cache/pvboot}
. "$CACHE/e2e/env.sh"
. "$HERE/lib/modules.sh"
OUT=${1:?usage: dom0-initramfs.sh OUT.cpio.gz}
R=$E2E_ROOT
XBIN=$R/usr/lib/xen-4.17/bin
LIBDIRS=$R/usr/lib/x86_64-linux-gnu:$R/lib/x86_64-linux-gnu

S=$(mktemp -d)
trap 'rm -rf "$S"' EXIT
mkdir -p "$S"/{bin,sbin,dev,proc,sys,run,tmp,mnt,etc/xen/scripts,lib/modules,lib64,e2e} \
         "$S"/var/{lib/xen,lib/xenstored,run/xen,run/xenstored,log/xen/console} \
         "$S"/usr/lib/xen-4.17/bin "$S"/usr/lib/x86_64-linux-gnu "$S"/usr/bin
cp "$R/bin/busybox" "$S/bin/busybox"
for a in $("$S/bin/busybox" --list); do [ -e "$S/bin/$a" ] || ln -s busybox "$S/bin/$a"; done

BINS=(xl xenstored xenconsoled xen-init-dom0 xen-hvmctx xenctx)  # the last two: a stopped guest's CPU state, for debugging
for b in "${BINS[@]}"; do cp "$XBIN/$b" "$S/usr/lib/xen-4.17/bin/"; ln -s /usr/lib/xen-4.17/bin/$b "$S/bin/$b"; done
# xenstore-utils ships one multi-call binary hard-linked under each name.
cp "$R/usr/bin/xenstore-read" "$S/usr/bin/xenstore"
for n in read write ls list rm exists; do ln -s xenstore "$S/usr/bin/xenstore-$n"; done

# Shared libraries: ldd against the extracted tree, host libc for the rest.
libs() {
  LD_LIBRARY_PATH=$LIBDIRS ldd "$1" | awk '/=> \//{print $3} /^\t\/lib64/{print $1}'
}
{ for b in "${BINS[@]}"; do libs "$XBIN/$b"; done; libs "$R/usr/bin/xenstore-read"
  # xl dlopens libgcc_s at exit (pthread_cancel unwinding).
  ls /lib/x86_64-linux-gnu/libgcc_s.so.1 /usr/lib/x86_64-linux-gnu/libgcc_s.so.1 2>/dev/null | head -n1
} | sort -u | while read -r l; do
  case $l in
    /lib64/*) cp -L "$l" "$S/lib64/" ;;
    *) cp -L "$l" "$S/usr/lib/x86_64-linux-gnu/" ;;
  esac
done
ln -s usr/lib/x86_64-linux-gnu "$S/lib/x86_64-linux-gnu"

# Modules, in this order (xenfs needs evtchn+privcmd; blkback needs gntdev
# for grant mapping), then virtio-blk for the guest disks QEMU provides and
# ext4 (+ crc32c: no modprobe here) so a dom0 snippet can read a guest file.
MR=$R/lib/modules/$E2E_KVER
mod_closure "$MR" xen-evtchn xen-privcmd xenfs xen-gntdev xen-gntalloc xen-blkback loop \
  virtio_pci virtio_blk crc32c_generic ext4 >"$S/etc/e2e-modules"
while read -r m; do mkdir -p "$S/lib/modules/$(dirname "$m")"; cp "$MR/$m" "$S/lib/modules/$m"; done <"$S/etc/e2e-modules"

# Hotplug without udev or bash: tell blkback which device to export.
cat >"$S/etc/xen/scripts/e2e-block" <<'HP'
#!/bin/sh
# libxl runs this with add|remove and XENBUS_PATH set.
[ "$1" = add ] || { xenstore-write "$XENBUS_PATH/hotplug-status" disconnected 2>/dev/null; exit 0; }
dev=$(xenstore-read "$XENBUS_PATH/params")
mm=$(stat -L -c %t:%T "$dev") || exit 1
xenstore-write "$XENBUS_PATH/physical-device" "$mm" \
               "$XENBUS_PATH/physical-device-path" "$dev" \
               "$XENBUS_PATH/hotplug-status" connected
HP
chmod +x "$S/etc/xen/scripts/e2e-block"
: >"$S/etc/xen/xl.conf"

cat >"$S/init" <<'INIT'
#!/bin/sh
# dom0 /init of the pvboot e2e testbed.
export PATH=/bin:/usr/bin:/usr/lib/xen-4.17/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /run
mkdir -p /run/xen /run/xenstored
echo 1 >/proc/sys/kernel/printk
while read -r m; do insmod "/lib/modules/$m" || echo "E2E-DOM0: insmod $m failed"; done </etc/e2e-modules
mount -t xenfs xenfs /proc/xen
xenstored --pid-file /run/xenstored.pid
xen-init-dom0 >/dev/null
xenconsoled --log=guest --log-dir=/var/log/xen/console
read up _ </proc/uptime
echo "E2E-DOM0-READY uptime=$up disks: $(cd /sys/block && for d in vd*; do printf "%s=%s " $d "$(cat $d/serial 2>/dev/null)"; done)"
if [ -f /e2e/plan.sh ]; then sh /e2e/plan.sh; else echo "E2E-DOM0: no /e2e/plan.sh"; fi
read up _ </proc/uptime
echo "E2E-DOM0-DONE uptime=$up"
sync
poweroff -f
INIT
chmod +x "$S/init"

tmp=$(mktemp "$OUT.XXXXXX")
(cd "$S" && find . | sort | cpio -o -H newc --quiet | gzip -1) >"$tmp"
chmod 644 "$tmp"; mv "$tmp" "$OUT"
echo "dom0 initramfs: $OUT ($(du -h "$OUT" | cut -f1))"
