# One run of the boot-time benchmark (sourced by tests/bench/boot-cases/*.sh
# after the e2e case defaults): bench_case LOADER RUN, LOADER being
#   direct   Xen's own domain builder starts the generic kernel (the limit)
#   pvgrub2  Debian's GRUB Xen image reads grub.cfg from xvda and boots the
#            same kernel: grub-x86_64-xen.bin (PV), grub-i386-xen_pvh.bin (PVH)
#   pvboot   pvboot reads the same grub.cfg and boots the same kernel
# each as a PV and a PVH guest (bench-LOADER-RUN@pv, @pvh).  Every loader
# gets the same kind of disk, memory and command line; the kernel is
# Debian's generic one for PV (pvgrub2 cannot read the cloud kernel's lz4)
# and the cloud one for PVH (pvboot's PVH handoff of the generic kernel is
# not reliable yet, see the README).
bench_case() {
  CASE_NAME=bench-$1-$2
  CASE_TYPES=(pv pvh)
  CASE_KERNEL=@$1
  [ "$1" = pvgrub2 ] && [ "$CASE_TYPE" = pvh ] && CASE_KERNEL=@pvgrub2-pvh
  CASE_MEMORY=512
  CASE_TIMEOUT=150
  CASE_EXPECT=('^PVBOOT-E2E-MARKER cmdline=.*e2e\.case=bench')
  BENCH_FLAVOUR=generic
  [ "$CASE_TYPE" = pvh ] && BENCH_FLAVOUR=cloud
  if [ "$1" = direct ]; then
    CASE_KERNEL=@$BENCH_FLAVOUR
    CASE_RAMDISK=@guest-$BENCH_FLAVOUR
    CASE_EXTRA="console=hvc0 e2e.case=bench"
  fi
  case_prepare() {
    local k=$E2E_GENERIC_KERNEL
    [ "$BENCH_FLAVOUR" = cloud ] && k=$E2E_CLOUD_KERNEL
    e2e_boot_tree "$CASE_WORK/root" "$k" "$(resolve @guest-$BENCH_FLAVOUR)" "console=hvc0 e2e.case=bench"
    e2e_mkext4 "$CASE_WORK/root" "$CASE_WORK/disk.img" 64M
    CASE_DISKS=("$CASE_WORK/disk.img")
  }
}
