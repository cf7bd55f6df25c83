#!/usr/bin/env bash
# One image per ext4 feature flag (the README's feature table, one row
# each), made by the real tools: mke2fs -O <feature> with -d of a small
# tree holding a kernel-sized file; tune2fs where only tune2fs sets it;
# debugfs's set_super_value (which rewrites the superblock checksum) for
# the bits no Debian tool sets.  A row pvboot reads must read every file,
# directory and symlink identically to the source tree (tests/tools/
# treediff.c) and pvboot-inspect cat must give the kernel back byte for
# byte; a refused row must fail with the expected message.
#
# Encrypted files, two ways: an image the kernel encrypted (a committed
# fixture: making one needs root and a loop mount, which checks do not
# assume), and EXT4_ENCRYPT_FL (0x800) set by debugfs's set_inode_field on
# a file, a directory and a symlink of an -O encrypt image, which reaches
# an encrypted file and symlink by path (the kernel's would sit below an
# encrypted directory); what pvboot does with them (refuse that inode,
# read the rest) does not depend on the ciphertext.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${PVBOOT_BUILD:?}
treediff=$build/host/testtools/treediff
inspect=$build/host/pvboot-inspect
work=$build/fs31
rm -rf "$work"
mkdir -p "$work"
pass=0 fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1"; fail=$((fail + 1)); }

tree=$work/tree
mkdir -p "$tree/boot/grub" "$tree/etc" "$tree/many" "$tree/links"
python3 - "$tree" <<'PY'
import os, random, sys
random.seed(31)
t = sys.argv[1]
with open(f"{t}/boot/vmlinuz-6.1.0-test", "wb") as f:   # kernel-sized
    f.write(random.randbytes(5 * 1024 * 1024 + 4321))
with open(f"{t}/boot/initrd.img-6.1.0-test", "wb") as f:
    f.write(random.randbytes(1024 * 1024 + 7))
with open(f"{t}/boot/grub/grub.cfg", "w") as f:
    f.write("set default=0\nmenuentry 'x' { linux /boot/vmlinuz-6.1.0-test }\n")
with open(f"{t}/etc/hostname", "w") as f:               # inline_data size
    f.write("pvboot\n")
open(f"{t}/etc/empty", "w").close()
for i in range(120):                                     # a multi-block directory
    with open(f"{t}/many/entry-{i:03d}-{'n' * (i % 50)}", "w") as f:
        f.write(str(i) * (i % 9))
# Hole, data, hole, data.  Not a trailing hole: mke2fs 1.47.0 -d with
# inline_data writes such a file's size as the end of its last data block
# (debugfs shows the same short size), which is mke2fs's, not ours.
with open(f"{t}/sparse", "wb") as f:
    f.seek(1 << 20)
    f.write(random.randbytes(9000))
    f.seek(3 << 20)
    f.write(random.randbytes(100))
PY
ln -s ../boot/grub/grub.cfg "$tree/links/fast"
ln -s "$(printf 'x%.0s' $(seq 1 150))" "$tree/links/long"
kernel=$tree/boot/vmlinuz-6.1.0-test

# reads NAME IMAGE [treediff args]: the whole tree identical, and the kernel
# through pvboot-inspect cat.
reads() {
	local name=$1 img=$2 out; shift 2
	if ! out=$(timeout 60 "$treediff" "$img" "$tree" --skip lost+found "$@" 2>&1); then
		ko "$name: $(grep -v '^fs ' <<<"$out" | head -3)"
	elif ! timeout 60 "$inspect" "$img" cat /boot/vmlinuz-6.1.0-test 2>/dev/null | cmp -s - "$kernel"; then
		ko "$name: pvboot-inspect cat of the kernel differs"
	else
		ok "$name: read identically"
	fi
}
# refuses NAME IMAGE PATTERN: mounting fails with exit 1 and the message.
refuses() {
	local out rc
	out=$(timeout 20 "$inspect" "$2" ls / 2>&1); rc=$?
	if [ $rc -eq 1 ] && grep -q -- "$3" <<<"$out"; then
		ok "$1: refused: $(tail -1 <<<"$out" | sed 's/.*unsupported: //')"
	else
		ko "$1: exit $rc: $out"
	fi
}
mk() { # IMAGE mke2fs-args...: the tree into a 64 MiB image
	local img=$1 out; shift
	rm -f "$img"
	out=$(mke2fs -q -F -E root_owner=0:0 "$@" -d "$tree" "$img" 64M 2>&1) ||
		{ ko "mke2fs $*: $out"; return 1; }
}
# A feature word's bits ORed in through debugfs (offsets 92, 96, 100 of
# the superblock: compat, incompat, ro_compat).
setbits() { # IMAGE compat|incompat|ro_compat HEX
	local off
	case $2 in compat) off=92 ;; incompat) off=96 ;; ro_compat) off=100 ;; esac
	local cur now
	word() { python3 -c 'import struct,sys; f=open(sys.argv[1],"rb"); f.seek(1024+int(sys.argv[2])); print(struct.unpack("<I", f.read(4))[0])' "$1" "$off"; }
	cur=$(word "$1")
	debugfs -w -R "ssv feature_$2 $(printf '0x%x' $((cur | $3)))" "$1" >/dev/null 2>&1
	now=$(word "$1")
	# debugfs exits 0 even when it could not set anything: look.
	[ $((now & $3)) -eq $(($3)) ] || { ko "debugfs did not set $2 $3"; return 1; }
}

img=$work/img

# --- mke2fs -O <feature>: each on top of Debian's ext4 defaults.
for f in has_journal ext_attr resize_inode dir_index sparse_super2 fast_commit stable_inodes \
	 orphan_file filetype extent 64bit mmp flex_bg ea_inode metadata_csum_seed large_dir \
	 inline_data encrypt casefold sparse_super large_file huge_file dir_nlink extra_isize \
	 quota bigalloc metadata_csum project verity; do
	mk "$img" -t ext4 -O "$f" && reads "mke2fs -O $f" "$img"
done
mk "$img" -t ext4 -O ^resize_inode,meta_bg && reads "mke2fs -O meta_bg" "$img"
mk "$img" -t ext4 -O uninit_bg,^metadata_csum && reads "mke2fs -O uninit_bg" "$img"
# --- ... and each default one turned off.
for f in has_journal extent,^64bit 64bit flex_bg metadata_csum dir_index filetype sparse_super,^resize_inode \
	 huge_file extra_isize large_file ext_attr resize_inode dir_nlink; do
	mk "$img" -t ext4 -O "^$f" && reads "mke2fs -O ^$f" "$img"
done
mk "$img" -t ext2 && reads "mke2fs -t ext2" "$img"
mk "$img" -t ext3 && reads "mke2fs -t ext3" "$img"
mk "$img" -t ext2 -r 0 && reads "mke2fs -t ext2 -r 0 (revision 0, no features)" "$img"
mk "$img" -t ext2 -O none && reads "mke2fs -t ext2 -O none" "$img"

# --- bigalloc's geometry: 1 KiB blocks (first_data_block 0, descriptors
# after block 1), 4 KiB blocks in 64 KiB clusters, with meta_bg.
mk "$img" -t ext4 -b 1024 -O bigalloc && reads "bigalloc, 1 KiB blocks, 16 KiB clusters" "$img"
mk "$img" -t ext4 -b 4096 -C 65536 -O bigalloc && reads "bigalloc, 4 KiB blocks, 64 KiB clusters" "$img"
mk "$img" -t ext4 -b 1024 -O bigalloc,^resize_inode,meta_bg && reads "bigalloc + meta_bg, 1 KiB blocks" "$img"
mk "$img" -t ext4 -b 4096 -O bigalloc,inline_data && reads "bigalloc + inline_data" "$img"
# A fast symlink whose xattrs need an external block: i_blocks counts that
# block as a whole cluster (16 KiB), so it is fast when i_blocks is one
# cluster, not one block (the kernel's ext4_inode_is_fast_symlink; found
# by fuzz_ext4_diff's seeds).
if mk "$img" -t ext4 -b 1024 -O bigalloc; then
	head -c 600 /dev/zero | tr '\0' v >"$work/xattr"
	debugfs -w -R "ea_set -f $work/xattr /links/fast user.big" "$img" >/dev/null 2>&1
	if debugfs -R "stat /links/fast" "$img" 2>/dev/null | grep -q "File ACL: [1-9]"; then
		reads "bigalloc: a fast symlink with an xattr block" "$img"
	else
		ko "debugfs did not give /links/fast an xattr block"
	fi
fi

# --- sparse_super2 + meta_bg: 17 groups of 1024 1 KiB blocks, 16
# descriptors per block, so meta group 1 is group 16 alone, which is also
# sparse_super2's last backup: its descriptors follow that backup.  The
# inodes are few enough that the kernel's inode lives in group 16.
s2=$work/tree-s2
mkdir -p "$s2/many"
for i in $(seq 1 250); do echo "$i" >"$s2/many/f$i"; done
cp "$kernel" "$s2/vmlinuz"
rm -f "$img"
if mke2fs -q -F -E root_owner=0:0 -t ext4 -b 1024 -g 1024 -N 272 \
	-O 64bit,meta_bg,sparse_super2,^resize_inode -d "$s2" "$img" $((16 * 1024 + 1 + 600))K >/dev/null 2>&1 &&
	dumpe2fs "$img" 2>/dev/null | grep -A1 '^Group 16:' | grep -q 'Backup superblock at 16385, Group descriptor at 16386' &&
	out=$("$treediff" "$img" "$s2" --skip lost+found 2>&1) && "$inspect" "$img" cat /vmlinuz 2>/dev/null | cmp -s - "$kernel"; then
	ok "sparse_super2 + meta_bg: the last group's backup moves its descriptors (kernel's inode there)"
else
	ko "sparse_super2 + meta_bg: $(head -3 <<<"${out:-mke2fs or dumpe2fs}")"
fi

# --- tune2fs: read-only is tune2fs's only; ^filetype leaves the type
# bytes in the directory entries (e2fsck clears them later).
mk "$img" -t ext4 && tune2fs -O read-only "$img" >/dev/null 2>&1 && reads "tune2fs -O read-only" "$img"
mk "$img" -t ext4 && tune2fs -O ^filetype "$img" >/dev/null 2>&1 && reads "tune2fs -O ^filetype (type bytes left in entries)" "$img"
mk "$img" -t ext4 -O ^metadata_csum && tune2fs -O metadata_csum "$img" >/dev/null 2>&1 && reads "tune2fs -O metadata_csum" "$img"
mk "$img" -t ext4 && tune2fs -O metadata_csum_seed -U random "$img" >/dev/null 2>&1 && reads "tune2fs -O metadata_csum_seed -U random" "$img"

# --- bits no Debian tool sets, through debugfs: read or ignored ...
for row in "compat 0x1 dir_prealloc" "compat 0x2 imagic_inodes" "compat 0x40 lazy_bg" \
	   "compat 0x80 snapshot_inode" "compat 0x100 snapshot_bitmap" "compat 0x80000000 unknown-compat" \
	   "ro_compat 0x4 btree_dir" "ro_compat 0x80 snapshot" "ro_compat 0x800 replica" \
	   "ro_compat 0x4000 shared_blocks" "ro_compat 0x10000 orphan_present" \
	   "ro_compat 0x80000000 unknown-ro_compat" "incompat 0x4 needs_recovery"; do
	set -- $row
	mk "$img" -t ext4 && setbits "$img" "$1" "$2" && reads "debugfs $1 $2 ($3)" "$img"
done
# Reading is safe under every ro_compat bit, writing in place (grubenv)
# is not under shared_blocks (the block may be another file's too) or one
# we do not know: the same-size overwrite is refused, a plain image takes it.
head -c 7 /dev/zero | tr '\0' 'q' >"$work/seven"
for row in "0x0 none" "0x4000 shared_blocks" "0x40000000 unknown"; do
	set -- $row
	mk "$img" -t ext4 || continue
	[ "$1" = 0x0 ] || setbits "$img" ro_compat "$1" || continue
	out=$("$inspect" "$img" overwrite /etc/hostname "$work/seven" 2>&1); rc=$?
	if [ "$1" = 0x0 ] && [ $rc -eq 0 ] && "$inspect" "$img" cat /etc/hostname 2>/dev/null | cmp -s - "$work/seven"; then
		ok "overwrite in place without extra ro_compat bits: written"
	elif [ "$1" != 0x0 ] && [ $rc -eq 1 ] && grep -q "read-only compatible features $1 .*not writing" <<<"$out"; then
		ok "overwrite with ro_compat $1 ($2): refused: $(sed 's/.*unsupported: //' <<<"$out")"
	else
		ko "overwrite with ro_compat $1 ($2): exit $rc: $out"
	fi
done
# ... or refused by name (by hex value when unknown).
for row in "0x1 compression" "0x1000 dirdata" "0x400000 0x400000 (unknown)" "0x80000000 0x80000000 (unknown)"; do
	set -- $row
	mk "$img" -t ext4 && setbits "$img" incompat "$1" &&
		refuses "debugfs incompat $1" "$img" "unsupported incompatible features: $2"
done
rm -f "$img"
mke2fs -q -F -O journal_dev "$img" 8M >/dev/null 2>&1 &&
	refuses "mke2fs -O journal_dev" "$img" "journal_dev (an external journal device, not a filesystem)"

# --- encrypt: a file, a directory and a symlink marked encrypted; the
# rest reads normally.
etree=$work/tree-enc
cp -a "$tree" "$etree"
mkdir -p "$etree/secret/sub"
echo private >"$etree/secret/sub/note"
echo private >"$etree/secret.bin"
ln -s boot/grub/grub.cfg "$etree/secret.lnk"
rm -f "$img"
mke2fs -q -F -E root_owner=0:0 -t ext4 -O encrypt -d "$etree" "$img" 64M >/dev/null 2>&1
for p in /secret /secret.bin /secret.lnk; do
	flags=$(debugfs -R "stat $p" "$img" 2>/dev/null | sed -n 's/.*Flags: \(0x[0-9a-f]*\).*/\1/p')
	debugfs -w -R "set_inode_field $p flags $(printf '0x%x' $((flags | 0x800)))" "$img" >/dev/null 2>&1
done
reads "encrypt: the unencrypted files" "$img" --skip secret --skip secret.bin --skip secret.lnk
enc_err() { # NAME EXPECT pvboot-inspect-args...
	local name=$1 want=$2 out rc; shift 2
	out=$(timeout 20 "$inspect" "$img" "$@" 2>&1 >/dev/null); rc=$?
	if [ $rc -eq 1 ] && grep -q -- "$want" <<<"$out"; then
		ok "encrypt: $name: $(tail -1 <<<"$out" | sed 's/^pvboot-inspect: //')"
	else
		ko "encrypt: $name: exit $rc: $out"
	fi
}
enc_err "cat of an encrypted file" "/secret.bin: .*file inode [0-9]* is encrypted (fscrypt): pvboot cannot read it" cat /secret.bin
enc_err "ls of an encrypted directory" "/secret: .*directory inode [0-9]* is encrypted (fscrypt): pvboot cannot read it" ls /secret
enc_err "a path through an encrypted directory" "looking up sub: .*directory inode [0-9]* is encrypted (fscrypt)" cat /secret/sub/note
enc_err "an encrypted symlink" "symlink inode [0-9]* is encrypted (fscrypt)" cat /secret.lnk
if out=$("$inspect" "$img" stat /secret 2>&1) && grep -q "type: dir" <<<"$out" &&
	"$inspect" "$img" ls / 2>/dev/null | grep -q "secret.bin$"; then
	ok "encrypt: stat of an encrypted directory and its name in the parent still work"
else
	ko "encrypt: stat /secret: $out"
fi

# --- encrypt, by the kernel: tests/fixtures/ext4/ext4-fscrypt.img.xz was
# made by make-fscrypt.py next to it (root, a loop mount and the fscrypt
# ioctls; key thrown away): /home has a v2 policy, so its entries' names
# are ciphertext on disk and nothing below it can be reached by path.
img=$work/fscrypt.img
xz -dc "$here/fixtures/ext4/ext4-fscrypt.img.xz" >"$img"
python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 4096)' >"$work/vmlinuz"
if "$inspect" "$img" cat /boot/vmlinuz 2>/dev/null | cmp -s - "$work/vmlinuz" &&
	[ "$("$inspect" "$img" cat /boot/grub/grub.cfg 2>/dev/null)" = "set default=0" ]; then
	ok "fscrypt (kernel-made): the unencrypted files read"
else
	ko "fscrypt (kernel-made): the unencrypted files"
fi
enc_err "kernel-made: ls of the encrypted /home" "/home: .*directory inode [0-9]* is encrypted (fscrypt): pvboot cannot read it" ls /home
enc_err "kernel-made: a file below it" "looking up user: .*directory inode [0-9]* is encrypted (fscrypt)" cat /home/user/secret.txt
if "$inspect" "$img" stat /home 2>/dev/null | grep -q "type: dir"; then
	ok "fscrypt (kernel-made): stat /home"
else
	ko "fscrypt (kernel-made): stat /home"
fi

rm -rf "$work"
echo "ext4 features: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
