# Sixteen disks, xvda..xvdp, and only the last one holds /boot: pvboot must
# connect them all (one shared pool of I/O pages, a grown grant table:
# 4 disks were already too many for the old fixed 8 frames), search every
# one of them in order, boot the kernel from hd15, and leave all sixteen
# frontends so the guest's own kernel can connect again (it lists its
# disks: e2e.blk).  The others: blank 4 MiB images, and every fourth an
# 8 MiB ext4 without any boot configuration.
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh)
CASE_REQUIRES=(@pvboot)
# On a quiet 2-core host: xl create -> marker 14 s, guest gone at 21 s (of
# which pvboot ~4 s: 2.2 s connecting the 16 disks, 1 s disconnecting them).
# On a busy one the same run took 200 s, hence the generous bound.
CASE_TIMEOUT=300
CASE_EXPECT=('^pvboot: disk xvda: 8192 sectors' '^pvboot: disk xvdp: 131072 sectors'
             '^pvboot: \(hd15\) ext4'
             '^PVBOOT-E2E-MARKER cmdline=.*e2e\.case=pvboot-many-disks'
             '^PVBOOT-E2E-BLK xvda sectors=8192' '^PVBOOT-E2E-GUEST-DONE')
CASE_REJECT=('grant table full' '^pvboot: disk device/vbd/')
case_prepare() {
  local i
  CASE_DISKS=()
  for i in $(seq 0 14); do
    if [ $((i % 4)) = 3 ]; then
      mkdir -p "$CASE_WORK/decoy$i/etc"
      echo "disk $i: no boot configuration here" >"$CASE_WORK/decoy$i/etc/motd"
      e2e_mkext4 "$CASE_WORK/decoy$i" "$CASE_WORK/d$i.img" 8M
    else
      truncate -s 4M "$CASE_WORK/d$i.img"
    fi
    CASE_DISKS+=("$CASE_WORK/d$i.img")
  done
  e2e_boot_tree "$CASE_WORK/root" "$E2E_CLOUD_KERNEL" "$(resolve @guest-cloud)" \
    "console=hvc0 e2e.case=pvboot-many-disks e2e.blk"
  e2e_mkext4 "$CASE_WORK/root" "$CASE_WORK/boot.img" 64M
  CASE_DISKS+=("$CASE_WORK/boot.img")
}
# How many disks the guest's kernel found again after the handoff (its
# listing waits only for xvda, so the rest may still be connecting).
case_check() {
  local n
  n=$(grep -c '^PVBOOT-E2E-BLK xvd' "$1" || true)
  echo "pvboot saw 16 disks; the guest kernel listed $n" >"$CASE_WORK/summary"
}
