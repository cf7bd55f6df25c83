# Man pages (included by the top-level Makefile): plain roff sources in
# doc/, compressed as they are installed.  gzip -n keeps the name and time
# out of the file, so the .gz is the same bytes on every build.
MAN_SRCS := doc/pvboot.7 doc/pvboot-inspect.1
MAN_GZ   := $(patsubst doc/%,$(BUILD)/doc/%.gz,$(MAN_SRCS))

$(BUILD)/doc/%.gz: doc/%
	@mkdir -p $(dir $@)
	gzip -9n <$< >$@.tmp && mv $@.tmp $@

.PHONY: man man-check
man: $(MAN_GZ)
all: man

# groff's own warnings, as lintian's manpage check runs them.
man-check:
	@set -e; for m in $(MAN_SRCS); do \
	  out=$$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z $$m 2>&1 >/dev/null); \
	  [ -z "$$out" ] || { echo "$$m:"; echo "$$out"; exit 1; }; echo "$$m: no warnings"; done
