# Two disks reach a direct-booted guest through blkback; the guest's
# xen-blkfront sees both with the right sizes (64 MiB = 131072 sectors, 8 MiB).
CASE_KERNEL=@cloud
CASE_RAMDISK=@guest-cloud
CASE_EXTRA="console=hvc0 e2e.case=blk2 e2e.blk"
CASE_EXPECT=('^PVBOOT-E2E-BLK xvda sectors=131072 lbs=512' '^PVBOOT-E2E-BLK xvdb sectors=16384 lbs=512')
case_prepare() {
  truncate -s 64M "$CASE_WORK/a.img"
  truncate -s 8M "$CASE_WORK/b.img"
  CASE_DISKS=("$CASE_WORK/a.img" "$CASE_WORK/b.img")
}
CASE_FULL_ONLY=(pv)   # the testbed's own baseline (no pvboot in it): the full suite and the benchmarks run it, CI does not
