# The OVMF backend of the shared case files: tests/e2e/cases/*.sh whose
# CASE_TYPES lists ovmf run here as well as on Xen, from the same file.
# (Sourced by tests/efi/run.sh, after lib.sh.)
#
# What a case gets here: CASE_KERNEL=@pvboot is pvboot-x86_64.efi, which
# OVMF starts the way Xen starts a kernel= image: QEMU's -kernel, with
# CASE_EXTRA as -append, which OVMF hands to the application as its
# LoadOptions (the EFI counterpart of Dom0's extra=); the case's CASE_DISKS
# are the virtio disks, hd0 first as on Xen (pvboot started from an ESP,
# the installed way, is the EFI-only cases' part in run.sh); CASE_KEYS are
# typed on the serial line once the countdown shows; the kernel's console
# is ttyS0 ($E2E_CONSOLE); e2e_judge_console (CASE_EXPECT, CASE_REJECT) and
# case_check judge the serial log and the disks afterwards.
# What only the Xen backend has (dom0 scripts, xl.cfg lines, 4 KiB sectors,
# the guest-type matrix) makes a case refuse to load here.  The boot
# report is not compared with `pvboot-inspect boot`: its dry run describes
# the Xen handoffs.
E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../e2e" && pwd)

# name -> case file, for every case file that runs on ovmf.
declare -A EFI_SHARED=()
for f in "$E2E_DIR"/cases/*.sh; do
  grep -qE '^CASE_TYPES=\(.*\bovmf\b' "$f" || continue
  n=$(basename "$f" .sh); EFI_SHARED[${n#[0-9][0-9]-}]=$f
done

# The case files' aliases, as this backend has them.
resolve() {
  case $1 in
    @pvboot) echo "$EFI_IMG" ;;
    @cloud) echo "$E2E_CLOUD_KERNEL" ;;
    @generic) echo "$E2E_GENERIC_KERNEL" ;;
    @guest-cloud|@guest-generic) echo "$EFI_INITRD" ;;  # the marker initramfs
    /*) echo "$1" ;;
    *) echo "$PWD/$1" ;;
  esac
}

# efi_shared_case FILE: prepare, boot and judge one case file; prints why
# on failure.  Runs in a subshell: the case file's definitions stay there.
efi_shared_case() (
  local cf=$1 d k
  E2E_CONSOLE=ttyS0
  . "$E2E_DIR/lib/case-defaults.sh"
  CASE_TYPE=ovmf
  . "$cf"
  CASE_TYPE=ovmf
  [ "$CASE_KERNEL" = @pvboot ] || { echo "the OVMF backend starts pvboot only"; return 1; }
  [ -z "$CASE_DOM0_PRE$CASE_DOM0_POST" ] && [ ${#CASE_XL[@]} -eq 0 ] && [ "$CASE_SECTOR" = 512 ] ||
    { echo "the case needs what only the Xen backend has (dom0 scripts, xl.cfg lines or 4 KiB sectors)"; return 1; }
  CASE_WORK=$W; export CASE_WORK
  case_prepare >"$W/prepare.log" 2>&1 || { echo "case_prepare failed: $(tail -n 3 "$W/prepare.log" | tr '\n' ' ')"; return 1; }
  local args=(-kernel "$EFI_IMG")
  [ -z "$CASE_EXTRA" ] || args+=(-append "$CASE_EXTRA")
  for d in "${CASE_DISKS[@]}"; do args+=(-drive "file=$(resolve "$d"),format=raw,if=virtio"); done
  efi_qemu "$EFI_LOG" "$CASE_TIMEOUT" "${args[@]}"
  if [ ${#CASE_KEYS[@]} -gt 0 ]; then
    efi_wait 'Booting' 90 || { efi_stop; echo "no countdown to type the keys into"; return 1; }
    sleep 0.5
    for k in "${CASE_KEYS[@]}"; do efi_type "$(printf "$k")"; sleep 0.5; done
  fi
  efi_finish
  efi_clean_log "$EFI_LOG" >"$W/console"
  e2e_judge_console "$W/console" || return 1
  case_check "$W/console" "$EFI_LOG"
)
