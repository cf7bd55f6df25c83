# The peer: Debian's pvgrub2 (grub-x86_64-xen.bin) reads /boot/grub/grub.cfg
# from an ext4 xvda and boots the generic (xz) kernel.  (It cannot load the
# LZ4 cloud kernel: "not xen image".)
CASE_KERNEL=@pvgrub2
CASE_MEMORY=512
CASE_TIMEOUT=150
CASE_EXPECT=('^PVBOOT-E2E-MARKER cmdline=.*e2e\.case=pvgrub2' '^PVBOOT-E2E-GUEST-DONE')
case_prepare() {
  e2e_boot_tree "$CASE_WORK/root" "$E2E_GENERIC_KERNEL" "$(resolve @guest-generic)" \
    "console=hvc0 e2e.case=pvgrub2"
  e2e_mkext4 "$CASE_WORK/root" "$CASE_WORK/disk.img" 64M
  CASE_DISKS=("$CASE_WORK/disk.img")
}
CASE_FULL_ONLY=(pv)   # the testbed's own baseline (no pvboot in it): the full suite and the benchmarks run it, CI does not
