# Dom0 words in GRUB 2.14's form (xen_grub_env_NAME=value, single quotes
# grouping) reach grub.cfg as variables, as pvgrub2 2.14 passes them: the
# entry appends $xen_grub_env_extra and picks its title by
# $xen_grub_env_mode, so a config written for pvgrub2 works unchanged.
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh)
CASE_REQUIRES=(@pvboot)
CASE_MEMORY=512
CASE_TIMEOUT=120
CASE_EXTRA="xen_grub_env_extra='e2e.dom0=a e2e.dom0b=b' xen_grub_env_mode=rescue"
CASE_EXPECT=('^PVBOOT-E2E-MARKER cmdline=console=hvc0 e2e.case=pvboot-grub-env-rescue e2e.dom0=a e2e.dom0b=b.?$'
             '^PVBOOT-E2E-GUEST-DONE')
case_prepare() {
  local r=$CASE_WORK/root
  mkdir -p "$r/boot/grub"
  cp "$E2E_CLOUD_KERNEL" "$r/boot/vmlinuz"
  cp "$(resolve @guest-cloud)" "$r/boot/initrd.img"
  cat >"$r/boot/grub/grub.cfg" <<'CFG'
set timeout=0
if [ "$xen_grub_env_mode" = rescue ]; then set default=rescue; else set default=normal; fi
menuentry 'E2E normal' --id normal {
	linux /boot/vmlinuz console=hvc0 e2e.case=pvboot-grub-env-normal $xen_grub_env_extra
	initrd /boot/initrd.img
}
menuentry 'E2E rescue' --id rescue {
	linux /boot/vmlinuz console=hvc0 e2e.case=pvboot-grub-env-rescue $xen_grub_env_extra
	initrd /boot/initrd.img
}
CFG
  e2e_mkext4 "$r" "$CASE_WORK/disk.img" 64M
  CASE_DISKS=("$CASE_WORK/disk.img")
}
