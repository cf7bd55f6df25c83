# dom0 snippet (busybox sh), used by throughput cases as CASE_DOM0_PRE:
#   e2e_dom0_read DEV [FILE [sha]]
# reads DEV (or FILE on the ext4 filesystem in DEV, mounted read-only) with dd
# after dropping caches and prints
#   E2E-DOM0-READ bytes=N t0=UPTIME t1=UPTIME [sha256=HEX]
# (sha256 only with the third argument: busybox needs ~20 s per 256 MiB here)
e2e_dom0_read() {
  dev=$1; f=$2; src=$dev
  if [ -n "$f" ]; then mount -o ro "$dev" /mnt || return 1; src=/mnt/$f; fi
  sync; echo 3 >/proc/sys/vm/drop_caches
  read -r a _ </proc/uptime
  dd if="$src" of=/dev/null bs=1M 2>/dev/null
  read -r b _ </proc/uptime
  n=$(wc -c <"$src")
  h=; [ "$3" = sha ] && h=" sha256=$(sha256sum <"$src" | cut -c1-64)"
  [ -n "$f" ] && umount /mnt
  echo "E2E-DOM0-READ bytes=$n t0=$a t1=$b$h"
}
