# Xen-in-QEMU end-to-end suite (included by the top-level Makefile).
#   make e2e-prep     fetch the Debian pieces into $PVBOOT_CACHE, build initramfs
#   make e2e          run every tests/e2e/cases/*.sh in one Xen boot
#   make e2e E2E_CASES="direct pvgrub2"   only those cases;  E2E_VERBOSE=1 streams the serial
#   make e2e-full     every instance, also those a case keeps out of CI (CASE_FULL_ONLY)
#   make e2e E2E_ELF=/usr/lib/pvboot/pvboot-x86_64.elf E2E_INSPECT=/usr/bin/pvboot-inspect
#                     boot the installed loader and compare with the installed tool
# `make test` runs it after the host tests.  Cases that need pvboot's ELF
# ($(BUILD)/pv/pvboot-x86_64.elf) are SKIPPED, with a note, until it exists.
E2E_ELF_BUILT := $(BUILD)/pv/pvboot-x86_64.elf
E2E_ELF ?= $(E2E_ELF_BUILT)
E2E_INSPECT ?= $(BUILD)/host/pvboot-inspect
.PHONY: e2e e2e-full e2e-prep e2e-elf

e2e-prep:
	bash tests/e2e/fetch.sh
	@mkdir -p $(BUILD)/e2e
	bash tests/e2e/dom0-initramfs.sh $(BUILD)/e2e/dom0-initramfs.cpio.gz

# Build the ELF when pv/ provides a rule for it (and it is the tree's own,
# not an installed one); say so when it is absent.
e2e-elf:
	@if [ "$(E2E_ELF)" = "$(E2E_ELF_BUILT)" ] && [ -f pv/pv.mk ] && grep -q 'pvboot-x86_64.elf' pv/pv.mk; then \
	  $(MAKE) --no-print-directory $(E2E_ELF); fi
	@[ -f $(E2E_ELF) ] || echo "e2e: NOTE: $(E2E_ELF) is not built yet; the pvboot cases will be SKIPPED"

e2e: e2e-elf
	BUILD=$(abspath $(BUILD)) E2E_ELF=$(abspath $(E2E_ELF)) E2E_INSPECT=$(abspath $(E2E_INSPECT)) E2E_CASES="$(E2E_CASES)" E2E_FULL=$(E2E_FULL) bash tests/e2e/run.sh $(if $(E2E_VERBOSE),-v)

e2e-full:
	$(MAKE) --no-print-directory e2e E2E_FULL=1

# make test: the Xen suite, then the OVMF one (efi/efi.mk).
test: e2e $(if $(wildcard efi/efi.mk),e2e-efi)
