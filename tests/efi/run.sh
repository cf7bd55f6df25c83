#!/usr/bin/env bash
# The OVMF end-to-end suite: pvboot-x86_64.efi started by OVMF (QEMU TCG)
# from a GPT disk's ESP, reading grub.cfg from the disk's ext4 /boot and
# booting Debian's kernels through their EFI stub, or chain-loading GRUB and
# systemd-boot.  Each case makes its own disk, boots it once, and checks the
# serial log (and the disk afterwards).
#   tests/efi/run.sh [CASE...]      (default: every case)   EFI_JOBS=N in parallel (2)
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
. "$HERE/shared.sh"
efi_setup || exit 1
[ -f "$EFI_IMG" ] || { echo "efi: $EFI_IMG not built (make efi)"; exit 1; }
CMD="console=ttyS0 panic=-1 quiet"

# A /boot tree: the generic and cloud kernels, the marker initramfs, GRUB_CFG.
boot_tree() {
  local d=$1 cfg=$2
  mkdir -p "$d/grub"
  cp "$E2E_GENERIC_KERNEL" "$d/vmlinuz"
  cp "$E2E_CLOUD_KERNEL" "$d/vmlinuz-cloud"
  cp "$EFI_INITRD" "$d/initrd.img"
  printf '%s\n' "$cfg" >"$d/grub/grub.cfg"
}

marker() { # the exact command line the guest must report
  efi_clean_log "$EFI_LOG" | grep -ax "PVBOOT-E2E-MARKER cmdline=$1" >/dev/null && return 0
  echo "no marker 'cmdline=$1'; markers: $(efi_clean_log "$EFI_LOG" | grep -a PVBOOT-E2E-MARKER | tr '\n' ' ')"
  return 1
}
has() { efi_clean_log "$EFI_LOG" | grep -aE "$1" >/dev/null || { echo "log lacks: $1"; return 1; }; }

entry() { printf "menuentry '%s' --id %s {\n\tlinux %s %s\n\tinitrd /initrd.img\n}\n" "$1" "$2" "$3" "$4"; }

# -- cases: each prepares $W, boots, checks; prints why on failure --------
case_default() {
  boot_tree "$W/boot" "set timeout=0
$(entry 'Debian generic' one /vmlinuz "$CMD e2e.case=default")
$(entry 'Debian cloud' two /vmlinuz-cloud "$CMD e2e.case=other")"
  efi_mkdisk "$W/disk.img" "$W/boot"
  efi_qemu "$EFI_LOG" 90 -drive file="$W/disk.img",format=raw,if=virtio
  efi_finish
  marker "$CMD e2e.case=default" && has 'pvboot: handoff EFI LoadImage/StartImage: EFI stub, [0-9]+ KiB, initrd through LoadFile2' \
    && has "pvboot: disk hd0: .*pvboot's own disk"
}

case_chain_grub() { # GRUB (grub-mkstandalone) shows its menu, exits; pvboot's menu again
  printf '%s\n' 'set timeout=2' "menuentry 'CHAIN-GRUB-MENU-ENTRY' { echo CHAIN-GRUB-EXITING; exit }" >"$W/grub-embed.cfg"
  grub-mkstandalone -O x86_64-efi -o "$W/grubx64.efi" --install-modules="normal echo configfile minicmd" \
    --locales= --fonts= --themes= "boot/grub/grub.cfg=$W/grub-embed.cfg" || { echo "grub-mkstandalone failed"; return 1; }
  boot_tree "$W/boot" "set timeout=0
menuentry 'GRUB EFI' {
	chainloader /grubx64.efi
}
$(entry 'Debian generic' two /vmlinuz "$CMD e2e.case=chain-1")"
  cp "$W/grubx64.efi" "$W/boot/grubx64.efi"
  efi_mkdisk "$W/disk.img" "$W/boot"
  efi_qemu "$EFI_LOG" 120 -drive file="$W/disk.img",format=raw,if=virtio
  efi_wait 'back to the menu' 80 || { efi_stop; echo "pvboot's menu did not come back"; has CHAIN-GRUB-MENU-ENTRY; return 1; }
  sleep 1; efi_type 'j'; sleep 0.5; efi_type $'\r'
  efi_finish
  has 'CHAIN-GRUB-MENU-ENTRY' && has 'CHAIN-GRUB-EXITING' && has "cannot boot 'GRUB EFI': the EFI application returned" \
    && marker "$CMD e2e.case=chain-1"
}

case_chain_sdboot() { # systemd-boot from the guest's /boot reaches its menu
  boot_tree "$W/boot" "set timeout=0
menuentry 'systemd-boot' {
	chainloader /systemd-bootx64.efi
}"
  cp /usr/lib/systemd/boot/efi/systemd-bootx64.efi "$W/boot/"
  efi_mkdisk "$W/disk.img" "$W/boot"
  efi_qemu "$EFI_LOG" 90 -drive file="$W/disk.img",format=raw,if=virtio
  efi_wait 'Reboot Into Firmware Interface|No loader found' 60
  efi_stop
  has "handoff EFI LoadImage/StartImage: EFI application" && has 'Reboot Into Firmware Interface|No loader found'
}

case_loadoptions() { # pvboot chain-loads itself with arguments: the second one takes
  # them from its LoadOptions (UCS-2) as pvboot.* words
  boot_tree "$W/boot" "set timeout=0
menuentry 'pvboot again' --id again {
	chainloader /pvboot.efi pvboot.entry=two pvboot.append=e2e.extra
}
$(entry 'Debian generic' two /vmlinuz "$CMD e2e.case=lo-2")"
  cp "$EFI_IMG" "$W/boot/pvboot.efi"
  efi_mkdisk "$W/disk.img" "$W/boot"
  efi_qemu "$EFI_LOG" 90 -drive file="$W/disk.img",format=raw,if=virtio
  efi_finish
  has "pvboot: booting 'pvboot again'" && has "pvboot: choosing entry 1: pvboot.entry=" \
    && marker "$CMD e2e.case=lo-2 e2e.extra"
}

case_old_stub() { # an EFI stub older than LoadFile2 initrds (v0, Linux < 5.8) with an
  # initrd: refused with a message, the fallback entry boots.  The old stub is
  # Debian's kernel with its PE MajorImageVersion set to 0.
  boot_tree "$W/boot" "set timeout=0
set fallback=1
$(entry 'Old stub' one /vmlinuz-old "$CMD e2e.case=old-0")
$(entry 'Debian generic' two /vmlinuz "$CMD e2e.case=old-1")"
  cp "$E2E_GENERIC_KERNEL" "$W/boot/vmlinuz-old"
  local pe; pe=$(od -An -tu4 -j 60 -N4 "$W/boot/vmlinuz-old" | tr -d ' ')
  printf '\0\0' | dd of="$W/boot/vmlinuz-old" bs=1 seek=$((pe + 24 + 44)) conv=notrunc status=none
  efi_mkdisk "$W/disk.img" "$W/boot"
  efi_qemu "$EFI_LOG" 90 -drive file="$W/disk.img",format=raw,if=virtio
  efi_finish
  has "cannot boot 'Old stub': /vmlinuz-old: the kernel's EFI stub \(v0\) predates LoadFile2 initrds" \
    && marker "$CMD e2e.case=old-1"
}

case_secureboot() { # OVMF with Secure Boot on (Debian's snakeoil keys), pvboot signed
  # with them: Debian's kernel is not signed by a key in db, so LoadImage
  # refuses it; pvboot says so, tries the fallback (refused too), and ends
  # in its menu: no loop, no bypass.
  command -v sbsign >/dev/null || { echo "sbsign missing (sbsigntool)"; return 1; }
  openssl rsa -in /usr/share/ovmf/PkKek-1-snakeoil.key -passin pass:snakeoil -out "$W/sb.key" 2>/dev/null
  sbsign --key "$W/sb.key" --cert /usr/share/ovmf/PkKek-1-snakeoil.pem --output "$W/pvboot-signed.efi" "$EFI_IMG" \
    2>/dev/null || { echo "sbsign failed"; return 1; }
  boot_tree "$W/boot" "set timeout=0
set fallback=1
$(entry 'Debian generic' one /vmlinuz "$CMD e2e.case=sb-0")
$(entry 'Debian cloud' two /vmlinuz-cloud "$CMD e2e.case=sb-1")"
  EFI_IMG=$W/pvboot-signed.efi efi_mkdisk "$W/disk.img" "$W/boot"
  OVMF_CODE=/usr/share/OVMF/OVMF_CODE_4M.snakeoil.fd OVMF_VARS=/usr/share/OVMF/OVMF_VARS_4M.snakeoil.fd \
    efi_qemu "$EFI_LOG" 90 -machine q35,smm=on -global driver=cfi.pflash01,property=secure,value=on \
    -drive file="$W/disk.img",format=raw,if=virtio
  efi_wait 'back to the menu|PVBOOT-E2E-MARKER' 80
  efi_stop
  has "cannot boot 'Debian generic': /vmlinuz: Secure Boot: the firmware refused the image \(EFI_SECURITY_VIOLATION|EFI_ACCESS_DENIED\)" \
    && has "cannot boot 'Debian cloud': /vmlinuz-cloud: Secure Boot" && has 'back to the menu' \
    && { ! has 'PVBOOT-E2E-MARKER' >/dev/null || { echo "a kernel booted under Secure Boot"; return 1; }; }
}

# The EFI-only cases above, then the case files shared with the Xen backend.
ALL=(default chain_grub chain_sdboot loadoptions old_stub secureboot $(printf '%s\n' "${!EFI_SHARED[@]}" | sort))
CASES=("$@"); [ ${#CASES[@]} -gt 0 ] || CASES=("${ALL[@]}")
JOBS=${EFI_JOBS:-2}

run_case() {
  local c=$1 t0=$SECONDS
  W=$EFI_WORK/$c; rm -rf "$W"; mkdir -p "$W"; EFI_LOG=$W/serial.log
  local run=("case_$c")
  [ -n "${EFI_SHARED[$c]:-}" ] && run=(efi_shared_case "${EFI_SHARED[$c]}")
  if out=$("${run[@]}" 2>&1); then echo "PASS $c ($((SECONDS - t0)) s)"
  else echo "FAIL $c ($((SECONDS - t0)) s): $(tr '\n' ' ' <<<"$out")(log: $EFI_LOG)"; fi
}

t0=$SECONDS
res=$EFI_WORK/results; : >"$res"
for c in "${CASES[@]}"; do
  declare -F "case_$c" >/dev/null || [ -n "${EFI_SHARED[$c]:-}" ] || { echo "FAIL $c: no such case" >>"$res"; continue; }
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
  run_case "$c" >>"$res" &
done
wait
cat "$res"
pass=$(grep -c '^PASS' "$res"); total=$(grep -c '^PASS\|^FAIL' "$res")
echo "efi: $pass/$total passed in $((SECONDS - t0)) s"
[ "$pass" = "$total" ]
