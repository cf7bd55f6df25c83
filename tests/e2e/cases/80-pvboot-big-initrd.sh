# A 256 MiB initrd (a second initrd file of zeros after the real one,
# concatenated by pvboot as GRUB does; Linux skips zero padding between
# cpio archives) in a 512 MiB guest.  The kernel must report the whole
# size when it frees the initrd.
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh)
CASE_REQUIRES=(@pvboot)
CASE_MEMORY=512
CASE_TIMEOUT=150
CASE_EXPECT=('^PVBOOT-E2E-MARKER cmdline=console=hvc0 e2e.case=pvboot-big-initrd' 'Freeing initrd memory: 2[6-9][0-9]{4}K')
. "$E2E_DIR/lib/pvboot-boot.sh"
case_prepare() {
  local r=$CASE_WORK/root
  e2e_boot_tree "$r" "$E2E_CLOUD_KERNEL" "$(resolve @guest-cloud)" "console=hvc0 e2e.case=pvboot-big-initrd"
  head -c 256M /dev/zero >"$r/boot/zeros.img"
  sed -i 's|initrd /boot/initrd.img|initrd /boot/initrd.img /boot/zeros.img|' "$r/boot/grub/grub.cfg"
  e2e_mkext4 "$r" "$CASE_WORK/disk.img" 400M
  CASE_DISKS=("$CASE_WORK/disk.img")
}
case_check() {
  local kib
  kib=$(sed -n 's/.*loaded in [0-9]* ms (initrd \([0-9]*\) KiB).*/\1/p' "$1" | head -1)
  [ "${kib:-0}" -ge 262144 ] || { echo "pvboot loaded an initrd of ${kib:-?} KiB"; return 1; }
  echo "initrd $((kib / 1024)) MiB in a 512 MiB guest" >"$CASE_WORK/summary"
}
