# Xen PV guest image (included by the top-level Makefile).
#   $(BUILD)/pv/pvboot-x86_64.elf: pv/*.c pv/*.S + the freestanding objects.
# Linked at VIRT_BASE 0 in the small code model, like Mini-OS: Debian's
# static archives are small-model code, so the image stays below 2 GiB.
PV       := $(BUILD)/pv
PV_ELF   := $(PV)/pvboot-x86_64.elf
PV_SRCS  := $(sort $(wildcard pv/*.c))
PV_ASM   := $(sort $(wildcard pv/*.S))
PV_OBJS  := $(patsubst %.c,$(PV)/%.o,$(PV_SRCS)) $(patsubst %.S,$(PV)/%.o,$(PV_ASM))
PV_CFLAGS := $(FREE_CFLAGS) -mno-red-zone

$(PV)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(PV_CFLAGS) -c $< -o $@

$(PV)/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(PV_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(PV_ELF): $(PV_OBJS) $(FREE_LIB) pv/pvboot.lds
	$(CC) $(PV_CFLAGS) -nostdlib -static -Wl,--gc-sections -Wl,-T,pv/pvboot.lds \
	  -Wl,--no-undefined -Wl,--build-id=none -Wl,--no-warn-rwx-segments -o $@ $(PV_OBJS) $(FREE_LDLIBS)

.PHONY: pvboot
pvboot: $(PV_ELF)
all: pvboot
