# Helpers for cases that boot a real kernel through pvboot (sourced by
# case files after case-defaults.sh).

# e2e_repacked_kernel FMT: Debian's generic kernel with its vmlinux
# recompressed by the real FMT tool and wrapped back into a bzImage
# (tests/check/20-kernels.sh makes and caches them), or the plain vmlinux
# ELF for FMT=elf.  Prints the path; fails when it cannot be made.
e2e_repacked_kernel() {
  local fmt=$1 dir=$BUILD/kernels f
  f=$dir/bz.$fmt
  [ "$fmt" = elf ] && f=$dir/generic.vmlinux
  if [ ! -s "$f" ]; then
    PVBOOT_BUILD=$BUILD bash "$E2E_DIR/../check/20-kernels.sh" >"$CASE_WORK/kernels.log" 2>&1 || true
  fi
  [ -s "$f" ] || { echo "cannot make the $fmt kernel (see $CASE_WORK/kernels.log)" >&2; return 1; }
  echo "$f"
}

# e2e_boot_case FMT: the case body shared by the compression cases: one
# grub.cfg entry with the repacked kernel; the guest must print exactly
# the entry's command line plus what Dom0 appended, and see its disk.
e2e_boot_case() {
  E2E_FMT=$1
  CASE_KERNEL=@pvboot
  CASE_REQUIRES=(@pvboot)
  CASE_TYPES=(pv pvh)
  CASE_MEMORY=512
  CASE_TIMEOUT=120
  CASE_EXTRA="pvboot.append=e2e.dom0=$1"
  CASE_EXPECT=("^PVBOOT-E2E-MARKER cmdline=console=hvc0 e2e.case=pvboot-$1 e2e.blk e2e.dom0=$1.?\$"
               '^PVBOOT-E2E-BLK xvda sectors=' '^PVBOOT-E2E-GUEST-DONE')
  case_prepare() {
    local k
    k=$(e2e_repacked_kernel "$E2E_FMT") || return 1
    e2e_boot_tree "$CASE_WORK/root" "$k" "$(resolve @guest-generic)" \
      "console=hvc0 e2e.case=pvboot-$E2E_FMT e2e.blk"
    e2e_mkext4 "$CASE_WORK/root" "$CASE_WORK/disk.img" 160M
    CASE_DISKS=("$CASE_WORK/disk.img")
  }
}

# e2e_menu_tree DIR KERNEL INITRD HEADER ENTRY...: a /boot/grub/grub.cfg
# whose first lines are HEADER (newline-separated GRUB commands) followed
# by one menuentry per ENTRY, given as "title|id|kernel path|cmdline".
e2e_menu_tree() {
  local dir=$1 k=$2 rd=$3 header=$4 e t id kp cmd; shift 4
  mkdir -p "$dir/boot/grub"
  cp "$k" "$dir/boot/vmlinuz"
  cp "$rd" "$dir/boot/initrd.img"
  {
    printf '%s\n' "$header"
    for e in "$@"; do
      IFS='|' read -r t id kp cmd <<<"$e"
      printf "menuentry '%s' --id '%s' {\n\tlinux %s %s\n\tinitrd /boot/initrd.img\n}\n" "$t" "$id" "$kp" "$cmd"
    done
  } >"$dir/boot/grub/grub.cfg"
}

# e2e_grubenv FILE VAR=VALUE...: a GRUB environment block (1024 bytes,
# '#'-padded), as grub-editenv writes it.
e2e_grubenv() {
  local f=$1; shift
  { echo '# GRUB Environment Block'; printf '%s\n' "$@"; } >"$f"
  local n; n=$(stat -c %s "$f")
  head -c $((1024 - n)) /dev/zero | tr '\0' '#' >>"$f"
}

# e2e_type_keys KEYS...: the keys an admin types at the guest's console once
# pvboot's countdown shows ("Booting"), half a second apart; each argument
# is a printf format ("\r" is Enter).  Described once here; each backend
# types them its own way (Xen: dom0 writes the console pty, run.sh;
# OVMF: QEMU's serial line, tests/efi/shared.sh).
e2e_type_keys() {
  CASE_KEYS=("$@")
}
