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
