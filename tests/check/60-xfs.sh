#!/usr/bin/env bash
# Differential test of fs/xfs_*: XFS images in many variants, made by
# Debian's mkfs.xfs from the generated tree (a protofile: xfsprogs 6.1's
# -p takes no directory) and walked completely through pvboot
# (tests/tools/dirdiff.c) against the source tree and, where this kernel
# mounts the variant, against Linux's own view of the image, inode numbers
# included.  An image written by the kernel covers what only it makes
# (node and B+tree directories after many creates and deletes, B+tree
# data forks, unwritten extents, holes past 4 GiB, reflinked files, remote
# symlinks); then in-place writes, a dirty log, a RHEL-shaped GPT disk and
# corrupt images, which must fail cleanly and name the structure.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${PVBOOT_BUILD:?}
dirdiff=$build/host/testtools/dirdiff
inspect=$build/host/pvboot-inspect
work=$build/xfs
mnt=$work/mnt
pass=0 fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1"; fail=$((fail + 1)); }
command -v mkfs.xfs >/dev/null || { echo "FAIL: mkfs.xfs missing (tools/install-deps.sh)"; exit 1; }
cleanup() { mountpoint -q "$mnt" && umount "$mnt"; }
trap cleanup EXIT
rm -rf "$work"; mkdir -p "$work" "$mnt"
# mkfs.xfs refuses filesystems under 300 MB unless it runs under fstests.
export TEST_DIR=$work TEST_DEV=unused QA_CHECK_FS=unused

bash "$here/lib/fs-tree.sh" "$work/tree" >/dev/null || { echo "FAIL: fs-tree.sh"; exit 1; }
python3 "$here/lib/xfs-proto.py" "$work/tree" >"$work/tree.proto" || { echo "FAIL: xfs-proto.py"; exit 1; }

# Compare img with the kernel's view of it (inode numbers too); skipped
# where the kernel cannot mount the variant (v4 is configured out of many).
kernel_diff() { # name img
	local out
	if ! mount -o ro,loop "$2" "$mnt" 2>/dev/null; then
		echo "     ($1: this kernel does not mount it; compared with the source tree only)"
		return
	fi
	if out=$("$dirdiff" "$2" "$mnt" --ino 2>&1); then
		ok "$1 vs kernel: $(tail -1 <<<"$out")"
	else
		ko "$1 vs kernel: $(head -5 <<<"$out")"
	fi
	umount "$mnt"
}

# size: a 64k-block tree needs more than 300m (mkfs.xfs 6.1 -p silently
# stops writing files when it runs out of space, and still exits 0).
variant() { # name mkfs-args...
	local name=$1 img=$work/$1.img out; shift
	rm -f "$img"
	if ! out=$(mkfs.xfs -q -f -p "$work/tree.proto" -d file,name="$img",size="${size:-300m}" "$@" 2>&1); then
		ko "$name: mkfs.xfs $*: $out"; return
	fi
	# A fresh filesystem's log is clean: in-place writes are allowed.
	if out=$("$dirdiff" "$img" "$work/tree" 2>&1) && ! "$inspect" "$img" parts | grep -q "note:"; then
		ok "$name: $(tail -1 <<<"$out")"
	else
		ko "$name: $(head -5 <<<"$out")"
	fi
	kernel_diff "$name" "$img"
	rm -f "$img"
}

variant v4 -m crc=0
variant v4-ftype -m crc=0 -n ftype=1
variant v4-512b -m crc=0 -b size=512
variant v4-inode256-dir16k -m crc=0 -i size=256 -n size=16384
variant v5 -m crc=1
variant v5-1k -b size=1024
variant v4-sect4k -m crc=0 -s size=4096
size=1g variant v5-64k -b size=65536
variant v5-sect4k -s size=4096
variant v5-nofinobt-nosparse -m finobt=0 -i sparse=0
variant v5-rmapbt -m rmapbt=1
variant v5-noreflink -m reflink=0
variant v5-nobigtime -m bigtime=0,inobtcount=0
variant v5-inobtcount -m inobtcount=1,bigtime=1
variant v5-nrext64 -i nrext64=1
variant v5-dir8k -n size=8192
variant v5-dir64k -n size=65536
variant v5-1k-dir4k -b size=1024 -n size=4096
variant v5-inode2k -i size=2048
variant v5-agcount8 -d agcount=8
variant v5-ascii-ci -n version=ci
variant v5-stripe -d su=64k,sw=4 -l su=64k
variant v5-logstripe256k -l su=256k
variant v4-logv1 -m crc=0 -l version=1
variant v5-all -m rmapbt=1,reflink=1,finobt=1,inobtcount=1,bigtime=1 -i nrext64=1,sparse=1

echo "     (${SECONDS}s)"
# --- What only the kernel writes ------------------------------------------
kimg=$work/kernel.img
mkfs.xfs -q -f -d file,name="$kimg",size=600m -i nrext64=1 -m rmapbt=1 >/dev/null
mount -o loop "$kimg" "$mnt" || { echo "FAIL: cannot loop-mount"; exit 1; }
cp -a "$work/tree/." "$mnt/"
bash "$here/lib/fs-tree.sh" "$work/tree-huge" --huge >/dev/null
cp --sparse=always "$work/tree-huge/sparse/huge-5g" "$mnt/huge-5g"
python3 - "$mnt" <<'PY'
import os, random, sys
m = sys.argv[1]
random.seed(7)
def mkdir(n):
    os.makedirs(os.path.join(m, n), exist_ok=True)
    return os.path.join(m, n)
# Directories of every format: short form, block, leaf, node (many
# creates, deletes and re-creates leave holes in the data space) and a
# data fork that is a B+tree (blocks interleaved with file data by syncs).
for name, count in (("dir-short", 5), ("dir-block", 60), ("dir-leaf", 400)):
    d = mkdir(name)
    for i in range(count):
        open(os.path.join(d, f"entry-{i:05d}"), "w").write(f"{i}\n")
big = mkdir("dir-big")
for i in range(10000):
    with open(os.path.join(big, f"file-{i:05d}-{'n' * (i % 23)}"), "w") as f:
        f.write("x" * (i % 300))
    if i % 250 == 0:
        os.sync()
for i in range(0, 10000, 3):
    os.unlink(os.path.join(big, f"file-{i:05d}-{'n' * (i % 23)}"))
for i in range(1500):
    open(os.path.join(big, f"again-{i:05d}"), "w").write("again\n")
for i in range(4000, 7000):  # whole data blocks emptied: freed, holes
    if i % 3:
        os.unlink(os.path.join(big, f"file-{i:05d}-{'n' * (i % 23)}"))
# A fragmented file: even blocks first, the odd ones after a sync.
data = random.randbytes(24 << 20)
fd = os.open(os.path.join(m, "fragmented"), os.O_CREAT | os.O_WRONLY, 0o644)
for parity in (0, 1):
    for blk in range(parity, len(data) // 4096, 2):
        os.pwrite(fd, data[blk * 4096:(blk + 1) * 4096], blk * 4096)
    os.fsync(fd)
os.close(fd)
# Holes at the start, middle and end, and preallocated (unwritten) space.
fd = os.open(os.path.join(m, "sparse-prealloc"), os.O_CREAT | os.O_WRONLY, 0o644)
os.posix_fallocate(fd, 0, 1 << 20)
os.pwrite(fd, random.randbytes(70000), 3 << 20)
os.pwrite(fd, random.randbytes(5000), (9 << 20) + 123)
os.ftruncate(fd, 16 << 20)
os.close(fd)
# Symlinks: inline, and remote (longer than the inode's literal area).
os.symlink("a" * 300 + "/x", os.path.join(m, "link-remote-300"))
os.symlink("/".join(["seg%04d" % i for i in range(120)]), os.path.join(m, "link-remote-1k"))
os.symlink("fragmented", os.path.join(m, "link-short"))
PY
cp --reflink=always "$mnt/random.bin" "$mnt/random-reflink.bin"
ino_of() { stat -c %i "$mnt/$1"; }
big_ino=$(ino_of dir-big) frag_ino=$(ino_of fragmented) leaf_ino=$(ino_of dir-leaf)
block_ino=$(ino_of dir-block) short_ino=$(ino_of dir-short) rlink_ino=$(ino_of link-remote-1k)
umount "$mnt"
kernel_diff kernel-written "$kimg"
# The formats above must really be on disk, or the comparison proves less.
fmt() { xfs_db -r -c "inode $2" -c "print $1" "$kimg" 2>/dev/null | awk '{ print $3 }'; }
nextents() { xfs_db -r -c "inode $1" -c "bmap" "$kimg" 2>/dev/null | awk '$2 == "offset" && $3 < 8388608 { n++ } END { print n + 0 }'; }
formats="short:$(fmt core.format "$short_ino") block:$(fmt core.format "$block_ino")/$(nextents "$block_ino")"
# Holes in the big directory's data space (emptied blocks are freed).
holes=$(xfs_db -r -c "inode $big_ino" -c "bmap" "$kimg" 2>/dev/null |
	awk '$2 == "offset" && $3 < 8388608 { if (seen && $3 > end) n++; end = $3 + $8; seen = 1 } END { print n + 0 }')
formats+=" leaf:$(nextents "$leaf_ino") big:$(fmt core.format "$big_ino") fragmented:$(fmt core.format "$frag_ino") remote-link:$(fmt core.format "$rlink_ino")"
# The kernel does not always make the fragmented file a B+tree (it merged
# enough of its extents to stay in the inode on some runs): both are read
# above; the corrupt-B+tree cases below need the B+tree.
if [[ "$formats" =~ ^short:1\ block:2/1\ leaf:[2-9]\ big:3\ fragmented:[23]\ remote-link:2$ ]] && [ "$holes" -gt 0 ]; then
	ok "kernel-written formats: $formats (1 local, 2 extents, 3 B+tree); $holes holes in the big directory"
else
	ko "kernel-written formats: $formats, $holes directory holes (want short:1 block:2/1 leaf:>=2 big:3 fragmented:2 or 3 remote-link:2, holes > 0)"
fi

if [ "$(fmt core.format "$frag_ino")" != 3 ]; then
	echo "     (the kernel kept the fragmented file's extents in its inode this time: no B+tree block to corrupt)"
else
# A corrupt extent B+tree block: the fragmented file's only leaf.
ptr=$(xfs_db -r -c "inode $frag_ino" -c "print u3.bmbt.ptrs[1]" "$kimg" | awk '{ print $3 }')
agl=$(xfs_db -r -c "sb 0" -c "print agblklog" "$kimg" | awk '{ print $3 }')
agb=$(xfs_db -r -c "sb 0" -c "print agblocks" "$kimg" | awk '{ print $3 }')
off=$(( ((ptr >> agl) * agb + (ptr & ((1 << agl) - 1))) * 4096 ))
cp --sparse=always "$kimg" "$work/bad.img"
# The byte inverted, so the block changes whatever it held.
b=$(od -An -tu1 -j $((off + 100)) -N1 "$work/bad.img" | tr -d ' ')
printf "\\$(printf %03o $((b ^ 255)))" | dd of="$work/bad.img" bs=1 seek=$((off + 100)) conv=notrunc status=none
out=$(timeout 20 "$inspect" "$work/bad.img" cat /fragmented 2>&1 >/dev/null)
if [ $? -eq 1 ] && grep -q "inode $frag_ino: extent B+tree block [0-9]*: checksum mismatch" <<<"$out"; then
	ok "corrupt-bmbt-block: $out"
else
	ko "corrupt-bmbt-block (at $off): $out"
fi
printf 'BMAP' | dd of="$work/bad.img" bs=1 seek=$off conv=notrunc status=none
out=$(timeout 20 "$inspect" "$work/bad.img" cat /fragmented 2>&1 >/dev/null)
if [ $? -eq 1 ] && grep -q "extent B+tree block [0-9]*: bad magic" <<<"$out"; then
	ok "corrupt-bmbt-magic: $out"
else
	ko "corrupt-bmbt-magic: $out"
fi
rm -f "$work/bad.img"
fi

echo "     (${SECONDS}s)"
# --- In-place writes (grubenv's path): plain, shared, unwritten, dirty log -
printf '# GRUB Environment Block\nsaved_entry=b\n' >"$work/env"
head -c $((1024 - $(stat -c %s "$work/env"))) /dev/zero | tr '\0' '#' >>"$work/env"
# Mounted with 256 KiB log buffers: the unmount record then has 8 header
# sectors, which the log-clean check must step over.
mount -o loop,logbsize=256k "$kimg" "$mnt"
head -c 1024 /dev/zero | tr '\0' '#' >"$mnt/grubenv"
head -c 1024 "$mnt/random.bin" >/dev/null
umount "$mnt"
if out=$("$inspect" "$kimg" overwrite /grubenv "$work/env" 2>&1) && mount -o ro,loop "$kimg" "$mnt" &&
   cmp -s "$mnt/grubenv" "$work/env" && umount "$mnt" && xfs_repair -n -f "$kimg" >/dev/null 2>&1; then
	ok "overwrite a plain file: the kernel reads the new bytes, xfs_repair -n is clean"
else
	ko "overwrite a plain file: $out"; mountpoint -q "$mnt" && umount "$mnt"
fi
refuse() { # name path want-message
	local out sum
	head -c 1024 /dev/urandom >"$work/junk"
	sum=$(md5sum <"$kimg")
	truncate -s "$(stat -c %s "$work/tree/random.bin")" "$work/junk-size"
	cp "$work/junk" "$work/junk-1k"
	local src=$work/junk-1k
	[ "$2" = /random-reflink.bin ] && src=$work/junk-size
	[ "$2" = /sparse-prealloc ] && { truncate -s 16M "$work/junk-16m"; src=$work/junk-16m; }
	out=$("$inspect" "$kimg" overwrite "$2" "$src" 2>&1)
	if [ $? -ne 0 ] && grep -q "$3" <<<"$out" && [ "$(md5sum <"$kimg")" = "$sum" ]; then
		ok "overwrite refused ($1): $(tail -1 <<<"$out")"
	else
		ko "overwrite $1: $out"
	fi
}
refuse reflinked /random-reflink.bin "shared with another file"
refuse unwritten /sparse-prealloc "hole or an unwritten extent"
# A log that needs recovery: shut the filesystem down after a log force,
# before the metadata is written back.
mount -o loop "$kimg" "$mnt"
echo "after the last checkpoint" >"$mnt/late-file"
sync -f "$mnt/late-file"
xfs_io -x -c "shutdown -f" "$mnt" >/dev/null 2>&1
umount "$mnt"
out=$("$inspect" "$kimg" ls / 2>&1)
if grep -q "note: xfs: the log needs recovery" <<<"$out" && grep -q "dir-big" <<<"$out"; then
	ok "dirty log: read anyway and said so: $(grep note <<<"$out")"
else
	ko "dirty log: $out"
fi
refuse dirty-log /grubenv "log is not known to be clean"
rm -f "$kimg" "$work"/junk*

echo "     (${SECONDS}s)"
# --- A RHEL-shaped disk: GPT, XFS /boot with BLS entries and grubenv -------
boot=$work/rhel-boot
mkdir -p "$boot/loader/entries" "$boot/grub2"
id=0123456789abcdef0123456789abcdef
for k in 5.14.0-362.8.1.el9_3.x86_64 5.14.0-284.11.1.el9_2.x86_64; do
	head -c 200000 /dev/urandom >"$boot/vmlinuz-$k"
	head -c 300000 /dev/urandom >"$boot/initramfs-$k.img"
	cat >"$boot/loader/entries/$id-$k.conf" <<EOF
title Red Hat Enterprise Linux ($k) 9.3 (Plow)
version $k
linux /vmlinuz-$k
initrd /initramfs-$k.img \$tuned_initrd
options root=/dev/mapper/rhel-root ro crashkernel=1G-4G:192M \$kernelopts \$tuned_params
grub_users \$grub_users
grub_arg --unrestricted
grub_class rhel
EOF
done
cat >"$boot/grub2/grub.cfg" <<'EOF'
set pager=1
if [ -f ${config_directory}/grubenv ]; then
  load_env -f ${config_directory}/grubenv
fi
insmod part_gpt
insmod xfs
set root='hd0,gpt2'
insmod blscfg
blscfg
EOF
printf '# GRUB Environment Block\nsaved_entry=%s-5.14.0-362.8.1.el9_3.x86_64\nkernelopts=root=/dev/mapper/rhel-root ro\nboot_success=0\n' "$id" >"$boot/grub2/grubenv"
head -c $((1024 - $(stat -c %s "$boot/grub2/grubenv"))) /dev/zero | tr '\0' '#' >>"$boot/grub2/grubenv"
python3 "$here/lib/xfs-proto.py" "$boot" >"$work/boot.proto"
disk=$work/rhel.disk
rm -f "$disk"; truncate -s 700M "$disk"
python3 "$here/lib/mkgpt.py" "$disk" 512 2048:2048:bios 4096:614400:boot 618496:811008:root
mkfs.xfs -q -f -p "$work/boot.proto" -d file,name="$work/boot.fs",size=300m >/dev/null
dd if="$work/boot.fs" of="$disk" bs=512 seek=4096 conv=notrunc,sparse status=none
rm -f "$work/boot.fs"
if out=$("$dirdiff" "$disk" "$boot" --part hd0,gpt2 2>&1) &&
   "$inspect" "$disk" ls hd0,gpt2:/loader/entries | grep -q "$id-5.14.0-284" &&
   "$inspect" "$disk" cat hd0,gpt2:/grub2/grubenv 2>/dev/null | cmp -s - "$boot/grub2/grubenv"; then
	ok "rhel-shaped GPT disk, XFS /boot: ls and cat of every file: $(tail -1 <<<"$out")"
else
	ko "rhel-shaped disk: $out"
fi
"$inspect" "$disk" menu 2>&1 | sed -n '1,6s/^/     menu: /p'
# RHEL's boot_success counting rewrites grubenv in place: through the
# partition, and the kernel must read the new bytes.
sed 's/boot_success=0/boot_success=1/' "$boot/grub2/grubenv" >"$work/rhel.env"
if out=$("$inspect" "$disk" overwrite hd0,gpt2:/grub2/grubenv "$work/rhel.env" 2>&1) &&
   mount -o ro,loop,offset=$((4096 * 512)) "$disk" "$mnt" && cmp -s "$mnt/grub2/grubenv" "$work/rhel.env" &&
   cmp -s "$mnt/vmlinuz-5.14.0-362.8.1.el9_3.x86_64" "$boot/vmlinuz-5.14.0-362.8.1.el9_3.x86_64"; then
	ok "rhel-shaped disk: grubenv rewritten in place (boot_success=1), the kernel reads it"
else
	ko "rhel-shaped disk: grubenv overwrite: $out"
fi
mountpoint -q "$mnt" && umount "$mnt"
rm -f "$disk"

echo "     (${SECONDS}s)"
# --- Corrupt images: a clear error naming the structure, never a hang ------
small=$work/small-tree
mkdir -p "$small/boot/grub" "$small/d"
for i in $(seq 1 300); do echo "$i" >"$small/d/f$i"; done
head -c 100000 /dev/urandom >"$small/boot/vmlinuz"
echo "set default=0" >"$small/boot/grub/grub.cfg"
python3 "$here/lib/xfs-proto.py" "$small" >"$work/small.proto"
# Rewrite bytes at an offset of a fresh image; resum: fix the superblock CRC
# afterwards, so that the field itself (not the checksum) is what is judged.
corrupt() { # name mkfs-opts offset-expr bytes-hex resum expect path
	local name=$1 img=$work/corrupt.img out rc
	rm -f "$img"
	mkfs.xfs -q -f -p "$work/small.proto" -d file,name="$img",size=64m $2 >/dev/null 2>&1
	printf "$4" | dd of="$img" bs=1 seek="$3" conv=notrunc status=none
	[ "$5" = resum ] && python3 - "$img" <<'PY'
import struct, sys
def crc32c(data, crc=0xffffffff):
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 & -(crc & 1))
    return crc ^ 0xffffffff
with open(sys.argv[1], "r+b") as f:
    sb = bytearray(f.read(512))
    ss = struct.unpack(">H", sb[102:104])[0]
    f.seek(0); sb = bytearray(f.read(ss))
    sb[224:228] = b"\0\0\0\0"
    sb[224:228] = struct.pack("<I", crc32c(bytes(sb)))
    f.seek(0); f.write(sb)
PY
	out=$(timeout 20 "$inspect" "$img" cat "$7" 2>&1 >/dev/null); rc=$?
	if [ $rc -ne 1 ] || ! grep -q "$6" <<<"$out"; then
		ko "corrupt-$name: exit $rc: $out"
	else
		ok "corrupt-$name: $(tail -1 <<<"$out")"
	fi
	rm -f "$img"
}
# Where things are, from xfs_db and pvboot on an intact image made the
# same way (the layout does not depend on the random UUID).
probe() { # mkfs-opts
	rm -f "$work/probe.img"
	mkfs.xfs -q -f -p "$work/small.proto" -d file,name="$work/probe.img",size=64m $1 >/dev/null 2>&1
}
sbval() { xfs_db -r -c "sb 0" -c "print $1" "$work/probe.img" | awk '{ print $3 }'; }
fsb_byte() { # fsblock -> byte offset
	local bs agb agl
	bs=$(sbval blocksize) agb=$(sbval agblocks) agl=$(sbval agblklog)
	echo $(( (($1 >> agl) * agb + ($1 & ((1 << agl) - 1))) * bs ))
}
ino_byte() { # inode number -> byte offset
	local ipl isz
	ipl=$(sbval inopblog) isz=$(sbval inodesize)
	echo $(( $(fsb_byte $(($1 >> ipl))) + ($1 & ((1 << ipl) - 1)) * isz ))
}
path_ino() { "$inspect" "$work/probe.img" ls / | awk -v n="$1" '$3 == n { print $2 }'; }
first_block() { # inode -> byte offset of its first data block
	local fsb
	fsb=$(xfs_db -r -c "inode $1" -c "bmap" "$work/probe.img" | head -1 | sed -n 's/.*startblock \([0-9]*\) .*/\1/p')
	fsb_byte "$fsb"
}
corrupt sb-crc "" 108 'X' no "superblock checksum mismatch" /boot/vmlinuz
corrupt feature-unknown "" 216 '\x80\x00\x00\x01' resum "unsupported incompatible features: 0x80000000" /boot/vmlinuz
corrupt feature-metadir "" 216 '\x00\x00\x01\x01' resum "unsupported incompatible features: metadir" /boot/vmlinuz
corrupt feature-needsrepair-v5 "" 216 '\x00\x00\x00\x11' resum "unsupported incompatible features: needsrepair" /boot/vmlinuz
corrupt blocksize "" 4 '\x00\x00\x30\x00' resum "superblock block size" /boot/vmlinuz
corrupt agcount "" 88 '\x00\x00\xff\xff' resum "superblock: .* blocks in 65535 groups" /boot/vmlinuz
corrupt rootino "" 56 '\x00\x00\x00\x00\x7f\x00\x00\x00' resum "root inode" /boot/vmlinuz
corrupt magic "" 0 'XFSX' no "no known filesystem" /boot/vmlinuz
corrupt version-v3 "-m crc=0" 101 '\xb3' no "superblock version 3" /boot/vmlinuz
probe ""
root_off=$(ino_byte "$(sbval rootino)")
dir_off=$(first_block "$(path_ino d)")
corrupt inode-crc "" $((root_off + 60)) '\x7f' no "inode 128: checksum mismatch" /boot/vmlinuz
corrupt dirblock-crc "" $((dir_off + 200)) '\x7f' no "directory inode [0-9]*: data block at 0: checksum mismatch" /d/f7
corrupt dirblock-magic "" $dir_off 'XXXX' no "directory inode [0-9]*: data block at 0: bad magic" /d/f7
corrupt dirent-v5 "" $((dir_off + 64 + 8)) '\xff' no "directory inode [0-9]*: data block at 0: checksum mismatch" /d/f7
probe "-m crc=0"
root_off=$(ino_byte "$(sbval rootino)")
dir_off=$(first_block "$(path_ino d)")
corrupt inode-magic-v4 "-m crc=0" $root_off 'ZZ' no "inode 128: bad magic" /boot/vmlinuz
corrupt inode-format-v4 "-m crc=0" $((root_off + 5)) '\x09' no "inode 128: data fork format 9" /boot/vmlinuz
corrupt dirent-namelen-v4 "-m crc=0" $((dir_off + 16 + 8)) '\xff' no "directory inode [0-9]*: block at 0: bad entry at 16" /d/f7
corrupt dirblock-magic-v4 "-m crc=0" $dir_off 'XXXX' no "directory inode [0-9]*: data block at 0: bad magic" /d/f7
rm -f "$work/probe.img"

echo "xfs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
