#!/usr/bin/env python3
"""btrfs-corrupt.py IMAGE WHAT: damage a single-device btrfs image in one
precise way, re-computing crc32c checksums where the damage is meant to
get past them (so the driver's later checks are what must catch it).
  sb-incompat BIT     set incompat feature bit BIT in the primary superblock
  sb-csum             break the primary superblock's checksum
  sb-field OFF HEX    write HEX bytes at OFF of the primary superblock (re-csum)
  tree-csum root|chunk     break the checksum of every copy of that tree's root block
  leaf-item root|chunk     make item 0 of that tree's root block point outside it (re-csum)
Only for crc32c filesystems."""
import struct, sys

def crc32c(data, crc=0xFFFFFFFF):
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc

def fix_csum(block):
    c = crc32c(block[32:]) ^ 0xFFFFFFFF
    block[0:4] = struct.pack("<I", c)

img, what = sys.argv[1], sys.argv[2]
with open(img, "r+b") as f:
    f.seek(0x10000)
    sb = bytearray(f.read(4096))
    nodesize = struct.unpack_from("<I", sb, 0x94)[0]
    if what == "sb-incompat":
        v = struct.unpack_from("<Q", sb, 0xbc)[0] | (1 << int(sys.argv[3]))
        struct.pack_into("<Q", sb, 0xbc, v)
        fix_csum(sb)
    elif what == "sb-csum":
        sb[0] ^= 0xFF
    elif what == "sb-field":
        off, data = int(sys.argv[3], 0), bytes.fromhex(sys.argv[4])
        sb[off:off + len(data)] = data
        fix_csum(sb)
    else:
        logical = struct.unpack_from("<Q", sb, 0x50 if sys.argv[3] == "root" else 0x58)[0]
        fsid = bytes(sb[0x20:0x30])
        f.seek(0, 2)
        size = f.tell()
        hits = 0
        # Every copy: scan for blocks whose header names this logical address.
        for off in range(0, size - nodesize + 1, 4096):
            f.seek(off)
            head = f.read(0x38)
            if head[0x20:0x30] != fsid or struct.unpack_from("<Q", head, 0x30)[0] != logical:
                continue
            f.seek(off)
            blk = bytearray(f.read(nodesize))
            if what == "tree-csum":
                blk[40] ^= 0xFF  # inside the header's fsid: csum no longer matches
            elif what == "leaf-item":
                struct.pack_into("<I", blk, 101 + 17, nodesize)  # item 0 data offset
                fix_csum(blk)
            f.seek(off)
            f.write(blk)
            hits += 1
        if not hits:
            sys.exit(f"no copy of block {logical} found")
    f.seek(0x10000)
    f.write(sb)
