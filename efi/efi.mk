# EFI application (included by the top-level Makefile).
#   $(BUILD)/efi/pvboot-x86_64.efi: a PE32+ x86_64 application built with
#   Debian's gnu-efi (its crt0, linker script, headers and the self-relocator
#   in libgnuefi.a; not libefi.a: calls go straight through the system table,
#   with GNU_EFI_USE_MS_ABI).
# The portable sources are compiled a second time for this environment into
# $(BUILD)/efi/port: position-independent (the image is relocated by the
# firmware) and without a red zone (firmware interrupts run on our stack).
# Debian's decompression archives assume a red zone and a %fs canary, so the
# EFI image links none (the kernel's EFI stub decompresses itself): the
# decoders are stubs that say so (efi/nodecomp.c).
EFI       := $(BUILD)/efi
EFI_IMG   := $(EFI)/pvboot-x86_64.efi
EFI_SO    := $(EFI)/pvboot-x86_64.so
GNUEFI_INC ?= /usr/include/efi
GNUEFI_LIB ?= /usr/lib
EFI_DECOMP := $(wildcard loader/kernel/decompress_*.c) fs/btrfs_compress.c
EFI_PORT_SRCS := $(filter-out $(EFI_DECOMP),$(PORTABLE_SRCS)) $(sort $(wildcard loader/lib/libc/*.c))
EFI_SRCS  := $(sort $(wildcard efi/*.c))
EFI_OBJS  := $(patsubst %.c,$(EFI)/port/%.o,$(EFI_PORT_SRCS)) $(patsubst %.c,$(EFI)/%.o,$(EFI_SRCS))
EFI_CFLAGS := $(CSTD) $(REPRO) $(WARN) -Wno-missing-field-initializers -O2 -g -I. -I$(GEN) -DPVBOOT_FREESTANDING \
              -ffreestanding -fpic -fno-stack-protector -fno-asynchronous-unwind-tables -fshort-wchar \
              -mno-red-zone -fno-strict-aliasing -DGNU_EFI_USE_MS_ABI -MMD -MP
EFI_FRONT_CFLAGS := $(EFI_CFLAGS) -isystem $(GNUEFI_INC) -isystem $(GNUEFI_INC)/x86_64

$(EFI)/port/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(EFI_CFLAGS) -c $< -o $@
$(EFI)/port/loader/boot/run.o: $(GEN)/pvboot_version.h

$(EFI)/efi/%.o: efi/%.c
	@mkdir -p $(dir $@)
	$(CC) $(EFI_FRONT_CFLAGS) -c $< -o $@

# gnu-efi's way (Make.defaults): a shared object at 0 with its own dynamic
# relocations, turned into PE32+ by objcopy with the sections it names.
$(EFI_SO): $(EFI_OBJS)
	$(LD) -nostdlib -znocombreloc -T $(GNUEFI_LIB)/elf_x86_64_efi.lds -shared -Bsymbolic \
	  --no-undefined $(GNUEFI_LIB)/crt0-efi-x86_64.o $(EFI_OBJS) -L$(GNUEFI_LIB) -lgnuefi \
	  $(shell $(CC) -print-libgcc-file-name) -o $@

$(EFI_IMG): $(EFI_SO)
	objcopy -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel -j .rela -j .rel.* -j .rela.* \
	  -j .reloc --target efi-app-x86_64 --subsystem=10 $< $@

.PHONY: efi
efi: $(EFI_IMG)
all: efi
-include $(EFI_OBJS:.o=.d)

# The OVMF end-to-end suite (tests/efi/run.sh): needs the cached Debian
# kernels of `make e2e-prep`, and ovmf, qemu-system-x86, mtools, dosfstools,
# grub-efi-amd64-bin and systemd-boot-efi (tools/install-deps.sh).
.PHONY: e2e-efi
e2e-efi: $(EFI_IMG)
	@[ -f "$${PVBOOT_CACHE:-$$HOME/.cache/pvboot}/e2e/env.sh" ] || bash tests/e2e/fetch.sh
	BUILD=$(abspath $(BUILD)) bash tests/efi/run.sh $(EFI_CASES)
