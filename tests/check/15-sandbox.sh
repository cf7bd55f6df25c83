#!/usr/bin/env bash
# pvboot-inspect's sandbox (tools/inspect/sandbox.c): the seccomp filter is
# live (the hidden sandbox-test command is killed by SIGSYS, and is not
# with --no-sandbox), and every command prints exactly the same under it
# as without it, run by root (which drops to nobody) and by a normal user.
set -uo pipefail
build=${PVBOOT_BUILD:?}
inspect=$build/host/pvboot-inspect
work=$(mktemp -d "${TMPDIR:-/tmp}/pvboot-sandbox.XXXXXX")
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
pass=0 fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1"; fail=$((fail + 1)); }

# A small ext4 disk with a grub.cfg, a grubenv and a kernel (Debian's
# cloud kernel from the test cache when there is one, else random bytes:
# boot then fails, the same way with and without the sandbox).
tree=$work/tree
mkdir -p "$tree/boot/grub"
kernel=$(ls "${PVBOOT_CACHE:-$HOME/.cache/pvboot}"/kernels/*cloud*.vmlinuz 2>/dev/null | head -n1)
if [ -n "$kernel" ]; then cp "$kernel" "$tree/boot/vmlinuz"; else head -c 200000 /dev/urandom >"$tree/boot/vmlinuz"; fi
printf 'set default=0\nset timeout=1\nmenuentry "Linux" --id linux {\n  linux /boot/vmlinuz root=/dev/xvda1\n}\n' \
	>"$tree/boot/grub/grub.cfg"
env_block() { printf '# GRUB Environment Block\nsaved_entry=%s\n' "$1" | head -c 1024; head -c 1024 /dev/zero | tr '\0' '#'; }
env_block a | head -c 1024 >"$tree/boot/grub/grubenv"
env_block b | head -c 1024 >"$work/new.env"
mke2fs -q -F -t ext4 -d "$tree" "$work/disk.img" 16M >/dev/null 2>&1 || { echo "FAIL: mke2fs"; exit 1; }
chmod 644 "$work/disk.img" "$work/new.env"

# The filter is live.
# (in a child shell, so the parent does not print "Bad system call")
bash -c '"$0" sandbox-test; exit $?' "$inspect" >/dev/null 2>&1
rc=$?
[ "$rc" = $((128 + 31)) ] && ok "sandbox-test is killed by SIGSYS" || ko "sandbox-test: exit $rc, not SIGSYS (159)"
out=$("$inspect" --no-sandbox sandbox-test 2>&1)
rc=$?
[ "$rc" = 0 ] && ok "--no-sandbox sandbox-test runs: $out" || ko "--no-sandbox sandbox-test: exit $rc: $out"

# as USER: run pvboot-inspect as root, or as that user through setpriv.
as() {
	local who=$1; shift
	if [ "$who" = root ]; then "$inspect" "$@"; else
		setpriv --reuid="$who" --regid="$(id -g "$who")" --clear-groups -- "$inspect" "$@"; fi
}
# One command with and without the sandbox: same stdout, stderr, status,
# and (for writes) the same image afterwards.
same() { # who name disk args...
	local who=$1 name=$2 disk=$3; shift 3
	local a b
	cp "$disk" "$work/a.img"; cp "$disk" "$work/b.img"; chmod 666 "$work/a.img" "$work/b.img"
	as "$who" --no-sandbox "$work/a.img" "$@" >"$work/a.out" 2>"$work/a.err"; a=$?
	as "$who" "$work/b.img" "$@" >"$work/b.out" 2>"$work/b.err"; b=$?
	# The image's name and boot's load time ("loaded in 237 ms") may differ.
	sed -i -E "s|$work/a.img|IMG|g; s/[0-9]+ ms/N ms/g" "$work/a.out" "$work/a.err"
	sed -i -E "s|$work/b.img|IMG|g; s/[0-9]+ ms/N ms/g" "$work/b.out" "$work/b.err"
	if [ "$a" != "$b" ]; then ko "$who $name: exit $a without the sandbox, $b with it: $(head -c 300 "$work/b.err")"
	elif ! cmp -s "$work/a.out" "$work/b.out" || ! cmp -s "$work/a.err" "$work/b.err"; then ko "$who $name: output differs"
	elif ! cmp -s "$work/a.img" "$work/b.img"; then ko "$who $name: the images differ afterwards"
	else ok "$who $name (exit $b)"; fi
}
users=(root)
[ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 && users+=(nobody)
for who in "${users[@]}"; do
	same "$who" parts "$work/disk.img" parts
	same "$who" "parts --json" "$work/disk.img" parts --json
	same "$who" ls "$work/disk.img" ls /boot/grub
	same "$who" "ls --json" "$work/disk.img" ls hd0:/boot --json
	same "$who" cat "$work/disk.img" cat /boot/grub/grub.cfg
	same "$who" stat "$work/disk.img" stat /boot/vmlinuz --json
	same "$who" menu "$work/disk.img" menu
	same "$who" "menu --json" "$work/disk.img" menu --json
	same "$who" boot "$work/disk.img" boot
	same "$who" "boot --type pvh --write" "$work/disk.img" boot --type pvh --write
	same "$who" overwrite "$work/disk.img" overwrite /boot/grub/grubenv "$work/new.env"
	same "$who" "missing file" "$work/disk.img" cat /nope
done

# kernel FILE [--extract OUT] takes a file, not an image.
if [ -n "$kernel" ]; then
	cp "$kernel" "$work/vmlinuz"; chmod 644 "$work/vmlinuz"; kernel=$work/vmlinuz
	for who in "${users[@]}"; do
		rm -f "$work"/k.*; chmod 777 "$work"
		as "$who" --no-sandbox kernel "$kernel" --json --extract "$work/k.a" >"$work/k.aout" 2>&1; a=$?
		as "$who" kernel "$kernel" --json --extract "$work/k.b" >"$work/k.bout" 2>&1; b=$?
		if [ "$a" = 0 ] && [ "$b" = 0 ] && cmp -s "$work/k.aout" "$work/k.bout" && cmp -s "$work/k.a" "$work/k.b"; then
			ok "$who kernel --json --extract"
		else ko "$who kernel --json --extract: exit $a / $b"; fi
	done
else
	echo "SKIP kernel: no cached Debian kernel (make e2e-prep or 20-kernels.sh fetches it)"
fi

# root ends up as nobody: an image only root can read is still read (the
# descriptor was opened first), the sandbox-test open of a root-only file
# never happens; --user of a missing user is refused before any parsing.
if [ "$(id -u)" = 0 ]; then
	cp "$work/disk.img" "$work/root.img"; chmod 600 "$work/root.img"
	"$inspect" "$work/root.img" ls /boot >/dev/null 2>&1 && ok "root-only image read after dropping to nobody" ||
		ko "root-only image not read under the sandbox"
	out=$("$inspect" --user no-such-user-pvboot "$work/root.img" parts 2>&1) && ko "--user no-such-user accepted" ||
		ok "--user no-such-user refused: $out"
fi

echo "sandbox: $pass passed, $fail failed"
[ "$fail" = 0 ]
