# Menu: three entries, `set default=1`.  The guest console must show the three
# titles in grub.cfg order, in the same order as `pvboot-inspect IMAGE menu`
# (when that subcommand exists), and boot the second entry.
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh)
CASE_REQUIRES=(@pvboot)
CASE_TIMEOUT=120
CASE_EXPECT=('^PVBOOT-E2E-MARKER cmdline=.*e2e\.case=pvboot-menu-2( |$)')
CASE_REJECT=('^PVBOOT-E2E-MARKER.*e2e\.case=pvboot-menu-[13]')
TITLES=('E2E first entry' 'E2E second entry' 'E2E third entry')
case_prepare() {
  local r=$CASE_WORK/root
  mkdir -p "$r/boot/grub"
  cp "$E2E_CLOUD_KERNEL" "$r/boot/vmlinuz"
  cp "$(resolve @guest-cloud)" "$r/boot/initrd.img"
  {
    echo 'set default=1'
    echo 'set timeout=1'
    for i in 1 2 3; do
      printf "menuentry '%s' {\n\tlinux /boot/vmlinuz console=hvc0 e2e.case=pvboot-menu-%s\n\tinitrd /boot/initrd.img\n}\n" \
        "${TITLES[$((i - 1))]}" "$i"
    done
  } >"$r/boot/grub/grub.cfg"
  e2e_mkext4 "$r" "$CASE_WORK/disk.img" 64M
  CASE_DISKS=("$CASE_WORK/disk.img")
}
# Order in which our titles first appear in a text.
title_order() {
  local t
  for t in "${TITLES[@]}"; do
    e2e_strip_ansi "$1" | grep -nF -m1 -- "$t" | sed "s/:.*/ $t/"
  done | sort -n | cut -d' ' -f2-
}
case_check() {
  e2e_titles_on_console "$1" "${TITLES[@]}" || return 1
  local guest; guest=$(title_order "$1")
  [ "$guest" = "$(printf '%s\n' "${TITLES[@]}")" ] || { echo "menu order on console: $guest"; return 1; }
  if [ -x "$PVBOOT_INSPECT" ] && "$PVBOOT_INSPECT" "$CASE_WORK/disk.img" menu >"$CASE_WORK/inspect.menu" 2>&1; then
    [ "$(title_order "$CASE_WORK/inspect.menu")" = "$guest" ] ||
      { echo "guest menu differs from pvboot-inspect menu"; return 1; }
  fi
}
