# make install / install-strip / uninstall (included by the top-level
# Makefile), GNU conventions: DESTDIR stages, PREFIX and LIBDIR place.
# The loader goes in $(LIBDIR)/pvboot/ (an image Xen reads, not a program
# to run, like grub-xen's), always stripped: the unstripped ELF stays in
# $(BUILD) for gdb and addr2line.  The EFI application goes next to it (a
# file to copy onto an EFI system partition, as grub-efi-amd64-bin's
# images in /usr/lib/grub/), without its COFF symbol table: strip -p, as
# plain strip stamps the PE header with the time of the strip (objcopy
# wrote 0 there); the sections the firmware loads are the same bytes.
PREFIX  ?= /usr/local
LIBDIR  ?= $(PREFIX)/lib
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DOCDIR  ?= $(PREFIX)/share/doc/pvboot
INSTALL ?= install
STRIP   ?= strip

LOADER_DIR   := $(DESTDIR)$(LIBDIR)/pvboot
INSTALL_DEPS := $(PV_ELF) $(EFI_IMG) $(INSPECT) $(MAN_GZ)

# What an install needs and nothing else (no tests): debian/rules builds this.
.PHONY: install install-strip uninstall install-programs
install-programs: $(INSTALL_DEPS)

install: $(INSTALL_DEPS)
	$(INSTALL) -d $(LOADER_DIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	  $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(DOCDIR)/examples
	$(INSTALL) -m 644 $(PV_ELF) $(LOADER_DIR)/pvboot-x86_64.elf
	$(STRIP) --strip-all $(LOADER_DIR)/pvboot-x86_64.elf
	$(INSTALL) -m 644 $(EFI_IMG) $(LOADER_DIR)/pvboot-x86_64.efi
	$(STRIP) --strip-all -p $(LOADER_DIR)/pvboot-x86_64.efi
	$(INSTALL) -m 755 $(INSPECT) $(DESTDIR)$(BINDIR)/pvboot-inspect
	$(INSTALL) -m 644 $(BUILD)/doc/pvboot-inspect.1.gz $(DESTDIR)$(MANDIR)/man1/
	$(INSTALL) -m 644 $(BUILD)/doc/pvboot.7.gz $(DESTDIR)$(MANDIR)/man7/
	$(INSTALL) -m 644 $(wildcard doc/examples/*) $(DESTDIR)$(DOCDIR)/examples/
	$(INSTALL) -m 644 doc/migrating.md $(DESTDIR)$(DOCDIR)/

# GNU's install-strip: install, with the programs stripped as well.
install-strip: install
	$(STRIP) --strip-unneeded $(DESTDIR)$(BINDIR)/pvboot-inspect

uninstall:
	rm -f $(LOADER_DIR)/pvboot-x86_64.elf $(LOADER_DIR)/pvboot-x86_64.efi $(DESTDIR)$(BINDIR)/pvboot-inspect \
	  $(DESTDIR)$(MANDIR)/man1/pvboot-inspect.1.gz $(DESTDIR)$(MANDIR)/man7/pvboot.7.gz \
	  $(addprefix $(DESTDIR)$(DOCDIR)/examples/,$(notdir $(wildcard doc/examples/*))) \
	  $(DESTDIR)$(DOCDIR)/migrating.md
	-rmdir $(LOADER_DIR) $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR) 2>/dev/null

# Build the .debs from a copy of the tree, apt-get install them, check the
# installed files, purge them (root; tests/package/build-and-install.sh).
.PHONY: package-test
package-test:
	bash tests/package/build-and-install.sh
