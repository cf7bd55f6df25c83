# Debian 12's installer as the guest's only disk: an ISO laid out as
# debian-cd lays it out (tests/lib/debian-installer-iso.sh, from the
# debian-installer-12-netboot-amd64 package: its kernel, initrd and
# grub.cfg), read through pvboot's ISO 9660 driver; pvboot boots its
# "Install" entry and the installer's first screen appears on the
# console.  d-i's grub.cfg sets no timeout (GRUB waits there, and so does
# pvboot), so Dom0 picks the entry; console=hvc0 puts d-i on the Xen console.
CASE_KERNEL=@pvboot
# PV only for now: as PVH (tried 2026-12-03 on a one-CPU testbed) d-i's
# init crashed in both boots the harness made before the testbed's time
# bound ran out, as d-i's user space does as PV here (below).
CASE_REQUIRES=(@pvboot)
CASE_MEMORY=1024
CASE_TIMEOUT=360
CASE_EXTRA="pvboot.entry=0 pvboot.timeout=0 pvboot.append=console=hvc0"
# The first screen: the language chooser's dialog ("[!!] Select a language"),
# or d-i's syslog line starting it (the console shows one of d-i's screen
# windows).
CASE_MARK="Select a lang|Menu item 'localechooser' selected"
# d-i's user space crashed now and then on this testbed (also when Xen
# loads it directly); with AVX hidden glibc's string functions stay on SSE2,
# in case QEMU's young AVX2 emulation is what breaks them.
CASE_XL=('cpuid = "host,avx2=0,avx=0"')
# It still does now and then (its init segfaults, which the harness retries
# for every case; or glibc's heap checks abort): such a run is started again.
CASE_RETRY_ON='malloc\(\): |free\(\): '
# Out of CI for now: in this session's runs d-i's user space crashed in 3
# of 3 boots (init killed, malloc's lists corrupted) while dom0's own
# processes segfaulted between cases too, so the testbed, not the boot
# path, fails it; it passed in both earlier CI runs.  The full suite runs
# it, and tests/check/52-debian-installer.sh checks the same ISO's menu
# and a dry-run boot of its kernel and initrd on the host in CI.
CASE_FULL_ONLY=(pv)
CASE_EXPECT=("booting 'Install'" '^pvboot: kernel \(hd0\)/install.amd/vmlinuz')
# The installer never powers off: once its first screen is in the guest's
# console log, dom0 says so (the line reaches this case's log even when the
# screen's own bytes do not all survive the trip to the serial capture) and
# destroys the guest.
CASE_DOM0_PRE="(
  for i in \$(seq 3500); do
    if s=\$(grep -aoE \"\$(cat mark)\" \"/var/log/xen/console/guest-\$name.log\" 2>/dev/null | head -n 1) && [ -n \"\$s\" ]; then
      echo \"E2E-INSTALLER-SCREEN: \$s\" >\"/tmp/\$name.seen\"; sleep 2; xl destroy \"\$name\"; break
    fi
    sleep 0.1
  done
) >/dev/null 2>&1 &"
CASE_DOM0_POST='cat "/tmp/$name.seen" 2>/dev/null'
case_check() {
  grep -aq '^dom0| E2E-INSTALLER-SCREEN: ' "$2" || { echo "the installer's first screen never appeared"; return 1; }
  grep -a '^dom0| E2E-INSTALLER-SCREEN: ' "$2" | head -n 1 | sed 's/^dom0| E2E-INSTALLER-SCREEN: /first screen: /' >"$CASE_WORK/summary"
}
case_prepare() {
  local iso
  iso=$(bash "$E2E_DIR/../lib/debian-installer-iso.sh") || return 1
  cp "$iso" "$CASE_WORK/installer.iso"   # the guest's disk is rw: keep the cached one clean
  CASE_DISKS=("$CASE_WORK/installer.iso")
}
