#!/usr/bin/env bash
# OVMF boot time, QEMU TCG, power-on -> the guest's marker line, median of N
# (default 5): Debian 12's generic kernel with the marker initramfs
#   direct   OVMF's own -kernel/-initrd/-append (the limit; same disk attached)
#   pvboot   OVMF -> \EFI\BOOT\BOOTX64.EFI = pvboot -> grub.cfg on ext4 /boot -> the kernel
#   grub     OVMF -> GRUB EFI (grub-mkstandalone, as BOOTX64.EFI) -> the same grub.cfg
# Usage: tests/bench/efi-boot.sh [N]     (EFI_BENCH="pvboot grub": only those)
set -uo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
. "$HERE/efi/lib.sh"
efi_setup || exit 1
N=${1:-5}
CMD="console=ttyS0 panic=-1 quiet e2e.case=bench"
W=$EFI_WORK/bench; rm -rf "$W"; mkdir -p "$W/boot/grub"
cp "$E2E_GENERIC_KERNEL" "$W/boot/vmlinuz"; cp "$EFI_INITRD" "$W/boot/initrd.img"
printf "set timeout=0\nmenuentry bench {\n\tlinux /vmlinuz %s\n\tinitrd /initrd.img\n}\n" "$CMD" >"$W/boot/grub/grub.cfg"
efi_mkdisk "$W/pvboot.img" "$W/boot"
# GRUB as BOOTX64.EFI: search the ext4 /boot by file and read the same grub.cfg.
printf '%s\n' 'insmod part_gpt' 'insmod ext2' 'insmod linux' 'insmod configfile' \
  'search --no-floppy --file --set=root /grub/grub.cfg' 'configfile ($root)/grub/grub.cfg' >"$W/embed.cfg"
grub-mkstandalone -O x86_64-efi -o "$W/grubx64.efi" --install-modules="normal search search_fs_file part_gpt ext2 fat linux echo configfile minicmd" \
  --locales= --fonts= --themes= "boot/grub/grub.cfg=$W/embed.cfg"
EFI_IMG=$W/grubx64.efi efi_mkdisk "$W/grub.img" "$W/boot"

one() { # one boot: seconds from QEMU's start to the marker
  local t0 t1; EFI_LOG=$W/serial.log
  t0=$(date +%s.%N)
  efi_qemu "$EFI_LOG" 120 "$@"
  efi_wait 'PVBOOT-E2E-MARKER' 110 || { efi_stop; echo fail; return; }
  t1=$(date +%s.%N); efi_finish
  echo "$t1 - $t0" | bc
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : "none")}'; }
# Interleaved (direct, pvboot, grub, direct, ...), so that a busy moment of
# the machine does not land on one configuration only.
KINDS=(${EFI_BENCH:-direct pvboot grub})
for k in "${KINDS[@]}"; do : >"$W/$k.times"; done
for ((i = 0; i < N; i++)); do
  for k in "${KINDS[@]}"; do
    case $k in
      direct) one -kernel "$E2E_GENERIC_KERNEL" -initrd "$EFI_INITRD" -append "$CMD" \
                -drive file="$W/pvboot.img",format=raw,if=virtio ;;
      pvboot) one -drive file="$W/pvboot.img",format=raw,if=virtio ;;
      grub) one -drive file="$W/grub.img",format=raw,if=virtio ;;
    esac >>"$W/$k.times"
  done
done
for k in "${KINDS[@]}"; do
  echo "$k: median $(median <"$W/$k.times") s of $N ($(tr '\n' ' ' <"$W/$k.times"))"
done | tee "$W/summary"
d=$(awk '/^direct/ {print $3}' "$W/summary")
for k in pvboot grub; do
  m=$(awk -v k="$k:" '$1 == k {print $3}' "$W/summary")
  [ -n "$d" ] && [ -n "$m" ] && echo "$k/direct: $(echo "scale=2; $m / $d" | bc)"
done
true
