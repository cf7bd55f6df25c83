# A disk with no boot configuration: a clear message, and the domain shuts
# itself down (no hang, no crash).
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh)
CASE_REQUIRES=(@pvboot)
CASE_TIMEOUT=60
CASE_MARK='no boot configuration found'
CASE_EXPECT=('^pvboot: no boot configuration found on 1 volumes' '^pvboot: nothing to boot; shutting down')
CASE_REJECT=('panic' 'PVBOOT-MENU-BEGIN')
case_prepare() {
  mkdir -p "$CASE_WORK/tree/etc"
  echo nothing >"$CASE_WORK/tree/etc/motd"
  e2e_mkext4 "$CASE_WORK/tree" "$CASE_WORK/disk.img" 16M
  CASE_DISKS=("$CASE_WORK/disk.img")
}
