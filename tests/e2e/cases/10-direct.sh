# Direct kernel boot, the speed limit: Xen's own loader starts Debian 12's
# cloud kernel (LZ4) with the tiny guest initramfs.
CASE_KERNEL=@cloud
CASE_RAMDISK=@guest-cloud
CASE_EXTRA="console=hvc0 e2e.case=direct"
CASE_EXPECT=('^PVBOOT-E2E-MARKER cmdline=.*e2e\.case=direct' '^PVBOOT-E2E-GUEST-DONE')
