# Baseline block throughput: dom0 reads a 256 MiB disk with dd (virtio), then a
# direct-booted Linux guest reads the same disk through blkfront/blkback.
# Both rates land in the PASS line (data integrity: see 31-blk-4k's sha256).
CASE_KERNEL=@cloud
CASE_RAMDISK=@guest-cloud
CASE_MEMORY=512
CASE_TIMEOUT=180
CASE_EXTRA="console=hvc0 quiet e2e.case=blk-tput e2e.blk e2e.dd"
CASE_EXPECT=('^PVBOOT-E2E-DD xvda bytes=268435456 ')
CASE_DOM0_PRE="$E2E_DOM0_READ_LIB
e2e_dom0_read \$DISK0"
case_prepare() {
  head -c 256M /dev/urandom >"$CASE_WORK/big.img"
  CASE_DISKS=("$CASE_WORK/big.img")
}
case_check() {
  grep -q '^dom0| E2E-DOM0-READ bytes=268435456 ' "$2" || { echo "dom0 did not read 256 MiB"; return 1; }
  echo "dom0 dd $(e2e_rate "$2" E2E-DOM0-READ), guest blkfront dd $(e2e_rate "$1" PVBOOT-E2E-DD)" >"$CASE_WORK/summary"
}
CASE_FULL_ONLY=(pv)   # the testbed's own baseline (no pvboot in it): the full suite and the benchmarks run it, CI does not
