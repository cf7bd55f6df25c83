#!/usr/bin/env python3
"""Build test kernels from a real bzImage.

  bzimage-wrap.py payload BZIMAGE OUT      raw compressed payload (without
                                           Linux's appended size)
  bzimage-wrap.py wrap BZIMAGE NEWPAYLOAD SIZE OUT
                                           a copy of BZIMAGE whose payload is
                                           NEWPAYLOAD + u32 LE SIZE, with the
                                           setup header's payload_length fixed
"""
import struct
import sys


def header(img):
    setup_sects = img[0x1F1] or 4
    pm = (setup_sects + 1) * 512
    off, length = struct.unpack_from("<II", img, 0x248)
    return pm + off, length


def main():
    cmd = sys.argv[1]
    img = open(sys.argv[2], "rb").read()
    off, length = header(img)
    if cmd == "payload":
        payload = img[off:off + length]
        # Every Linux payload ends with the u32 decompressed size; gzip's
        # own trailer already carries it, and the stream ignores it.
        open(sys.argv[3], "wb").write(payload[:-4])
    elif cmd == "wrap":
        new = open(sys.argv[3], "rb").read() + struct.pack("<I", int(sys.argv[4]))
        out = bytearray(img[:off] + new + img[off + length:])
        struct.pack_into("<I", out, 0x24C, len(new))
        open(sys.argv[5], "wb").write(out)
    else:
        sys.exit("unknown command " + cmd)


main()
