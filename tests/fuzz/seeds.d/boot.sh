#!/usr/bin/env bash
# Seeds for fuzz_boot: each distribution-shaped configuration fixture
# (tests/fixtures/menus/*) on a small ext4 disk made by mke2fs, with
# kernels and initrds where the configurations look for them; one with a
# grubenv that grub-editenv wrote and entries that save their choice
# (savedefault, next_entry); a FAT disk; and key scripts (input layout:
# DISK KEYS N, see fuzz_boot.c).
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")/../.." && pwd)
fix=$here/fixtures/menus
mkdir -p "$out/fuzz_boot"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

# seed NAME IMAGE KEYS [FLAGS]: IMAGE + KEYS + the count byte (FLAGS|n).
seed() {
	local n
	n=$(printf '%s' "$3" | wc -c)
	{ cat "$2"; printf '%s' "$3"; printf "\\x$(printf %x $((${4:-0} | n)))"; } >"$out/fuzz_boot/$1"
}

kernels() { # DIR: small files where the fixtures' entries look
	local d=$1 f
	mkdir -p "$d/boot"
	for f in vmlinuz initrd.img vmlinuz-6.1.0-13-amd64 initrd.img-6.1.0-13-amd64; do
		echo "KERNEL $f" >"$d/boot/$f"
	done
	echo "BAD kernel: the fake handoff refuses it" >"$d/boot/vmlinuz-bad"
}

for f in "$fix"/*/; do
	name=$(basename "$f")
	rm -rf "$t/tree"; mkdir -p "$t/tree"
	cp -r "$f". "$t/tree/"
	kernels "$t/tree"
	mke2fs -q -F -t ext4 -b 1024 -N 64 -d "$t/tree" "$t/img" 512K >/dev/null 2>&1 || continue
	seed "$name" "$t/img" ""
done

# grubenv write-back: savedefault and next_entry, as grub-mkconfig writes them.
rm -rf "$t/tree"; mkdir -p "$t/tree/boot/grub"
kernels "$t/tree"
cat >"$t/tree/boot/grub/grub.cfg" <<'EOF'
if [ -s $prefix/grubenv ]; then
  load_env
fi
if [ "${next_entry}" ] ; then
   set default="${next_entry}"
   set next_entry=
   save_env next_entry
   set boot_once=true
else
   set default="${saved_entry}"
fi
function savedefault {
  if [ -z "${boot_once}" ]; then
    saved_entry="${chosen}"
    save_env saved_entry
  fi
}
set timeout=5
menuentry 'Broken' --id broken { savedefault; linux /boot/vmlinuz-bad; }
menuentry 'Debian' --id debian { savedefault; linux /boot/vmlinuz root=/dev/xvda ro; initrd /boot/initrd.img; }
submenu 'Advanced' --id adv {
  menuentry 'Debian, recovery' --id rec { savedefault; linux /boot/vmlinuz single; }
}
EOF
if command -v grub-editenv >/dev/null; then
	grub-editenv "$t/tree/boot/grub/grubenv" create
	grub-editenv "$t/tree/boot/grub/grubenv" set saved_entry=broken next_entry=adv\>rec
fi
mke2fs -q -F -t ext4 -b 1024 -N 64 -d "$t/tree" "$t/env.img" 512K >/dev/null 2>&1
seed env-default "$t/env.img" ""
seed env-keys-down "$t/env.img" $'\e[B\r'
seed env-edit "$t/env.img" $'e\x05 quiet\r'
seed env-returns "$t/env.img" "" 128
seed env-submenu "$t/env.img" $'jj\rk\r'

# The same configuration on FAT (an ESP-shaped disk).
if command -v mkfs.vfat >/dev/null && command -v mcopy >/dev/null; then
	export MTOOLS_SKIP_CHECK=1
	mkfs.vfat -C -F 12 "$t/fat.img" 512 >/dev/null
	mcopy -s -i "$t/fat.img" "$t/tree"/* ::/
	seed fat "$t/fat.img" ""
fi
