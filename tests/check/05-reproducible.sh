#!/usr/bin/env bash
# Reproducible build: the tracked files (as they are now, committed or not)
# copied into two directories of different paths and lengths, each built
# from scratch, must give the same loader ELF, EFI application and
# pvboot-inspect bytes, and make install the same files (the stripped
# loader and EFI application, as the packages ship them).
# The version string comes from the real tree (the copies have no .git),
# as a release tarball build gets it from PVBOOT_VERSION.
set -uo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/pvboot-repro.XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT   # KEEP=1: keep both trees to compare
version=$(git -C "$src" describe --always --dirty 2>/dev/null || echo unknown)
epoch=$(git -C "$src" log -1 --format=%ct 2>/dev/null || echo 0)
targets="build/pv/pvboot-x86_64.elf build/efi/pvboot-x86_64.efi build/host/pvboot-inspect"
for d in a build-two; do
	mkdir -p "$work/$d"
	(cd "$src" && git ls-files -z | xargs -0 cp --parents -t "$work/$d") || { echo "FAIL: copy"; exit 1; }
done
# Both at once: one job each keeps the two-core machine's load as -j2.
for d in a build-two; do
	(cd "$work/$d" && make -j1 PVBOOT_VERSION="$version" SOURCE_DATE_EPOCH="$epoch" $targets \
		>"$work/$d.log" 2>&1 &&
	 make -j1 PVBOOT_VERSION="$version" SOURCE_DATE_EPOCH="$epoch" install DESTDIR="$work/$d-staged" PREFIX=/usr \
		>>"$work/$d.log" 2>&1) &
done
wait
fail=0
for t in $targets; do
	a=$work/a/$t b=$work/build-two/$t
	if [ ! -f "$a" ] || [ ! -f "$b" ]; then
		echo "FAIL $t: not built (see the build logs)"; tail -5 "$work/a.log" "$work/build-two.log"; fail=1
	elif cmp -s "$a" "$b"; then
		echo "PASS $t: identical in two trees ($(stat -c %s "$a") bytes, sha256 $(sha256sum <"$a" | cut -c1-16))"
	else
		echo "FAIL $t: differs between $work/a and $work/build-two"; cmp "$a" "$b" | head -3; fail=1
	fi
done
# Every installed file, by its path in the staging directory.
if [ -d "$work/a-staged" ] && [ -d "$work/build-two-staged" ]; then
	if diff -r "$work/a-staged" "$work/build-two-staged" >/dev/null; then
		echo "PASS make install: $(find "$work/a-staged" -type f | wc -l) files identical in two trees (pvboot-x86_64.efi $(stat -c %s "$work/a-staged/usr/lib/pvboot/pvboot-x86_64.efi") bytes)"
	else
		echo "FAIL make install: the installed files differ"; diff -rq "$work/a-staged" "$work/build-two-staged" | head -5; fail=1
	fi
else echo "FAIL make install: not installed (see the build logs)"; tail -5 "$work/a.log" "$work/build-two.log"; fail=1; fi
for t in build/pv/pvboot-x86_64.elf build/efi/pvboot-x86_64.efi; do
	strings "$work/a/$t" | grep -q "$work" && { echo "FAIL: $t names its build path"; fail=1; }
done
[ "$fail" = 0 ] && echo "reproducible: passed"
exit "$fail"
