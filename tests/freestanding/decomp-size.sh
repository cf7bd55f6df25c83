#!/usr/bin/env bash
# How much each decompressor adds to the freestanding image: link the
# link-check program once with no decompressor (ELF parsing only) and once
# per format, and print the text+data difference.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD:-build}
make -s freestanding BUILD="$build" >/dev/null
flags=$(make -s -p BUILD="$build" 2>/dev/null | sed -n 's/^FREE_CFLAGS := //p' | head -1)
libs=$(make -s -p BUILD="$build" 2>/dev/null | sed -n 's/^FREE_LDLIBS := //p' | head -1)
size_of() {
	local out=$build/free/size-$1.elf
	# shellcheck disable=SC2086
	cc $flags -Wno-unused -DONLY_$1 -nostdlib -static -Wl,--gc-sections -Wl,-e,_start -Wl,--no-undefined \
		-o "$out" tests/freestanding/link_check.c $(eval echo $libs)
	size "$out" | awk 'NR==2 {print $1 + $2}'
}
base=$(size_of NONE)
printf '%-8s %10s\n' format bytes
for f in GZIP BZIP2 LZMA XZ LZO LZ4 ZSTD; do
	printf '%-8s %10d\n' "$(tr A-Z a-z <<<"$f")" $(( $(size_of "$f") - base ))
done
