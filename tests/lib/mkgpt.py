#!/usr/bin/env python3
"""Write a GPT (protective MBR, primary and backup headers and entry arrays,
with their CRC32s) onto a disk image file, for any logical sector size —
util-linux's sfdisk cannot lay out 4096-byte-sector tables on a plain file.

  mkgpt.py DISK SECTOR_SIZE START:COUNT:NAME [...]     (in sectors)
"""
import struct
import sys
import uuid
import zlib

LINUX_FS = uuid.UUID("0fc63daf-8483-4772-8e79-3d69d8477de4").bytes_le


def main():
    disk, ss = sys.argv[1], int(sys.argv[2])
    parts = [p.split(":", 2) for p in sys.argv[3:]]
    with open(disk, "r+b") as f:
        f.seek(0, 2)
        nsec = f.tell() // ss
        entries = bytearray(128 * 128)
        for i, (start, count, name) in enumerate(parts):
            start, count = int(start), int(count)
            struct.pack_into("<16s16sQQQ72s", entries, i * 128, LINUX_FS,
                             uuid.uuid4().bytes_le, start, start + count - 1, 0,
                             name.encode("utf-16-le"))
        ents_sectors = (len(entries) + ss - 1) // ss
        ecrc = zlib.crc32(entries)

        def header(my, alt, ents_lba):
            h = bytearray(struct.pack("<8sIIIIQQQQ16sQIII", b"EFI PART", 0x10000, 92, 0, 0,
                                      my, alt, 2 + ents_sectors, nsec - 2 - ents_sectors,
                                      uuid.uuid4().bytes_le, ents_lba, 128, 128, ecrc))
            struct.pack_into("<I", h, 16, zlib.crc32(h))
            return bytes(h) + bytes(ss - len(h))

        mbr = bytearray(512)
        struct.pack_into("<B3sB3sII", mbr, 446, 0, b"\0\x02\0", 0xEE, b"\xff\xff\xff", 1,
                         min(nsec - 1, 0xFFFFFFFF))
        mbr[510:512] = b"\x55\xaa"
        f.seek(0)
        f.write(bytes(mbr))
        f.seek(ss)
        f.write(header(1, nsec - 1, 2))
        f.seek(2 * ss)
        f.write(bytes(entries))
        f.seek((nsec - 1 - ents_sectors) * ss)
        f.write(bytes(entries))
        f.seek((nsec - 1) * ss)
        f.write(header(nsec - 1, 1, nsec - 1 - ents_sectors))


main()
