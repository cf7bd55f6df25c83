# Debian 12's generic kernel repacked with zstd into a bzImage, booted through
# pvboot: /proc/cmdline must be the entry's plus Dom0's pvboot.append, and
# the guest must see its disk after the handoff.
. "$E2E_DIR/lib/pvboot-boot.sh"
e2e_boot_case zstd
