# Peer measurement, not run by `make test`: Debian's pvgrub2 PVH image
# triple-faulted its Linux guest in one CI rehearsal under QEMU TCG (not pvboot
# code, so not a CI gate).  Run: BUILD=$PWD/build bash tests/e2e/run.sh tests/bench/peer-cases/*.sh
# The PVH peer: pvgrub2's PVH image (grub-i386-xen_pvh.bin) on the same disk
# layout as 20-pvgrub2.
CASE_TYPE=pvh
CASE_KERNEL=@pvgrub2-pvh
CASE_MEMORY=512
CASE_TIMEOUT=150
CASE_EXPECT=('^PVBOOT-E2E-MARKER cmdline=.*e2e\.case=pvgrub2-pvh' '^PVBOOT-E2E-GUEST-DONE')
case_prepare() {
  e2e_boot_tree "$CASE_WORK/root" "$E2E_GENERIC_KERNEL" "$(resolve @guest-generic)" \
    "console=hvc0 e2e.case=pvgrub2-pvh"
  e2e_mkext4 "$CASE_WORK/root" "$CASE_WORK/disk.img" 64M
  CASE_DISKS=("$CASE_WORK/disk.img")
}
