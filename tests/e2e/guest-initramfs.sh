#!/usr/bin/env bash
# Build the tiny test-guest initramfs: busybox + an /init that prints
#   PVBOOT-E2E-MARKER cmdline=<contents of /proc/cmdline>
# and, when the cmdline has e2e.blk, loads xen-blkfront (from the modules of
# kernel KVER) and reports every xvd* disk with its size and sector size:
#   PVBOOT-E2E-BLK xvda sectors=<512-byte units> lbs=<logical block size>
# When the cmdline has e2e.sha=FILE it also prints the sha256 of /dev/xvda
# (FILE is only a label); with e2e.dd it reads all of /dev/xvda with dd and
# prints PVBOOT-E2E-DD xvda bytes=N t0=UPTIME t1=UPTIME.  Then poweroff -f.
# Usage: guest-initramfs.sh KVER OUT.cpio.gz
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${PVBOOT_CACHE:-$HOME/.cache/pvboot}
. "$CACHE/e2e/env.sh"
. "$HERE/lib/modules.sh"
KVER=${1:?usage: guest-initramfs.sh KVER OUT.cpio.gz}
OUT=${2:?usage: guest-initramfs.sh KVER OUT.cpio.gz}
MR=$E2E_ROOT/lib/modules/$KVER

S=$(mktemp -d)
trap 'rm -rf "$S"' EXIT
mkdir -p "$S"/{bin,dev,proc,sys,etc,lib/modules}
cp "$E2E_ROOT/bin/busybox" "$S/bin/busybox"
for a in sh mount cat echo grep insmod sleep poweroff ls sha256sum head dd cut; do ln -s busybox "$S/bin/$a"; done
mod_closure "$MR" xen-blkfront >"$S/etc/blk-modules"
while read -r m; do mkdir -p "$S/lib/modules/$(dirname "$m")"; cp "$MR/$m" "$S/lib/modules/$m"; done <"$S/etc/blk-modules"

cat >"$S/init" <<'INIT'
#!/bin/sh
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# Only errors from the kernel on the console from here on: a notice printed
# in the middle of a report line below (hvc writes a line in pieces) would
# break the line the harness matches.  The read is the shell's own, not a
# cat: one fork less for the emulation to get wrong.
echo 4 >/proc/sys/kernel/printk
read -r CMDLINE </proc/cmdline
echo "PVBOOT-E2E-MARKER cmdline=$CMDLINE"
case " $CMDLINE " in
*" e2e.blk"*)
  while read -r m; do insmod "/lib/modules/$m"; done </etc/blk-modules
  i=0
  while [ ! -e /sys/block/xvda ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
  sleep 0.5
  found=0
  for d in /sys/block/xvd*; do
    [ -e "$d" ] || continue
    found=1
    echo "PVBOOT-E2E-BLK ${d##*/} sectors=$(cat $d/size) lbs=$(cat $d/queue/logical_block_size)"
  done
  [ $found = 1 ] || echo "PVBOOT-E2E-BLK none"
  ;;
esac
case " $CMDLINE " in
*" e2e.dd"*)
  read -r a _ </proc/uptime
  dd if=/dev/xvda of=/dev/null bs=1M 2>/dev/null
  read -r b _ </proc/uptime
  echo "PVBOOT-E2E-DD xvda bytes=$(( $(cat /sys/block/xvda/size) * 512 )) t0=$a t1=$b"
  ;;
esac
case " $CMDLINE " in
*" e2e.sha"*) echo "PVBOOT-E2E-SHA xvda $(sha256sum </dev/xvda | cut -c1-64)" ;;
esac
echo "PVBOOT-E2E-GUEST-DONE"
poweroff -f
INIT
chmod +x "$S/init"
tmp=$(mktemp "$OUT.XXXXXX")
(cd "$S" && find . | sort | cpio -o -H newc --quiet | gzip -1) >"$tmp"
chmod 644 "$tmp"; mv "$tmp" "$OUT"
