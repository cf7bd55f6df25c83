# pvboot read throughput: pvboot reads a 256 MiB file from ext4 through its
# blkfront; dom0 reads the same file with dd in the same run.
# Contract (pvboot side, enabled once the ELF contains "PVBOOT-READ"): with
# `pvboot.readtest=PATH` on its command line pvboot reads PATH and prints
#   PVBOOT-READ path=PATH bytes=N ms=T sha256=HEX
# then goes on booting normally.
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh)
CASE_FULL_ONLY=(pv pvh)   # a measurement, not a gate: the full suite runs it; CI reads 256 MiB through blkfront in the big-initrd cases
CASE_REQUIRES=(@pvboot)
CASE_MEMORY=512
CASE_TIMEOUT=240
CASE_EXTRA="pvboot.readtest=/big.bin"
CASE_EXPECT=('PVBOOT-READ path=/big.bin bytes=268435456 ')
CASE_DOM0_PRE="$E2E_DOM0_READ_LIB
e2e_dom0_read \$DISK0 big.bin sha"
case_enabled() {
  grep -q 'PVBOOT-READ' "$(resolve @pvboot)" || { echo "pvboot has no readtest yet"; return 1; }
}
case_prepare() {
  e2e_boot_tree "$CASE_WORK/root" "$E2E_CLOUD_KERNEL" "$(resolve @guest-cloud)" \
    "console=hvc0 quiet e2e.case=pvboot-tput"
  head -c 256M /dev/urandom >"$CASE_WORK/root/big.bin"
  sha256sum <"$CASE_WORK/root/big.bin" | cut -c1-64 >"$CASE_WORK/big.sha"
  e2e_mkext4 "$CASE_WORK/root" "$CASE_WORK/disk.img" 320M
  rm -f "$CASE_WORK/root/big.bin"
  CASE_DISKS=("$CASE_WORK/disk.img")
}
case_check() {
  local want ms; want=$(cat "$CASE_WORK/big.sha")
  grep -q "PVBOOT-READ .*sha256=$want" "$1" || { echo "pvboot sha256 of /big.bin != file"; return 1; }
  grep -q "sha256=$want" "$2" || { echo "dom0 sha256 != file"; return 1; }
  ms=$(sed -n 's/.*PVBOOT-READ .* ms=\([0-9]*\).*/\1/p' "$1" | head -n1)
  echo "dom0 dd $(e2e_rate "$2" E2E-DOM0-READ), pvboot $(awk -v ms="${ms:-0}" 'BEGIN { if (ms <= 0) ms = 1; printf "%.1f MB/s (%.2f s)", 256000 / ms, ms / 1000 }')" >"$CASE_WORK/summary"
}
