#!/usr/bin/env bash
# Build the content tree the filesystem tests put into every image:
#   big dir (3000 entries), deep path (30 levels), symlink chains (relative,
#   absolute, a loop), sparse files (holes at start, middle, end), random
#   data, empty and tiny files (inline_data candidates), a /boot layout.
# usage: fs-tree.sh OUTDIR [--huge]   (--huge adds a 5 GiB sparse file)
set -euo pipefail
out=$1
huge=${2:-}
rm -rf "$out"
mkdir -p "$out"
cd "$out"
mkdir -p boot/grub many deep links sparse small
python3 - "$huge" <<'PY'
import os, random, sys
random.seed(42)
for i in range(3000):
    with open(f"many/file-{i:04d}-{'x' * (i % 40)}", "w") as f:
        f.write(f"entry {i}\n" * (i % 7))
p = "deep"
for i in range(30):
    p = os.path.join(p, f"level{i:02d}")
os.makedirs(p)
with open(os.path.join(p, "bottom.txt"), "w") as f:
    f.write("the bottom\n")
with open("random.bin", "wb") as f:
    f.write(random.randbytes(3 * 1024 * 1024 + 123))
with open("boot/vmlinuz-test", "wb") as f:
    f.write(random.randbytes(5 * 1024 * 1024))
open("empty", "w").close()
for i in range(20):
    with open(f"small/s{i}", "w") as f:
        f.write("y" * (i * 7))
def sparse(name, size, chunks):
    with open(name, "wb") as f:
        f.truncate(size)
        for off in chunks:
            f.seek(off)
            f.write(random.randbytes(4096 * 3 + 17))
sparse("sparse/hole-start", 8 << 20, [7 << 20])
sparse("sparse/hole-end", 8 << 20, [0])
sparse("sparse/holes", 16 << 20, [0, 5 << 20, (9 << 20) + 1234])
# Hundreds of extents: a depth-1 extent tree whose leaves end in holes
# (a hole at the end of one leaf must stop where the next leaf starts).
sparse("sparse/many-holes", 26 << 20, [i * (64 << 10) + (i % 7) * 1000 for i in range(400)])
if sys.argv[1] == "--huge":
    sparse("sparse/huge-5g", 5 << 30, [0, (4 << 30) + 4096 * 7, (5 << 30) - 8192])
PY
echo "set default=0" > boot/grub/grub.cfg
ln -s ../random.bin links/rel
ln -s /boot/grub/grub.cfg links/abs
ln -s rel links/chain1
ln -s chain1 links/chain2
ln -s loop-b links/loop-a
ln -s loop-a links/loop-b
ln -s deep/level00/level01/level02 shortcut
target=$(python3 -c 'print("a" * 200)')
ln -s "$target" links/long-target
