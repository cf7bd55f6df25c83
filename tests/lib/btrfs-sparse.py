#!/usr/bin/env python3
"""btrfs-sparse.py IMAGE OUT: the non-zero 4 KiB blocks of the first 256 MiB
of IMAGE as fuzz_btrfs's input records ([u32 LE block][4096 bytes])."""
import struct, sys
with open(sys.argv[1], "rb") as f, open(sys.argv[2], "wb") as o:
    for blk in range((256 << 20) // 4096):
        b = f.read(4096)
        if not b:
            break
        if b.strip(b"\0"):
            o.write(struct.pack("<I", blk) + b.ljust(4096, b"\0"))
