# Defaults every case file starts from (sourced before tests/e2e/cases/*.sh).
# A case file sets any of these and may define case_prepare / case_check.
# Available to it: $BUILD (absolute build dir), $CASE_WORK (empty scratch dir
# for this case under $BUILD/e2e/work/<name>), $PVBOOT_INSPECT, the E2E_*
# paths of fetch.sh's env.sh, and $E2E_DIR (tests/e2e).
CASE_NAME=              # default: file name without NN- prefix and .sh
CASE_TYPE=pv            # pv | pvh | ovmf (set from CASE_TYPES for each instance)
CASE_TYPES=()           # several guest types: the case runs once per type, as NAME@TYPE;
                        # pv and pvh run on the Xen backend (tests/e2e/run.sh), ovmf on
                        # OVMF (tests/efi/run.sh, which supports a subset: shared.sh)
E2E_CONSOLE=${E2E_CONSOLE:-hvc0}  # the guest kernel's console: hvc0 on Xen, ttyS0 on OVMF
CASE_GROUP=             # instances with the same group start at once (a boot storm), after the rest
CASE_KERNEL=@cloud      # @cloud @generic @pvgrub2 @pvgrub2-pvh @pvboot or a path
CASE_RAMDISK=           # @guest-cloud @guest-generic, a path, or empty
CASE_EXTRA=             # xl extra= (the guest command line)
CASE_MEMORY=256         # MiB (up to 4608 with E2E_QEMU_MEM 7168; dom0 has 768)
CASE_VCPUS=1
CASE_TIMEOUT=90         # seconds from xl create until the guest must be gone
CASE_TIMEOUT_PVH=       # the same for a PVH instance; empty: twice CASE_TIMEOUT (under
                        # QEMU's emulation a PVH guest runs 2-3x slower than a PV one)
CASE_FULL_ONLY=()       # guest types whose instance runs only in the full suite
                        # (make e2e-full, E2E_FULL=1) or when E2E_CASES names it
CASE_DISKS=()           # raw images, become xvda, xvdb, ... (QEMU virtio drives)
CASE_SECTOR=512         # logical sector size of every disk: 512 or 4096
CASE_MARK='PVBOOT-E2E-MARKER'  # grep -E regex: "xl create -> marker" timing
CASE_EXPECT=()          # grep -E regexes that must all match the console log
CASE_REJECT=()          # grep -E regexes that must not match it
CASE_ALLOW_TIMEOUT=0    # 1: the guest may still run at CASE_TIMEOUT (menus)
CASE_RETRY_ON=          # grep -E regex: a guest whose console shows it before its marker
                        # is started again (at most 3 times), as for testbed PVH resets
CASE_ALLOW_CRASH=0      # 1: the guest may crash (xl then fails; case_check decides)
CASE_XL=()              # extra raw xl.cfg lines
CASE_KEYS=()            # keys typed at the console once the countdown shows (e2e_type_keys)
CASE_DOM0_PRE=          # sh run in dom0 before xl create ($DISK0.. = devices)
CASE_DOM0_POST=         # sh run in dom0 after the guest ended
CASE_REQUIRES=()        # files that must exist, else the case is SKIPped
CASE_BOOT_MATCH=1       # @pvboot cases: compare the guest's boot report with `pvboot-inspect boot`
                        # (0 where keys or the guest's own writes change what it boots)
case_enabled() { :; }   # print why + return 1 to SKIP (e.g. a feature not built yet)
case_prepare() { :; }   # build disk images into $CASE_WORK, set CASE_DISKS
case_check() { :; }     # $1 console log, $2 full log; print reason + return 1 to fail

# e2e_judge_console CONSOLE: every CASE_EXPECT regex matches the console log
# and no CASE_REJECT one does; else print why and fail.  Both backends (Xen:
# run.sh, OVMF: tests/efi/shared.sh) judge a case with it.
e2e_judge_console() {
  local re
  for re in "${CASE_EXPECT[@]}"; do
    grep -aqE -- "$re" "$1" || { echo "expected /$re/ not in console log"; return 1; }
  done
  for re in "${CASE_REJECT[@]}"; do
    if grep -aqE -- "$re" "$1"; then echo "rejected /$re/ found: $(grep -a -m1 -E -- "$re" "$1")"; return 1; fi
  done
}

# Helpers for case_prepare.
# e2e_mkext4 DIR IMG SIZE [mke2fs options...]: ext4 image of DIR, no root needed.
e2e_mkext4() {
  local dir=$1 img=$2 size=$3; shift 3
  rm -f "$img"
  mke2fs -q -F -t ext4 "$@" -d "$dir" "$img" "$size"
}
# e2e_boot_tree DIR KERNEL INITRD CMDLINE: a /boot with grub.cfg (no timeout,
# one entry) the way pvgrub2 (and pvboot) find it.
e2e_boot_tree() {
  local dir=$1 k=$2 rd=$3 cmd=$4
  mkdir -p "$dir/boot/grub"
  cp "$k" "$dir/boot/vmlinuz"
  cp "$rd" "$dir/boot/initrd.img"
  cat >"$dir/boot/grub/grub.cfg" <<CFG
set default=0
set timeout=0
menuentry 'e2e guest' {
	linux /boot/vmlinuz $cmd
	initrd /boot/initrd.img
}
CFG
}

# e2e_titles_on_console CONSOLE TITLE...: every title must appear in CONSOLE
# (ANSI escapes removed first: menus draw with them).
e2e_strip_ansi() { sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' "$@"; }
e2e_titles_on_console() {
  local con=$1 t; shift
  for t in "$@"; do
    # grep without -q: it must read to the end, or sed dies of SIGPIPE and
    # pipefail turns a match into a failure.
    e2e_strip_ansi "$con" | grep -F -- "$t" >/dev/null || { echo "menu title '$t' not on the console"; return 1; }
  done
}
# e2e_rate LOG PATTERN: "X.X MB/s" from a "PATTERN bytes=N t0=A t1=B" line.
e2e_rate() {
  grep -m1 -- "$2" "$1" | sed -n 's/.*bytes=\([0-9]*\) t0=\([0-9.]*\) t1=\([0-9.]*\).*/\1 \2 \3/p' |
    awk '{ d = $3 - $2; if (d <= 0) d = 0.01; printf "%.1f MB/s (%.2f s)", $1 / 1048576 / d, d }'
}
# Source this in CASE_DOM0_PRE to get e2e_dom0_read (see lib/dom0-read.sh).
E2E_DOM0_READ_LIB=$(cat "$E2E_DIR/lib/dom0-read.sh")
