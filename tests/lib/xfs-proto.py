#!/usr/bin/env python3
"""Write an mkfs.xfs prototype file (mkfs.xfs -p) describing a directory
tree: Debian 12's xfsprogs (6.1) cannot take the directory itself.
Regular files, directories and symlinks keep their permission bits; names
must not contain white space (the format is whitespace-separated tokens).
usage: xfs-proto.py TREE > proto"""
import os
import stat
import sys


def mode_token(kind, st):
    m = stat.S_IMODE(st.st_mode)
    return "%s%s%s%03o" % (kind, "u" if m & stat.S_ISUID else "-",
                           "g" if m & stat.S_ISGID else "-", m & 0o777)


def emit(path, depth, out):
    for name in sorted(os.listdir(path)):
        full = os.path.join(path, name)
        if any(c.isspace() for c in name):
            sys.exit("xfs-proto.py: white space in %r" % full)
        st = os.lstat(full)
        pad = " " * depth
        if stat.S_ISLNK(st.st_mode):
            out.append("%s%s %s 0 0 %s" % (pad, name, mode_token("l", st), os.readlink(full)))
        elif stat.S_ISDIR(st.st_mode):
            out.append("%s%s %s 0 0" % (pad, name, mode_token("d", st)))
            emit(full, depth + 1, out)
            out.append(pad + "$")
        elif stat.S_ISREG(st.st_mode):
            out.append("%s%s %s 0 0 %s" % (pad, name, mode_token("-", st), os.path.abspath(full)))
        else:
            sys.exit("xfs-proto.py: unsupported file type at %r" % full)


def main():
    root = sys.argv[1]
    out = ["/dev/null", "0 0", "%s 0 0" % mode_token("d", os.lstat(root))]
    emit(root, 1, out)
    out.append("$")
    print("\n".join(out))


main()
