# pvboot — top-level GNU Makefile (no generated build system).
#
#   make            build everything that exists (host tools, the loader, man pages)
#   make install    install them (DESTDIR, PREFIX, LIBDIR; tools/install.mk)
#   make check      run every test (unit, real-kernel, filesystem, menu)
#   make fuzz       build the libFuzzer targets;  make fuzz-smoke / fuzz-campaign / fuzz-report
#   make deps       install build/test dependencies from Debian (root)
#
# The same .c files build twice: for the host (tests, fuzzers, pvboot-inspect)
# into $(BUILD)/host, and freestanding for the loader into $(BUILD)/pv
# (rules in pv/pv.mk).  CC=clang works as well as gcc.

# The first rule below is a generated header: name the real default goal.
.DEFAULT_GOAL := all
BUILD   ?= build
CC      ?= gcc
FUZZCC  ?= clang
HOST    := $(BUILD)/host
FUZZ    := $(BUILD)/fuzz

GEN     := $(BUILD)/gen
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wno-unused-parameter
CSTD    := -std=gnu11
# Debug info names sources relative to the tree, so two checkouts in
# different places build the same bytes (tests/check/05-reproducible.sh).
REPRO   := -ffile-prefix-map=$(CURDIR)=.
HOST_CFLAGS := $(CSTD) $(REPRO) $(WARN) -O2 -g -I. -I$(GEN) -D_GNU_SOURCE -MMD -MP $(EXTRA_CFLAGS)

# Decompressors: Debian's static archives, in both builds.
DECOMP_LIBS := -Wl,-Bstatic -lz -lbz2 -llzma -lzstd -llz4 -llzo2 -Wl,-Bdynamic
HOST_LDLIBS := $(DECOMP_LIBS) $(EXTRA_LDLIBS)

# loader/lib/libc/ is the freestanding C library: the host has its own.
PORTABLE_SRCS := $(sort $(wildcard loader/*/*.c fs/*.c menu/*.c))
TOOL_COMMON   := $(sort $(wildcard tools/common/*.c))
INSPECT_SRCS  := $(sort $(wildcard tools/inspect/*.c))
UNIT_SRCS     := $(sort $(wildcard tests/unit/test_*.c))
TESTTOOL_SRCS := $(sort $(wildcard tests/tools/*.c))
FUZZ_SRCS     := $(sort $(wildcard tests/fuzz/fuzz_*.c))
CHECK_SCRIPTS := $(sort $(wildcard tests/check/*.sh))

host_obj = $(patsubst %.c,$(HOST)/%.o,$(1))
fuzz_obj = $(patsubst %.c,$(FUZZ)/%.o,$(1))

HOST_LIB   := $(HOST)/libpvboot.a
INSPECT    := $(HOST)/pvboot-inspect
# pvboot-inspect confines itself with Debian's libseccomp (tools/inspect/sandbox.c).
INSPECT_LDLIBS := -lseccomp
UNIT_BINS  := $(patsubst tests/unit/%.c,$(HOST)/tests/%,$(UNIT_SRCS))
TESTTOOL_BINS := $(patsubst tests/tools/%.c,$(HOST)/testtools/%,$(TESTTOOL_SRCS))
FUZZ_BINS  := $(patsubst tests/fuzz/%.c,$(FUZZ)/%,$(FUZZ_SRCS))

# Freestanding objects: the same portable sources plus loader/lib/libc/, as the
# loader links them (no host libc, no PIE, SSE allowed: the decompression
# archives use it).  Platforms (pv/pv.mk) link these into their image.
FREE       := $(BUILD)/free
FREE_CFLAGS := $(CSTD) $(REPRO) $(WARN) -O2 -g -I. -I$(GEN) -DPVBOOT_FREESTANDING -ffreestanding -fno-pic -fno-pie \
               -fno-stack-protector -fno-asynchronous-unwind-tables -MMD -MP
FREE_SRCS  := $(PORTABLE_SRCS) $(sort $(wildcard loader/lib/libc/*.c))
FREE_OBJS  := $(patsubst %.c,$(FREE)/%.o,$(FREE_SRCS))
FREE_LIB   := $(FREE)/libpvboot-free.a
FREE_LDLIBS := -Wl,--start-group $(FREE_LIB) /usr/lib/x86_64-linux-gnu/libz.a \
               /usr/lib/x86_64-linux-gnu/libbz2.a /usr/lib/x86_64-linux-gnu/liblzma.a \
               /usr/lib/x86_64-linux-gnu/libzstd.a /usr/lib/x86_64-linux-gnu/liblz4.a \
               /usr/lib/x86_64-linux-gnu/liblzo2.a -lgcc -Wl,--end-group

# The version the banner shows: rewritten only when it changes, so the
# objects that include it rebuild exactly then.
PVBOOT_VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo unknown)
# Tools that stamp a time take the last commit's (none does in today's
# build: gzip -n, Debian's deterministic ar, no __DATE__ in the sources).
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif
$(GEN)/pvboot_version.h: FORCE
	@mkdir -p $(dir $@)
	@echo '#define PVBOOT_VERSION "$(PVBOOT_VERSION)"' >$@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
$(HOST)/loader/boot/run.o $(FREE)/loader/boot/run.o $(FUZZ)/loader/boot/run.o: $(GEN)/pvboot_version.h
# pvboot-inspect --version prints the same string as the banner.
$(HOST)/tools/inspect/main.o: $(GEN)/pvboot_version.h
.PHONY: FORCE
FORCE:

$(FREE)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(FREE_CFLAGS) -c $< -o $@

$(FREE_LIB): $(FREE_OBJS)
	rm -f $@ && ar rcs $@ $^

# Link check: every portable entry point plus all seven decompressors in
# one static image with nothing but our libc subset; fails on any
# undefined symbol.  tests/freestanding/decomp-size.sh measures each
# decompressor's share of the image from the same link.
$(FREE)/link-check.elf: tests/freestanding/link_check.c $(FREE_LIB)
	$(CC) $(FREE_CFLAGS) -nostdlib -static -Wl,--gc-sections -Wl,-e,_start \
	  -Wl,--no-undefined -o $@ $< $(FREE_LDLIBS)

freestanding: $(FREE)/link-check.elf

.SECONDARY:
.PHONY: freestanding all host check unit fuzz fuzz-smoke deps clean test
all: host freestanding

# The README's test command: what it needs installed first (a quick check
# when all is there), every host test and the fuzz smoke runs;
# tests/e2e/e2e.mk adds the Xen end-to-end suite to it.
test: deps check fuzz-smoke

host: $(HOST_LIB) $(INSPECT) $(UNIT_BINS) $(TESTTOOL_BINS)

$(HOST)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -c $< -o $@

$(HOST_LIB): $(call host_obj,$(PORTABLE_SRCS) $(TOOL_COMMON))
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(INSPECT): $(call host_obj,$(INSPECT_SRCS)) $(HOST_LIB)
	$(CC) -o $@ $^ $(HOST_LDLIBS) $(INSPECT_LDLIBS)

$(HOST)/tests/%: $(HOST)/tests/unit/%.o $(HOST_LIB)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -lcmocka -lext2fs -lcom_err $(HOST_LDLIBS)

# Test helpers (oracles, walkers) driven by tests/check scripts.
$(HOST)/testtools/%: $(HOST)/tests/tools/%.o $(HOST_LIB)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -lext2fs -lcom_err $(HOST_LDLIBS)

# Every unit test binary, then every check script (which drive
# pvboot-inspect and the library on real images and kernels).
check: host
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t; done
	@set -e; for s in $(CHECK_SCRIPTS); do echo "== $$s"; \
	  PVBOOT_BUILD=$(abspath $(BUILD)) bash $$s; done
	@echo "== all checks passed"

unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do $$t; done

# libFuzzer targets: the portable sources again, with ASan + UBSan.
FUZZ_CFLAGS := $(CSTD) -O1 -g -I. -I$(GEN) -D_GNU_SOURCE -MMD -MP \
               -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
$(FUZZ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZCC) $(FUZZ_CFLAGS) -c $< -o $@
$(FUZZ)/fuzz_%: $(FUZZ)/tests/fuzz/fuzz_%.o $(call fuzz_obj,$(PORTABLE_SRCS) $(TOOL_COMMON))
	$(FUZZCC) -fsanitize=fuzzer,address,undefined -o $@ $^ $(HOST_LDLIBS) $(FUZZ_LDLIBS_EXTRA)
$(FUZZ)/fuzz_ext4_diff: FUZZ_LDLIBS_EXTRA := -lext2fs -lcom_err

fuzz: $(FUZZ_BINS)

FUZZ_SECONDS ?= 5
fuzz-smoke: fuzz
	@PVBOOT_BUILD=$(abspath $(BUILD)) FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/run.sh $(FUZZ_BINS)

deps:
	bash tools/install-deps.sh

clean:
	rm -rf $(BUILD)

# Platform front ends and the end-to-end testbed add their own rules.
-include $(wildcard pv/pv.mk efi/efi.mk tests/e2e/e2e.mk doc/doc.mk tools/install.mk tests/fuzz/fuzz.mk)
# Dependency files of the objects only (test data under build/ may end in .d).
-include $(shell find $(HOST) $(FREE) $(FUZZ) $(BUILD)/pv -name '*.d' 2>/dev/null)

# The README's demo command (installs what it needs first, as test does).
.PHONY: demo
demo: deps
	bash tools/demo.sh
