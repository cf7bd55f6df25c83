#!/usr/bin/env python3
"""tree-manifest.py DIR: the manifest tests/tools/fswalk prints, for a
directory tree on the host (not following symlinks; crossing into
btrfs subvolumes, which are directories here):
    PATH TYPE MODE SIZE MTIME DIGEST
sorted by path (byte order, as fswalk's strcmp)."""
import hashlib, os, stat, struct, sys

CHUNK = 1 << 20
ZEROS = bytes(CHUNK)

def hash_sparse(f, size, h):
    """fswalk's content digest: for every 1 MiB chunk that is not all
    zeros, its offset (8 bytes LE) and its SHA-256; then the size.  Holes
    (SEEK_DATA) are skipped without reading them."""
    pos = 0
    while pos < size:
        try:
            data = os.lseek(f.fileno(), pos, os.SEEK_DATA)
        except OSError:
            break  # only a hole after pos
        pos = max(pos, data - data % CHUNK)
        f.seek(pos)
        chunk = f.read(min(CHUNK, size - pos))
        if not chunk:
            break
        if chunk != ZEROS[:len(chunk)]:
            h.update(struct.pack("<Q", pos) + hashlib.sha256(chunk).digest())
        pos += len(chunk)
    h.update(struct.pack("<Q", size))

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
                hash_sparse(f, st.st_size, h)
            out.append(f"{rel} file {mode:o} {st.st_size} {mt} {h.hexdigest()}")
        elif stat.S_ISLNK(st.st_mode):
            t = os.readlink(p).encode()
            out.append(f"{rel} symlink {mode:o} {len(t)} {mt} {hashlib.sha256(t).hexdigest()}")
        else:
            out.append(f"{rel} other {mode:o} 0 {mt} -")
out.sort(key=lambda s: s.encode())
sys.stdout.write("".join(l + "\n" for l in out))
