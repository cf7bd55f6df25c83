# Bad disks next to a good one: xvda's MBR names a partition past the end
# of the disk, xvdb's first GPT partition holds an ext4 whose superblock
# fails its checksum, and xvdb's second partition holds /boot.  pvboot
# says what is wrong with each and boots from (hd1,gpt2).
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh)
CASE_REQUIRES=(@pvboot)
CASE_TIMEOUT=120
CASE_EXPECT=('^pvboot: \(hd0\) .*MBR: partition 1 .*past the end of the 32768-sector disk'
             '^pvboot: \(hd1,gpt1\) .*ext4: superblock checksum mismatch'
             '^pvboot: \(hd1,gpt2\) ext4 uuid '
             '^PVBOOT-E2E-MARKER cmdline=console=hvc0 e2e.case=pvboot-corrupt-disks.?$' '^PVBOOT-E2E-GUEST-DONE')
case_prepare() {
  local a=$CASE_WORK/bad-table.img b=$CASE_WORK/disk.img
  truncate -s 16M "$a"
  printf 'label: dos\nstart=2048, size=8M, type=83\n' | sfdisk -q "$a"
  # Partition 1 moved to sector 1 Mi, 128 GiB long: past the disk's end.
  printf '\x00\x00\x10\x00\x00\x00\x00\x10' | dd of="$a" bs=1 seek=$((446 + 8)) conv=notrunc status=none
  truncate -s 96M "$b"
  printf 'label: gpt\nstart=2048, size=16M\nstart=34816, size=64M\n' | sfdisk -q "$b"
  mke2fs -q -F -t ext4 -E offset=$((2048 * 512)) "$b" 16M
  e2e_boot_tree "$CASE_WORK/root" "$E2E_CLOUD_KERNEL" "$(resolve @guest-cloud)" \
    "console=hvc0 e2e.case=pvboot-corrupt-disks"
  mke2fs -q -F -t ext4 -d "$CASE_WORK/root" -E offset=$((34816 * 512)) "$b" 64M
  # s_inodes_count of the first filesystem changed behind its checksum.
  printf '\xff\xff\xff\x7f' | dd of="$b" bs=1 seek=$((2048 * 512 + 1024)) conv=notrunc status=none
  CASE_DISKS=("$a" "$b")
}
