#!/usr/bin/env bash
# Build the content tree the FAT and ISO 9660 tests put into every image:
#   long and mixed-case names (some not ASCII), a directory of 600 long
#   names (many clusters / sectors), a deep path (24 levels of long
#   names), random data of odd sizes, empty and tiny files, a /boot and an
#   ESP-like /EFI layout.  --small leaves out the big files (FAT12);
#   --symlinks adds symlinks (ISO 9660 with Rock Ridge).
# usage: fat-iso-tree.sh OUTDIR [--small] [--symlinks]
set -euo pipefail
out=$1; shift
small= links=
for a in "$@"; do
	case $a in --small) small=1 ;; --symlinks) links=1 ;; esac
done
rm -rf "$out"
mkdir -p "$out"
cd "$out"
mkdir -p boot/grub EFI/fedora many "Mixed Case Dir/Sub Dir" small
SMALL=$small python3 - <<'PY'
import os, random
random.seed(13)
small = os.environ.get("SMALL") == "1"
n = 120 if small else 600
for i in range(n):
    with open(f"many/a long file name number {i:04d}{'-x' * (i % 9)}.txt", "w") as f:
        f.write(f"entry {i}\n" * (i % 5))
p = "deep"
for i in range(12 if small else 24):
    p = os.path.join(p, f"level {i:02d} with a longer name")
os.makedirs(p)
with open(os.path.join(p, "bottom.txt"), "w") as f:
    f.write("the bottom\n")
with open("random.bin", "wb") as f:
    f.write(random.randbytes(200 * 1024 + 77 if small else 3 * 1024 * 1024 + 123))
if not small:
    with open("boot/vmlinuz-test", "wb") as f:
        f.write(random.randbytes(5 * 1024 * 1024 + 1))
open("empty", "w").close()
for i in range(20):
    with open(f"small/s{i}", "w") as f:
        f.write("y" * (i * 7))
for name in ["Ünïcödé name.txt", "файл.txt", "日本語のファイル名.txt", "UPPER.TXT", "lower.txt",
             "MiXeD.CaSe", "a.b.c.e", "x" * 200, "trailing.dot.", "NOEXT"]:
    if name.endswith("."):
        continue
    with open(name, "w") as f:
        f.write(name + "\n")
with open("Mixed Case Dir/Sub Dir/file in a sub dir.cfg", "w") as f:
    f.write("set timeout=5\n")
PY
printf 'set default=0\nmenuentry "test" {\n  linux /boot/vmlinuz-test\n}\n' > boot/grub/grub.cfg
printf 'search --no-floppy --fs-uuid --set=dev 1234-ABCD\nset prefix=($dev)/grub2\nexport $prefix\nconfigfile $prefix/grub.cfg\n' > EFI/fedora/grub.cfg
if [ -n "$links" ]; then
	mkdir -p links
	ln -s ../random.bin links/rel
	ln -s /boot/grub/grub.cfg links/abs
	ln -s rel links/chain1
	ln -s chain1 links/chain2
	ln -s "$(python3 -c 'print("/".join(["component%03d" % i for i in range(40)]))')" links/long-target
	ln -s deep/level\ 00\ with\ a\ longer\ name links/spacey
fi
