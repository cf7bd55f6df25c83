#!/usr/bin/env bash
# In-place rewrite of /boot/grub/grubenv (fs_overwrite_file through
# pvboot-inspect overwrite), checked against the real e2fsprogs: debugfs
# must read back exactly the new bytes, e2fsck -fn must find the
# filesystem clean, every other file must be unchanged; and the refusals
# (wrong size, missing file, hole, inline data, unreplayed journal) must
# fail with a message and leave the image byte-for-byte untouched.
set -uo pipefail
build=${PVBOOT_BUILD:?}
inspect=$build/host/pvboot-inspect
work=$build/overwrite
rm -rf "$work"; mkdir -p "$work"
pass=0 fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1"; fail=$((fail + 1)); }

grubenv() { # saved_entry value -> 1024-byte environment block on stdout
	local head
	head=$(printf '# GRUB Environment Block\nsaved_entry=%s\n' "$1")
	printf '%s\n' "$head"
	head -c $((1024 - ${#head} - 1)) /dev/zero | tr '\0' '#'
}

tree=$work/tree
mkdir -p "$tree/boot/grub"
grubenv a >"$tree/boot/grub/grubenv"
printf 'menuentry x {\n}\n' >"$tree/boot/grub/grub.cfg"
head -c 300000 /dev/urandom >"$tree/boot/vmlinuz"
head -c 5000 /dev/urandom >"$tree/boot/grub/other.bin"
ln -s grub/grubenv "$tree/boot/env-link"
grubenv b >"$work/new.env"
grubenv 'a-much-longer-entry-name>Advanced options' >"$work/new2.env"
head -c 1023 "$work/new.env" >"$work/short.env"
[ "$(stat -c %s "$tree/boot/grub/grubenv")" = 1024 ] && [ "$(stat -c %s "$work/new.env")" = 1024 ] ||
	{ echo "FAIL: grubenv fixture is not 1024 bytes"; exit 1; }

# Byte-identical files other than grubenv, read back with debugfs.
others_same() { # fsimg
	local f
	for f in boot/grub/grub.cfg boot/vmlinuz boot/grub/other.bin; do
		debugfs -R "cat /$f" "$1" 2>/dev/null | cmp -s - "$tree/$f" || { echo "/$f differs"; return 1; }
	done
}

# fsimg: the filesystem alone (for debugfs/e2fsck); disk/part: what
# pvboot-inspect is given.  Unpartitioned: disk is fsimg, part is hd0.
check_fs() { # name fsimg disk part inspect-args...
	local name=$1 fsimg=$2 disk=$3 part=$4 out rc; shift 4
	cp "$disk" "$work/before.disk"
	if ! out=$("$inspect" "$disk" overwrite "$part:/boot/grub/grubenv" "$work/new.env" "$@" 2>&1); then
		ko "$name: overwrite: $out"; return
	fi
	[ -n "$fsimg" ] || fsimg=$(extract "$disk") # partitioned: look at the partition
	# Never metadata: every changed byte of the disk is in grubenv's own
	# data block(s), as debugfs lists them.
	local bs base blocks stray
	bs=$(dumpe2fs -h "$fsimg" 2>/dev/null | awk '/^Block size:/ { print $3 }')
	base=$((${extract_start:-0} * 512))
	blocks=$(debugfs -R 'blocks /boot/grub/grubenv' "$fsimg" 2>/dev/null)
	stray=$(cmp -l "$work/before.disk" "$disk" | awk -v bs="$bs" -v base="$base" -v blocks="$blocks" '
		BEGIN { n = split(blocks, b, " "); for (i = 1; i <= n; i++) ok[b[i]] = 1 }
		{ off = $1 - 1 - base; if (off < 0 || !((int(off / bs)) in ok)) { print $1; exit } }')
	if [ -z "$bs" ] || [ -z "$blocks" ] || [ -n "$stray" ]; then
		ko "$name: bytes outside grubenv's data blocks ($blocks, $bs-byte) changed: first at ${stray:-?}"; return
	fi
	if ! debugfs -R 'cat /boot/grub/grubenv' "$fsimg" 2>/dev/null | cmp -s - "$work/new.env"; then
		ko "$name: debugfs reads back something else"; return
	fi
	if ! out=$(e2fsck -fn "$fsimg" 2>&1); then
		ko "$name: e2fsck -fn: $(tail -3 <<<"$out")"; return
	fi
	if ! out=$(others_same "$fsimg"); then
		ko "$name: $out"; return
	fi
	# Through the symlink, and pvboot's own reader agrees.
	if ! "$inspect" "$disk" overwrite "$part:/boot/env-link" "$work/new2.env" "$@" >/dev/null 2>&1 ||
	   ! "$inspect" "$disk" cat "$part:/boot/grub/grubenv" "$@" 2>/dev/null | cmp -s - "$work/new2.env"; then
		ko "$name: overwrite through a symlink"; return
	fi
	ok "$name: rewritten in place (only its data blocks changed), e2fsck clean, other files intact"

	# Refusals: non-zero exit, a message, and not one byte changed.
	local before after
	before=$(sha256sum <"$disk")
	out=$("$inspect" "$disk" overwrite "$part:/boot/grub/grubenv" "$work/short.env" "$@" 2>&1); rc=$?
	if [ $rc -eq 0 ] || ! grep -q "same-size" <<<"$out"; then
		ko "$name: wrong size: exit $rc: $out"
	else
		ok "$name: wrong size refused: $out"
	fi
	out=$("$inspect" "$disk" overwrite "$part:/boot/grub/nonexistent" "$work/new.env" "$@" 2>&1); rc=$?
	if [ $rc -eq 0 ] || ! grep -q "not found" <<<"$out"; then
		ko "$name: missing file: exit $rc: $out"
	else
		ok "$name: missing file refused: $out"
	fi
	out=$("$inspect" "$disk" overwrite "$part:/boot/grub" "$work/new.env" "$@" 2>&1); rc=$?
	[ $rc -ne 0 ] && ok "$name: directory refused" || ko "$name: directory accepted: $out"
	after=$(sha256sum <"$disk")
	[ "$before" = "$after" ] && ok "$name: refusals left the image untouched" ||
		ko "$name: a refused overwrite changed the image"
}

extract_start=0
extract() { # disk -> the partition's filesystem as a file (path on stdout)
	dd if="$1" of="$work/part.fs" bs=512 skip="$extract_start" count="$extract_count" status=none
	echo "$work/part.fs"
}

mkfs() { # img size mke2fs-args...
	local img=$1 size=$2; shift 2
	rm -f "$img"
	mke2fs -q -F -E root_owner=0:0 "$@" -d "$tree" "$img" "$size" >/dev/null 2>&1
}

img=$work/fs.img
mkfs "$img" 32M -t ext4 -b 4096 -O metadata_csum && check_fs ext4-4k-csum "$img" "$img" hd0
mkfs "$img" 32M -t ext4 -b 1024 -O ^metadata_csum && check_fs ext4-1k-nocsum "$img" "$img" hd0
# 4096-byte logical sectors over 1k blocks: every write is a read-modify-write.
mkfs "$img" 32M -t ext4 -b 1024 && check_fs ext4-1k-4ksectors "$img" "$img" hd0 --sector-size 4096
mkfs "$img" 32M -t ext2 -b 1024 && check_fs ext2-1k-blockmap "$img" "$img" hd0
mkfs "$img" 32M -t ext4 -O ^extent,^64bit && check_fs ext4-noextent "$img" "$img" hd0

# MBR-partitioned: the filesystem spliced into hd0,msdos2.
disk=$work/mbr.disk
rm -f "$disk"; truncate -s 48M "$disk"
sfdisk -q "$disk" >/dev/null <<'SF'
label: dos
start=2048, size=4096, type=83
start=8192, size=65536, type=83
SF
mkfs "$work/p2.fs" 32M -t ext4 -b 4096
dd if="$work/p2.fs" of="$disk" bs=512 seek=8192 conv=notrunc status=none
extract_start=8192 extract_count=65536 check_fs mbr-ext4 "" "$disk" hd0,msdos2

# Shapes the write must refuse, untouched: inline data, a hole, an
# unreplayed journal.
refuse() { # name img path expect [srcfile]
	local before out rc
	before=$(sha256sum <"$2")
	out=$("$inspect" "$2" overwrite "$3" "${5:-$work/new.env}" 2>&1); rc=$?
	if [ $rc -ne 0 ] && grep -q "$4" <<<"$out" && [ "$before" = "$(sha256sum <"$2")" ]; then
		ok "$1 refused: $out"
	else
		ko "$1: exit $rc: $out"
	fi
}
# A small inline file (inline_data keeps it in the inode: writing there
# would be a metadata write) and a 1024-byte hole (debugfs write keeps
# an all-zero sparse file unallocated) on a filesystem without inline_data.
mkfs "$img" 32M -t ext4 -O inline_data
printf 'short\n' >"$work/small"
debugfs -w -R "write $work/small /small" "$img" >/dev/null 2>&1
head -c 6 "$work/new.env" >"$work/six"
refuse inline "$img" /small inline "$work/six"
mkfs "$img" 32M -t ext4
truncate -s 1024 "$work/sparse"
debugfs -w -R "write $work/sparse /boot/grub/sparse" "$img" >/dev/null 2>&1
if debugfs -R 'stat /boot/grub/sparse' "$img" 2>/dev/null | grep 'Size: 1024' >/dev/null &&
   [ -z "$(debugfs -R 'blocks /boot/grub/sparse' "$img" 2>/dev/null | tr -d ' \n')" ]; then
	refuse hole "$img" /boot/grub/sparse "hole"
else
	ko "hole: could not make an unallocated 1024-byte file"
fi
# needs_recovery: set the RECOVER incompat bit (0x4) as a crash would.
mkfs "$img" 32M -t ext4
debugfs -w -R 'feature needs_recovery' "$img" >/dev/null 2>&1
refuse journal "$img" /boot/grub/grubenv "journal needs recovery"

echo "overwrite: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
