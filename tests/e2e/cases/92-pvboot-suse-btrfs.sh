# An openSUSE-shaped guest (tests/lib/suse-btrfs.sh): GPT, a btrfs root
# whose default subvolume is snapper's snapshot 1 with /boot inside it,
# grub.cfg as SUSE's grub2-mkconfig writes it with snapshot booting
# (btrfs_relative_path, btrfs-mount-subvol /.snapshots) and snapper's
# "Start bootloader from a read-only snapshot" submenu.  grubenv saves the
# entry of read-only snapshot 2, so the boot goes through all of SUSE's
# rules: grub.cfg and grubenv found relative to the default subvolume, the
# snapshot's grub-snapshot.cfg through the mounted /.snapshots, its own
# grub.cfg by configfile, the kernel and initrd through $btrfs_subvol, and
# rootflags=subvol= from $extra_cmdline.  case_prepare loop-mounts (root).
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh)
CASE_REQUIRES=(@pvboot)
CASE_MEMORY=512
CASE_TIMEOUT=120
. "$E2E_DIR/../lib/suse-btrfs.sh"
CASE_EXPECT=("^PVBOOT-E2E-MARKER cmdline=root=UUID=$SUSE_UUID rootflags=subvol=/@/.snapshots/2/snapshot console=hvc0 e2e.case=pvboot-suse-btrfs.?\$"
             '^PVBOOT-E2E-GUEST-DONE')
case_prepare() {
  command -v mkfs.btrfs >/dev/null || { echo "mkfs.btrfs missing (btrfs-progs)"; return 1; }
  SUSE_SAVED="Start bootloader from a read-only snapshot>$SUSE_SNAP_TITLE>gnulinux-simple-$SUSE_UUID" \
    suse_btrfs_disk "$CASE_WORK/disk.img" "$E2E_CLOUD_KERNEL" "$(resolve @guest-cloud)" \
      "$(resolve @guest-cloud)" "console=hvc0 e2e.case=pvboot-suse-btrfs" || return 1
  CASE_DISKS=("$CASE_WORK/disk.img")
}
