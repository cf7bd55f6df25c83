#!/usr/bin/env bash
# Differential test of the btrfs driver.  Images come from the real tools:
# mkfs.btrfs --rootdir from the generated tree (node sizes, checksum
# types, no-holes on/off, mixed block groups, DUP, metadata_uuid, a GPT
# partition, 4096-byte sectors), and, for what only the kernel writes,
# loop-mounted images written by Linux (compressed extents of all three
# kinds, subvolumes and snapshots with a default subvolume, sparse and
# preallocated files, RAID1/RAID1C3/RAID10/RAID0 across several images,
# and one member left out).  Every variant is walked through pvboot
# (tests/tools/fswalk) and its manifest (paths, types, modes, sizes,
# mtimes, SHA-256 digests of every file and symlink target) must equal the one
# Python prints for the source tree or the mounted filesystem.  Corrupt
# images must fail with an error naming the structure.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${PVBOOT_BUILD:?}
fswalk=$build/host/testtools/fswalk
inspect=$build/host/pvboot-inspect
manifest="python3 $here/lib/tree-manifest.py"
corrupt_py="python3 $here/lib/btrfs-corrupt.py"
work=$build/btrfs
pass=0 fail=0 skip=0
ok() { echo "PASS [${SECONDS}s] $1"; pass=$((pass + 1)); }
ko() { echo "FAIL [${SECONDS}s] $1"; fail=$((fail + 1)); }
sk() { echo "SKIP $1"; skip=$((skip + 1)); }

if ! command -v mkfs.btrfs >/dev/null; then
	echo "SKIP: mkfs.btrfs missing (apt-get install btrfs-progs)"; exit 1
fi
rm -rf "$work"; mkdir -p "$work/mnt"
bash "$here/lib/fs-tree.sh" "$work/tree" >/dev/null || { echo "FAIL: fs-tree.sh"; exit 1; }
$manifest "$work/tree" >"$work/tree.manifest"
# A smaller tree for the kernel-written and corrupt images (time).
mkdir -p "$work/small"
cp -a "$work/tree/boot" "$work/tree/links" "$work/tree/deep" "$work/tree/random.bin" \
      "$work/tree/shortcut" "$work/tree/small" "$work/small/"

# compare NAME WANT-MANIFEST IMAGES [fswalk args]
compare() {
	local name=$1 want=$2 imgs=$3 out; shift 3
	if ! timeout 60 "$fswalk" "$imgs" "$@" >"$work/got" 2>"$work/err"; then
		ko "$name: $(grep -m3 . "$work/err" | tr '\n' ' ')"; return 1
	fi
	if ! out=$(diff "$want" "$work/got"); then
		ko "$name: manifests differ: $(head -6 <<<"$out" | tr '\n' ' ')"; return 1
	fi
	ok "$name: $(wc -l <"$want") entries equal; $(tail -1 "$work/err")"
}

# mkfs.btrfs --rootdir variants: NAME SIZE mkfs-args...
variant() {
	local name=$1 size=$2 img=$work/$1.img out; shift 2
	rm -f "$img"; truncate -s "$size" "$img"
	if ! out=$(mkfs.btrfs -q -f "$@" --rootdir "$work/tree" "$img" 2>&1 >/dev/null); then
		ko "$name: mkfs.btrfs $*: $out"; return
	fi
	compare "$name" "$work/tree.manifest" "$img"
	rm -f "$img"
}
variant default 256M
variant node4k 256M -n 4096
variant node64k 256M -n 65536
variant node8k-holes 256M -n 8192 -O ^no-holes
variant csum-xxhash 256M --csum xxhash
variant csum-sha256 256M --csum sha256
variant csum-blake2 256M --csum blake2
variant no-holes-off 256M -O ^no-holes
variant mixed-bg 512M -M
variant dup-data 512M -d dup -m dup
variant single-meta 256M -m single
variant extref-off 256M -O ^extref,^skinny-metadata

# metadata_uuid: tree blocks keep the old fsid, the superblock names a new one.
img=$work/muuid.img
rm -f "$img"; truncate -s 256M "$img"
mkfs.btrfs -q -f --rootdir "$work/tree" "$img" >/dev/null 2>&1
if btrfstune -m "$img" >/dev/null 2>&1 <<<y; then
	compare metadata-uuid "$work/tree.manifest" "$img"
else
	sk "metadata-uuid: btrfstune -m failed"
fi
# uuid and label as blkid prints them.
mkfs.btrfs -q -f -L 'boot fs' --rootdir "$work/tree" "$img" >/dev/null 2>&1
want="uuid $(blkid -s UUID -o value "$img") label 'boot fs'"
if "$inspect" "$img" parts | grep -q "fs btrfs $want"; then
	ok "uuid/label: $want"
else
	ko "uuid/label: want '$want', got '$("$inspect" "$img" parts)'"
fi
# The primary superblock damaged: the mirror at 64 MiB is used.
$corrupt_py "$img" sb-csum
if "$inspect" "$img" cat /random.bin 2>/dev/null | cmp -s - "$work/tree/random.bin" &&
   "$inspect" "$img" parts | grep -q "note: primary superblock bad, used the copy at 67108864"; then
	ok "superblock mirror: read through the 64 MiB copy, and said so"
else
	ko "superblock mirror: $("$inspect" "$img" cat /random.bin 2>&1 >/dev/null | tail -1)"
fi
rm -f "$img"

# In a GPT partition, and on a disk of 4096-byte sectors.
disk=$work/gpt.disk
rm -f "$disk"; truncate -s 300M "$disk"
python3 "$here/lib/mkgpt.py" "$disk" 512 2048:4096:bios 8192:520192:root
truncate -s 256M "$work/part.fs"
mkfs.btrfs -q -f --rootdir "$work/tree" "$work/part.fs" >/dev/null 2>&1
dd if="$work/part.fs" of="$disk" bs=512 seek=8192 conv=notrunc status=none
compare gpt-partition "$work/tree.manifest" "$disk" --part hd0,gpt2
rm -f "$disk"
compare sector-4096 "$work/tree.manifest" "$work/part.fs" --sector-size 4096
if "$inspect" "$work/part.fs" cat /links/chain2 2>/dev/null | cmp -s - "$work/tree/random.bin"; then
	ok "pvboot-inspect cat through a symlink chain"
else
	ko "pvboot-inspect cat /links/chain2"
fi

# ---- Images written by the kernel through loop devices ----
loops=()
detach() { for l in "${loops[@]}"; do losetup -d "$l" 2>/dev/null; done; loops=(); }
cleanup() { umount "$work/mnt" 2>/dev/null; detach; }
trap cleanup EXIT
# kmake NAME NDEV MKFS-ARGS -- MOUNT-OPTS: images $work/NAME.N.img, mounted on $work/mnt
kmake() {
	local name=$1 n=$2; shift 2
	local args=() devs=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do args+=("$1"); shift; done
	shift
	detach
	for i in $(seq 1 "$n"); do
		rm -f "$work/$name.$i.img"; truncate -s 320M "$work/$name.$i.img"
		loops+=("$(losetup -f --show "$work/$name.$i.img")") || return 1
	done
	mkfs.btrfs -q -f "${args[@]}" "${loops[@]}" >/dev/null 2>&1 || return 1
	mount ${1:+-o "$1"} "${loops[0]}" "$work/mnt"
}
kimgs() { local s=""; for i in $(seq 1 "$2"); do s="$s,$work/$1.$i.img"; done; echo "${s#,}"; }
kdone() { # snapshot the mounted tree's manifest, unmount, detach
	$manifest "$work/mnt" >"$work/$1.manifest"
	umount "$work/mnt"; detach
}
loop_ok=1
truncate -s 1M "$work/probe.img"
if ! l=$(losetup -f --show "$work/probe.img" 2>/dev/null); then loop_ok=0; else losetup -d "$l"; fi
rm -f "$work/probe.img"

# Compressible files: many 128 KiB compressed extents, an inline
# compressed one, an extent rewritten in the middle (a reference into
# part of a compressed extent), and a file grown by small synced appends.
compressible() {
	local d=$1
	mkdir -p "$d/z"
	python3 - "$d/z" <<'PY'
import os, random, sys
random.seed(7)
d = sys.argv[1]
words = [("w%d" % i).encode() for i in range(500)]
def text(n):
    out = bytearray()
    while len(out) < n:
        out += b" ".join(random.choice(words) for _ in range(12)) + b"\n"
    return bytes(out[:n])
open(f"{d}/text-3m", "wb").write(text(3 << 20))
open(f"{d}/inline", "wb").write(text(1800))
open(f"{d}/" + "n" * 255, "wb").write(text(5000))
open(f"{d}/mixed", "wb").write(text(200000) + random.randbytes(300000) + text(100000))
with open(f"{d}/rewritten", "wb") as f:
    f.write(text(1 << 20))
    f.flush(); os.fsync(f.fileno())
    f.seek(300000); f.write(b"X" * 5000)
    f.seek(700001); f.write(random.randbytes(70000))
with open(f"{d}/appended", "wb") as f:
    for i in range(40):
        f.write(text(3000 + i)); f.flush(); os.fsync(f.fileno())
PY
}

if [ $loop_ok = 0 ]; then
	sk "kernel-written images: no loop devices here"
else
	for c in zlib lzo zstd; do
		if kmake "k-$c" 1 -- "compress-force=$c"; then
			src=$work/small; [ $c = zstd ] && src=$work/tree
			cp -a "$src/." "$work/mnt/"; compressible "$work/mnt"
			kdone "k-$c"
			compare "kernel-compress-$c" "$work/k-$c.manifest" "$(kimgs "k-$c" 1)"
			rm -f "$work"/k-$c.*.img
		else
			ko "kernel-compress-$c: mkfs/mount"; cleanup
		fi
	done
	# compress (not forced) on a 64 KiB-node filesystem without no-holes.
	if kmake k-zstd-holes 1 -n 65536 -O ^no-holes -- compress=zstd:9; then
		compressible "$work/mnt"; cp -a "$work/tree/sparse" "$work/mnt/"
		kdone k-zstd-holes
		compare "kernel-compress-zstd-64k-holes" "$work/k-zstd-holes.manifest" "$(kimgs k-zstd-holes 1)"
		rm -f "$work"/k-zstd-holes.*.img
	else
		ko "kernel-compress-zstd-64k-holes: mkfs/mount"; cleanup
	fi

	# Sparse and preallocated files, with and without no-holes.
	for nh in no-holes ^no-holes; do
		name=k-sparse-${nh#^}; [ "$nh" = ^no-holes ] && name=k-sparse-holes
		if kmake "$name" 1 -O "$nh" --; then
			m=$work/mnt
			# Past 4 GiB once (hashing the zeros costs time), 64 MiB otherwise.
			big=$((64 << 20)); [ "$nh" = no-holes ] && big=$(((4 << 30) + 65536))
			truncate -s $big "$m/huge"
			printf 'start' | dd of="$m/huge" conv=notrunc status=none
			printf 'middle' | dd of="$m/huge" bs=1 seek=$((big / 2 + 1)) conv=notrunc status=none
			printf 'end' | dd of="$m/huge" bs=1 seek=$((big - 3)) conv=notrunc status=none
			fallocate -l 10M "$m/prealloc"
			printf 'written' | dd of="$m/prealloc" bs=1 seek=$((4 << 20)) conv=notrunc status=none
			fallocate -l 3M "$m/prealloc-keep"
			fallocate -n -l 8M "$m/prealloc-keep"
			head -c 100000 /dev/urandom >"$m/punched"
			fallocate -p -o 8192 -l 40960 "$m/punched"
			cp -a "$work/tree/sparse" "$m/"
			kdone "$name"
			compare "kernel-sparse-prealloc-${nh}" "$work/$name.manifest" "$(kimgs "$name" 1)"
			rm -f "$work"/$name.*.img
		else
			ko "kernel-sparse-$nh: mkfs/mount"; cleanup
		fi
	done

	# Subvolumes, nested subvolumes, snapshots (rw and ro), a default subvolume.
	if kmake k-subvol 1 --; then
		m=$work/mnt
		btrfs -q subvolume create "$m/@"
		cp -a "$work/tree/boot" "$work/tree/links" "$work/tree/small" "$work/tree/random.bin" "$m/@/"
		mkdir -p "$m/@/.snapshots/1"
		btrfs -q subvolume snapshot "$m/@" "$m/@/.snapshots/1/snapshot"
		btrfs -q subvolume snapshot -r "$m/@" "$m/snap-ro"
		echo "changed after the snapshots" >"$m/@/boot/grub/grub.cfg"
		rm "$m/@/small/s3"
		btrfs -q subvolume create "$m/@/home"
		echo "in home" >"$m/@/home/file"
		btrfs -q subvolume create "$m/deleted"
		btrfs -q subvolume delete "$m/deleted" >/dev/null
		btrfs -q subvolume set-default "$m/@/.snapshots/1/snapshot"
		$manifest "$m/@/.snapshots/1/snapshot" >"$work/k-subvol.default.manifest"
		$manifest "$m/@/home" >"$work/k-subvol.home.manifest"
		home_id=$(btrfs subvolume show "$m/@/home" | awk '/Subvolume ID:/ {print $3}')
		kdone k-subvol
		# The snapshot's entry for the nested subvolume made before it is
		# the empty directory Linux makes up, with the time of the lookup.
		sed -i 's,^\(/snap-ro/.snapshots/1/snapshot dir 755 0\) [0-9]* -$,\1 0 -,' "$work/k-subvol.manifest"
		img=$(kimgs k-subvol 1)
		compare "kernel-subvolumes: whole tree from the top level" "$work/k-subvol.manifest" "$img"
		compare "kernel-subvolumes: the default subvolume (set-default)" "$work/k-subvol.default.manifest" "$img" --default-subvol
		compare "kernel-subvolumes: a subvolume by path" "$work/k-subvol.home.manifest" "$img" --subvol /@/home
		compare "kernel-subvolumes: a subvolume by id ($home_id)" "$work/k-subvol.home.manifest" "$img" --subvol-id "$home_id"
		out=$("$inspect" "$img" cat /@/.snapshots/1/snapshot/../../../home/../boot/grub/grub.cfg 2>&1 >"$work/out")
		if [ "$(cat "$work/out")" = "changed after the snapshots" ]; then
			ok "kernel-subvolumes: '..' out of a snapshot and a nested subvolume"
		else
			ko "kernel-subvolumes: '..' across subvolumes: $out"
		fi
		rm -f "$work"/k-subvol.*.img
	else
		ko "kernel-subvolumes: mkfs/mount"; cleanup
	fi

	# Several devices.
	for spec in "raid1 2" "raid1c3 3" "raid10 4" "raid0 2"; do
		set -- $spec; prof=$1 n=$2
		if kmake "k-$prof" "$n" -d "$prof" -m "$prof" --; then
			cp -a "$work/small/." "$work/mnt/"; compressible "$work/mnt"
			kdone "k-$prof"
			compare "kernel-$prof-$n-devices" "$work/k-$prof.manifest" "$(kimgs "k-$prof" "$n")"
		else
			ko "kernel-$prof: mkfs/mount"; cleanup; continue
		fi
		case $prof in
		raid1|raid1c3|raid10)
			# One member left out of the set pvboot sees: every file still reads.
			compare "kernel-$prof: member 1 missing" "$work/k-$prof.manifest" \
				"$(kimgs "k-$prof" "$n" | cut -d, -f2-)"
			out=$("$inspect" "$(kimgs "k-$prof" "$n" | cut -d, -f2-)" parts)
			if grep -q "note: $((n - 1)) of $n devices present" <<<"$out"; then
				ok "kernel-$prof: the missing member is reported"
			else
				ko "kernel-$prof: missing member not reported: $out"
			fi ;;
		raid0)
			out=$("$inspect" "$work/k-raid0.1.img" cat /random.bin 2>&1 >/dev/null); rc=$?
			if [ $rc = 1 ] && grep -q "device 2 (of 2) is missing" <<<"$out"; then
				ok "kernel-raid0: member missing: $out"
			else
				ko "kernel-raid0: member missing: exit $rc: $out"
			fi ;;
		esac
		rm -f "$work"/k-$prof.*.img
	done
fi

# Corrupt images: exit 1 and an error naming the structure, no crash or hang.
corrupt() { # name expect corrupt-args...
	local name=$1 expect=$2 img=$work/corrupt.img out rc; shift 2
	rm -f "$img"; truncate -s 48M "$img"
	mkfs.btrfs -q -f -m single --rootdir "$work/small" "$img" >/dev/null 2>&1
	$corrupt_py "$img" "$@" || { ko "corrupt-$name: cannot damage the image"; return; }
	out=$(timeout 20 "$inspect" "$img" cat /random.bin 2>&1 >/dev/null); rc=$?
	if [ $rc -ne 1 ] || ! grep -q "$expect" <<<"$out"; then
		ko "corrupt-$name: exit $rc: $out"
	else
		ok "corrupt-$name: $(tail -1 <<<"$out")"
	fi
	rm -f "$img"
}
corrupt feature "unsupported incompatible features: extent_tree_v2" sb-incompat 13
corrupt feature-unknown "unsupported incompatible features: 0x80000" sb-incompat 19
corrupt sb-csum "superblock at 65536: crc32c checksum mismatch (and no valid superblock mirror)" sb-csum
corrupt sectorsize "sector size 3000" sb-field 0x90 b80b0000
corrupt csum-type "unknown checksum type 9" sb-field 0xc4 0900
corrupt sys-chunks "sys_chunk_array" sb-field 0xa0 00100000
corrupt root-level "root level 9" sb-field 0xc6 09
corrupt root-block "tree block [0-9]*: crc32c checksum mismatch" tree-csum root
corrupt chunk-block "tree block [0-9]*: crc32c checksum mismatch" tree-csum chunk
corrupt leaf-item "leaf [0-9]*: item 0 data at" leaf-item root
corrupt root-addr "logical address [0-9]* is in no chunk" sb-field 0x50 0000000001000000

echo "btrfs: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
