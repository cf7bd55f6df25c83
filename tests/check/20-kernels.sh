#!/usr/bin/env bash
# Real kernels: Debian 12's generic (xz) and cloud (lz4) kernels, plus the
# generic kernel's vmlinux recompressed by the real command-line tools in
# all seven formats and wrapped back into a bzImage, a plain vmlinux and a
# gzip-compressed vmlinux.  For each, `pvboot-inspect kernel --extract` must
# give the byte-identical vmlinux (the oracle is the real xz/lz4 tool's
# output) and the Xen notes a PV kernel needs.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${PVBOOT_BUILD:?}
inspect=$build/host/pvboot-inspect
work=$build/kernels
mkdir -p "$work"
# One run at a time (two e2e testbeds may ask for the kernels at once), and
# every cached file written whole, then renamed: a reader that does not
# wait for the lock sees a file complete or not at all.
exec 9>"$work/.lock"
flock 9
pass=0 fail=0

mapfile -t kernels < <(bash "$here/lib/debian-kernels.sh") || true
generic=$(printf '%s\n' "${kernels[@]}" | awk '$1=="generic"{print $2}')
cloud=$(printf '%s\n' "${kernels[@]}" | awk '$1=="cloud"{print $2}')
if [ -z "$generic" ] || [ -z "$cloud" ]; then
	echo "FAIL kernels: could not fetch Debian's kernel packages"
	exit 1
fi

# Oracle: the payload decompressed by the real tool.
oracle() { # bzimage out decompressor...
	local img=$1 out=$2; shift 2
	if [ ! -s "$out" ]; then
		python3 "$here/lib/bzimage-wrap.py" payload "$img" "$out.payload"
		"$@" < "$out.payload" > "$out.tmp" 2>/dev/null && mv "$out.tmp" "$out"
		rm -f "$out.payload" "$out.tmp"
	fi
}
oracle "$generic" "$work/generic.vmlinux" xz -dc
oracle "$cloud" "$work/cloud.vmlinux" lz4 -dc

check() { # name file oracle
	local name=$1 file=$2 want=$3 out=$work/$1.extracted json
	if ! json=$("$inspect" kernel "$file" --json --extract "$out" 2>&1); then
		echo "FAIL $name: $json"; fail=$((fail + 1)); return
	fi
	if ! cmp -s "$out" "$want"; then
		echo "FAIL $name: extracted ELF differs from the oracle"; fail=$((fail + 1)); return
	fi
	for note in ENTRY VIRT_BASE PHYS32_ENTRY XEN_VERSION; do
		if ! grep -q "\"$note\"" <<<"$json"; then
			echo "FAIL $name: Xen note $note missing"; fail=$((fail + 1)); return
		fi
	done
	echo "PASS $name ($(grep -o '"compression":"[a-z0-9]*"' <<<"$json"), $(stat -c %s "$file") -> $(stat -c %s "$out") bytes)"
	pass=$((pass + 1))
	rm -f "$out"
}

check debian-generic-xz "$generic" "$work/generic.vmlinux"
check debian-cloud-lz4 "$cloud" "$work/cloud.vmlinux"

# Recompress the generic vmlinux with each real tool (fast levels: the test
# is about the container formats, not the ratio), in parallel, cached.
vm=$work/generic.vmlinux
size=$(stat -c %s "$vm")
declare -A tool=(
	[gzip]="gzip -1 -n -c"
	[bzip2]="bzip2 -1 -c"
	[lzma]="lzma -1 -c"
	[xz]="xz -c --check=crc32 --x86 --lzma2=preset=1"
	[lzo]="lzop -1 -c"
	[lz4]="lz4 -l -1 -c"
	[zstd]="zstd -1 -q -c"
)
for fmt in "${!tool[@]}"; do
	[ -s "$work/re.$fmt" ] && continue
	( ${tool[$fmt]} < "$vm" > "$work/re.$fmt.tmp" && mv "$work/re.$fmt.tmp" "$work/re.$fmt" ) &
	while [ "$(jobs -r | wc -l)" -ge 2 ]; do wait -n; done
done
wait
for fmt in gzip bzip2 lzma xz lzo lz4 zstd; do
	if [ ! -s "$work/re.$fmt" ]; then
		echo "FAIL bzimage-$fmt: ${tool[$fmt]%% *} failed"; fail=$((fail + 1)); continue
	fi
	python3 "$here/lib/bzimage-wrap.py" wrap "$generic" "$work/re.$fmt" "$size" "$work/bz.$fmt.tmp" &&
		mv "$work/bz.$fmt.tmp" "$work/bz.$fmt"
	check "bzimage-$fmt" "$work/bz.$fmt" "$vm"
done
check plain-elf "$vm" "$vm"
check gzip-elf "$work/re.gzip" "$vm"

echo "kernels: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
