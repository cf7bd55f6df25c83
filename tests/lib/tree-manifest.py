#!/usr/bin/env python3
"""tree-manifest.py DIR: the manifest tests/tools/fswalk prints, for a
directory tree on the host (not following symlinks; crossing into
btrfs subvolumes, which are directories here):
    PATH TYPE MODE SIZE MTIME DIGEST
sorted by path (byte order, as fswalk's strcmp)."""
import hashlib, os, stat, sys

root = sys.argv[1].rstrip("/")
out = []
for dirpath, dirnames, filenames in os.walk(root):
    for name in dirnames + filenames:
        p = os.path.join(dirpath, name)
        rel = p[len(root):]
        st = os.lstat(p)
        mode = stat.S_IMODE(st.st_mode)
        mt = int(st.st_mtime)
        if stat.S_ISDIR(st.st_mode):
            out.append(f"{rel} dir {mode:o} 0 {mt} -")
        elif stat.S_ISREG(st.st_mode):
            h = hashlib.sha256()
            with open(p, "rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    h.update(chunk)
            out.append(f"{rel} file {mode:o} {st.st_size} {mt} {h.hexdigest()}")
        elif stat.S_ISLNK(st.st_mode):
            t = os.readlink(p).encode()
            out.append(f"{rel} symlink {mode:o} {len(t)} {mt} {hashlib.sha256(t).hexdigest()}")
        else:
            out.append(f"{rel} other {mode:o} 0 {mt} -")
out.sort(key=lambda s: s.encode())
sys.stdout.write("".join(l + "\n" for l in out))
