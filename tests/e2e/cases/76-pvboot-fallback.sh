# `set fallback="1 2"`: the default entry's kernel is missing, the first
# fallback's is a truncated bzImage; pvboot must say why each cannot boot
# and start the second fallback.
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh ovmf)
CASE_REQUIRES=(@pvboot)
CASE_MEMORY=512
CASE_TIMEOUT=120
# Xen's handoffs parse the bzImage themselves; on EFI the firmware's
# LoadImage is the judge of the PE image.
corrupt='bzImage: .*outside the 3000000-byte file'
[ "$CASE_TYPE" != ovmf ] || corrupt='the firmware cannot load the image: EFI_'
# The reasons must be readable: the context once, then the cause.
CASE_REJECT=("\(hd0\)/boot/vmlinuz-gone: \(hd0\)" '/boot/vmlinuz-corrupt: /boot/vmlinuz-corrupt')
CASE_EXPECT=("cannot boot 'E2E missing kernel': \(hd0\)/boot/vmlinuz-gone: .*not found"
             "cannot boot 'E2E corrupt kernel': /boot/vmlinuz-corrupt: $corrupt"
             "^PVBOOT-E2E-MARKER cmdline=console=$E2E_CONSOLE e2e.case=pvboot-fallback-good.?\$")
. "$E2E_DIR/lib/pvboot-boot.sh"
case_prepare() {
  local r=$CASE_WORK/root
  e2e_menu_tree "$r" "$E2E_CLOUD_KERNEL" "$(resolve @guest-cloud)" \
    $'set default=0\nset fallback="1 2"\nset timeout=0' \
    "E2E missing kernel|missing|/boot/vmlinuz-gone|console=$E2E_CONSOLE e2e.case=pvboot-fallback-missing" \
    "E2E corrupt kernel|corrupt|/boot/vmlinuz-corrupt|console=$E2E_CONSOLE e2e.case=pvboot-fallback-corrupt" \
    "E2E good kernel|good|/boot/vmlinuz|console=$E2E_CONSOLE e2e.case=pvboot-fallback-good"
  head -c 3000000 "$E2E_CLOUD_KERNEL" >"$r/boot/vmlinuz-corrupt"
  e2e_mkext4 "$r" "$CASE_WORK/disk.img" 64M
  CASE_DISKS=("$CASE_WORK/disk.img")
}
