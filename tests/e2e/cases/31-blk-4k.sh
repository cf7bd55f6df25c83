# A disk with 4096-byte logical sectors (QEMU virtio logical_block_size=4096
# in dom0, which blkback advertises as sector-size).  The guest must see
# lbs=4096; its sha256 of xvda must match the image.
CASE_KERNEL=@cloud
CASE_RAMDISK=@guest-cloud
CASE_EXTRA="console=hvc0 e2e.case=blk4k e2e.blk e2e.sha"
CASE_SECTOR=4096
CASE_EXPECT=('^PVBOOT-E2E-BLK xvda sectors=32768 lbs=4096')
CASE_DOM0_PRE='echo "dom0 lbs=$(cat /sys/block/${DISK0#/dev/}/queue/logical_block_size)"'
case_prepare() {
  head -c 16M /dev/urandom >"$CASE_WORK/a.img"
  sha256sum <"$CASE_WORK/a.img" | cut -c1-64 >"$CASE_WORK/a.sha"
  CASE_DISKS=("$CASE_WORK/a.img")
}
case_check() {
  local want; want=$(cat "$CASE_WORK/a.sha")
  grep -q "^PVBOOT-E2E-SHA xvda $want" "$1" || { echo "guest sha256 of xvda != image ($want)"; return 1; }
  grep -q '^dom0| dom0 lbs=4096' "$2" || { echo "dom0 does not see a 4096-byte disk"; return 1; }
}
CASE_FULL_ONLY=(pv)   # the testbed's own baseline (no pvboot in it): the full suite and the benchmarks run it, CI does not
