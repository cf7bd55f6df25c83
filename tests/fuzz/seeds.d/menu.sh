#!/usr/bin/env bash
# Seeds for the configuration parsers: the distribution-shaped fixtures.
set -euo pipefail
out=$1
fix=$(cd "$(dirname "$0")/../.." && pwd)/fixtures/menus
mkdir -p "$out/fuzz_grubcfg" "$out/fuzz_menulst" "$out/fuzz_bls"
n=0
for f in $(find "$fix" -name grub.cfg); do cp "$f" "$out/fuzz_grubcfg/cfg$((n++))"; done
for f in $(find "$fix" -name menu.lst); do cp "$f" "$out/fuzz_menulst/lst$((n++))"; done
for f in $(find "$fix" -name '*.conf' -o -name 'grubenv.in'); do cp "$f" "$out/fuzz_bls/e$((n++))"; done
# blscfg's own corners: a tab-separated key, a blank line ending the file,
# ${x} and \$x (not variables), $default_kernelopts and early_initrd
# fallbacks; a loader.conf default glob over an entry id (fuzz_bls reads
# its first line as a pattern).
printf 'title\tT a\nlinux\t/k\ninitrd /a $tuned_initrd /b\n\noptions never\n' >"$out/fuzz_bls/quirk-tab-blank"
printf 'title x\nlinux /k-$kernelopts\noptions ${kernelopts} \\$kernelopts $k q$t$e_\ndevicetree $d\n' >"$out/fuzz_bls/quirk-vars"
printf '[!a-c]*-6.?.*\nffff-6.5.6-300.fc39.x86_64.conf\n' >"$out/fuzz_bls/glob"
printf 'version 5.14.0-362.8.1.el9_3.x86_64~rc1\nlinux /vmlinuz\ngrub_users $grub_users\n#c\n  options a;b|c&&d\n' >"$out/fuzz_bls/quirk-script"
