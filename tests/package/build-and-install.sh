#!/usr/bin/env bash
# The Debian packages end to end: build them from a copy of the tree (the
# tracked files as they are now: dpkg-buildpackage writes next to the
# source, so never in the developer's checkout), install them with apt as
# a user would, check what landed where, and remove them again.
#   tests/package/build-and-install.sh      (root; make package-test)
#   KEEP=1: leave the packages installed and the build directory in place.
set -uo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
[ "$(id -u)" = 0 ] || { echo "FAIL: needs root (apt-get install)"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/pvboot-package.XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
pass=0 fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1"; fail=$((fail + 1)); }

tree=$work/pvboot
mkdir -p "$tree"
(cd "$src" && git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$tree") || { echo "FAIL: copy"; exit 1; }
start=$(date +%s)
if ! (cd "$tree" && dpkg-buildpackage -us -uc -b -j"$(nproc)") >"$work/build.log" 2>&1; then
	tail -20 "$work/build.log"; echo "FAIL: dpkg-buildpackage (log: $work/build.log)"; exit 1
fi
ok "dpkg-buildpackage -us -uc -b ($(($(date +%s) - start)) s)"
version=$(cd "$tree" && dpkg-parsechangelog -SVersion)
cd "$work" || exit 1
for p in pvboot pvboot-tools; do
	deb=${p}_${version}_amd64.deb
	[ -f "$deb" ] && echo "     $deb: $(stat -c %s "$deb") bytes, Installed-Size $(dpkg-deb -f "$deb" Installed-Size) KiB" ||
		ko "$deb not built"
done
# Every tag, pedantic and experimental ones too, must be fixed or
# overridden with its reason (debian/*.lintian-overrides).  Lintian's own
# failure (a bad option, a crash: non-zero, no tag printed) fails too,
# not a clean report.  (As root it warns on stderr; that is not a tag.)
# (Not --show-overrides: with it, --fail-on counts the overridden tags.)
out=$(lintian -I -E --pedantic --fail-on error,warning "pvboot_${version}_amd64.changes" 2>&1); rc=$?
tags=$(echo "$out" | grep -E '^[EWIPX]: ')
if [ "$rc" = 0 ] && [ -z "$tags" ]; then ok "lintian -I -E --pedantic: no tags but the overridden ones"
else ko "lintian (exit status $rc): ${tags:-$(echo "$out" | tail -3)}"; fi

export DEBIAN_FRONTEND=noninteractive
if apt-get install -y -qq "./pvboot_${version}_amd64.deb" "./pvboot-tools_${version}_amd64.deb" >"$work/apt.log" 2>&1; then
	ok "apt-get install ./pvboot_${version}_amd64.deb ./pvboot-tools_${version}_amd64.deb"
else
	tail -5 "$work/apt.log"; ko "apt-get install"; exit 1
fi

elf=/usr/lib/pvboot/pvboot-x86_64.elf
if [ -f "$elf" ] && file "$elf" | grep -q 'ELF 64-bit.*x86-64.*stripped' && ! file "$elf" | grep -q 'not stripped'; then
	ok "$elf: stripped x86-64 ELF ($(stat -c %s "$elf") bytes)"
else ko "$elf: $(file "$elf" 2>&1)"; fi
readelf -n "$elf" 2>/dev/null | grep -q '^  Xen' && ok "$elf: Xen ELF notes kept" || ko "$elf: no Xen notes"
# Stripping removes symbols and debug info only: what Xen loads is the same.
if objcopy -O binary "$elf" "$work/installed.bin" && objcopy -O binary "$tree/debian/_build/pv/pvboot-x86_64.elf" "$work/built.bin" &&
	cmp -s "$work/installed.bin" "$work/built.bin"; then ok "$elf: loaded bytes equal the unstripped build's"
else ko "$elf: loaded bytes differ from the unstripped build"; fi

# The EFI application: a PE32+ EFI application for x86-64, stripped of its
# COFF symbols only (the same loaded bytes as the build's), no build time
# in its header, as make install leaves it (dh_strip does not touch PE).
efi=/usr/lib/pvboot/pvboot-x86_64.efi
if [ -f "$efi" ] && file "$efi" | grep -q 'PE32+ executable (EFI application) x86-64' &&
	objdump -p "$efi" 2>/dev/null | grep -q '^Subsystem.*(EFI application)'; then
	ok "$efi: PE32+ EFI application, x86-64 ($(stat -c %s "$efi") bytes)"
else ko "$efi: $(file "$efi" 2>&1)"; fi
objdump -p "$efi" 2>/dev/null | grep -q '^Time/Date.*1970' && ok "$efi: no timestamp in the PE header" ||
	ko "$efi: $(objdump -p "$efi" 2>&1 | grep '^Time/Date')"
if objcopy -O binary "$efi" "$work/installed-efi.bin" &&
	objcopy -O binary "$tree/debian/_build/efi/pvboot-x86_64.efi" "$work/built-efi.bin" &&
	cmp -s "$work/installed-efi.bin" "$work/built-efi.bin"; then ok "$efi: loaded bytes equal the build's"
else ko "$efi: loaded bytes differ from the build's"; fi
cmp -s "$efi" "$tree/debian/tmp/usr/lib/pvboot/pvboot-x86_64.efi" && ok "$efi: the file make install wrote" ||
	ko "$efi: differs from debian/tmp's (changed after make install)"
grep -qaF "$version" "$efi" && ok "the EFI application carries version $version" || ko "the EFI application lacks version $version"

for m in /usr/share/man/man7/pvboot.7.gz /usr/share/man/man1/pvboot-inspect.1.gz; do
	if ! gzip -t "$m" 2>/dev/null; then ko "$m: not gzip"; continue; fi
	w=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$m" 2>&1 >/dev/null)
	[ -z "$w" ] && ok "$m: gzip, renders without warnings" || ko "$m: $w"
done
man -w pvboot >/dev/null 2>&1 && man -w pvboot-inspect >/dev/null 2>&1 && ok "man finds pvboot(7) and pvboot-inspect(1)" ||
	ko "man -w pvboot / pvboot-inspect"
for f in examples/pv.cfg examples/pvh.cfg examples/libvirt-pv.xml examples/libvirt-pvh.xml migrating.md; do
	[ -f "/usr/share/doc/pvboot/$f" ] || ko "/usr/share/doc/pvboot/$f missing"
done && ok "/usr/share/doc/pvboot: examples and migrating.md"

v=$(pvboot-inspect --version)
[ "$v" = "pvboot-inspect $version" ] && ok "pvboot-inspect --version: $v" || ko "pvboot-inspect --version: '$v', want '$version'"
# The banner's version is the same string, compiled into the loader.
grep -qaF "$version" "$elf" && ok "the loader carries version $version" || ko "the loader lacks version $version"
bash -c 'pvboot-inspect sandbox-test; exit $?' >/dev/null 2>&1
[ $? = 159 ] && ok "installed pvboot-inspect: sandbox-test killed by SIGSYS" || ko "installed pvboot-inspect: sandbox not live"
ok=$(pvboot-inspect kernel "$elf" 2>&1) && ok "pvboot-inspect kernel $elf: $(echo "$ok" | head -n1)" ||
	ko "pvboot-inspect kernel $elf: $ok"

if [ -z "${KEEP:-}" ]; then
	apt-get purge -y -qq pvboot pvboot-tools >>"$work/apt.log" 2>&1 && [ ! -e "$elf" ] && [ ! -e "$efi" ] && ! command -v pvboot-inspect >/dev/null &&
		[ ! -e /usr/share/man/man7/pvboot.7.gz ] && ok "apt-get purge: the files are gone" || ko "apt-get purge"
fi
echo "package: $pass passed, $fail failed"
[ "$fail" = 0 ]
