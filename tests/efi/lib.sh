# The OVMF end-to-end backend's helpers (sourced by tests/efi/run.sh and
# tests/bench/efi-boot.sh).  Everything is made without root: a GPT disk
# image in a plain file (sfdisk), an ESP made with mkfs.vfat + mtools that
# holds pvboot as \EFI\BOOT\BOOTX64.EFI, and an ext4 /boot (mke2fs -d).
# OVMF comes from Debian's ovmf package; QEMU runs TCG with the serial line
# on stdio, fed from a FIFO so that keys can be typed.
EFI_BUILD=${BUILD:-$PWD/build}
EFI_WORK=${EFI_WORK:-$EFI_BUILD/efi-e2e}
EFI_IMG=${EFI_IMG:-$EFI_BUILD/efi/pvboot-x86_64.efi}
OVMF_CODE=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}
OVMF_VARS=${OVMF_VARS:-/usr/share/OVMF/OVMF_VARS_4M.fd}
CACHE=${PVBOOT_CACHE:-$HOME/.cache/pvboot}
ESP_TYPE=C12A7328-F81F-11D2-BA4B-00A0C93EC93B
LINUX_TYPE=0FC63DAF-8483-4772-8E79-3D69D8477DE4
ESP_START=2048 ESP_SECTORS=65536         # 32 MiB, FAT16
BOOT_START=$((ESP_START + ESP_SECTORS))  # then /boot (ext4) to the end

# The cached Debian kernels (tests/e2e/fetch.sh) and the marker initramfs.
efi_setup() {
  [ -f "$CACHE/e2e/env.sh" ] || { echo "efi: no $CACHE/e2e/env.sh: run 'make e2e-prep' first" >&2; return 1; }
  . "$CACHE/e2e/env.sh"
  mkdir -p "$EFI_WORK"
  EFI_INITRD=$EFI_WORK/guest-initramfs.cpio.gz
  [ -s "$EFI_INITRD" ] || bash "$(dirname "${BASH_SOURCE[0]}")/../e2e/guest-initramfs.sh" "$E2E_KVER" "$EFI_INITRD"
}

# efi_mkdisk OUT BOOTDIR [ESPDIR]: GPT disk: ESP (pvboot as BOOTX64.EFI,
# plus ESPDIR's files) and an ext4 /boot holding BOOTDIR.
efi_mkdisk() {
  local out=$1 bootdir=$2 espdir=${3:-} w; w=$(mktemp -d "$EFI_WORK/mk.XXXXXX")
  local mib=$(( ($(du -sm "$bootdir" | cut -f1) * 12 / 10) + 24 ))
  rm -f "$out"; truncate -s $(( (ESP_START + ESP_SECTORS) * 512 + mib * 1048576 + 1048576 )) "$out"
  sfdisk -q "$out" <<SF
label: gpt
start=$ESP_START, size=$ESP_SECTORS, type=$ESP_TYPE, name=ESP
start=$BOOT_START, size=$((mib * 2048)), type=$LINUX_TYPE, name=boot
SF
  mkfs.vfat -C "$w/esp.fs" $((ESP_SECTORS / 2)) >/dev/null
  mmd -i "$w/esp.fs" ::/EFI ::/EFI/BOOT
  mcopy -i "$w/esp.fs" "$EFI_IMG" ::/EFI/BOOT/BOOTX64.EFI
  [ -z "$espdir" ] || mcopy -s -i "$w/esp.fs" "$espdir"/* ::/
  mke2fs -q -t ext4 -d "$bootdir" "$w/boot.fs" "${mib}M" >/dev/null
  dd if="$w/esp.fs" of="$out" bs=512 seek=$ESP_START conv=notrunc status=none
  dd if="$w/boot.fs" of="$out" bs=512 seek=$BOOT_START conv=notrunc status=none
  rm -rf "$w"
}

# efi_bootfs DISK OUT: the ext4 /boot of DISK, for debugfs.
efi_bootfs() {
  dd if="$1" of="$2" bs=512 skip=$BOOT_START status=none
}

# efi_qemu LOG TIMEOUT [QEMU ARGS...]: boot OVMF with the given disks etc.
# The serial line goes to LOG; keys are written to the FIFO $LOG.in by
# efi_type.  Returns when the guest powers off or TIMEOUT s pass.
efi_qemu() {
  local log=$1 t=$2; shift 2
  cp "$OVMF_VARS" "$log.vars"
  rm -f "$log.in"; mkfifo "$log.in"; : >"$log"
  exec {EFI_KEYFD}<>"$log.in"
  nice -n 10 timeout "$t" qemu-system-x86_64 -accel tcg -m 1024 -nographic -no-reboot -monitor none \
    -serial stdio -net none \
    -drive if=pflash,format=raw,readonly=on,file="$OVMF_CODE" \
    -drive if=pflash,format=raw,file="$log.vars" "$@" <"$log.in" >"$log" 2>&1 &
  EFI_QEMU_PID=$!
}

# efi_wait PATTERN TIMEOUT: until the serial log has PATTERN (grep -E).
efi_wait() {
  local i=0
  while [ $i -lt $(( $2 * 10 )) ]; do
    tr -d '\r' <"$EFI_LOG" 2>/dev/null | grep -aE "$1" >/dev/null && return 0
    kill -0 "$EFI_QEMU_PID" 2>/dev/null || { tr -d '\r' <"$EFI_LOG" | grep -aE "$1" >/dev/null; return; }
    sleep 0.1; i=$((i + 1))
  done
  return 1
}

# efi_type KEYS: bytes onto the serial line in one write (so that OVMF's
# terminal driver reads an ESC sequence as one key).
efi_type() {
  printf '%s' "$1" >&"$EFI_KEYFD"
}

efi_stop() {
  kill "$EFI_QEMU_PID" 2>/dev/null
  wait "$EFI_QEMU_PID" 2>/dev/null
  exec {EFI_KEYFD}>&-
  rm -f "$EFI_LOG.in" "$EFI_LOG.vars"
}

# efi_finish: wait for QEMU to end by itself (the guest's poweroff).
efi_finish() {
  wait "$EFI_QEMU_PID" 2>/dev/null
  exec {EFI_KEYFD}>&-
  rm -f "$EFI_LOG.in" "$EFI_LOG.vars"
}

# The serial log without CRs and escape sequences.
efi_clean_log() {
  tr -d '\r' <"$1" | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g'
}
