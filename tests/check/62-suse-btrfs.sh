#!/usr/bin/env bash
# openSUSE's btrfs boot as SUSE's GRUB evaluates it: a disk written by the
# kernel through a loop mount (tests/lib/suse-btrfs.sh: @, @/.snapshots,
# snapshot 1 as the default subvolume with /boot inside it, read-only
# snapshot 2 holding the kernel before an update), grub.cfg files as
# grub2-mkconfig writes them with SUSE_BTRFS_SNAPSHOT_BOOTING and
# grub-snapshot.cfg files as snapper's plugin writes them.
#  - `menu`: the entries GRUB shows, with the files GRUB would open
#    (btrfs_relative_path -> the default subvolume, btrfs-mount-subvol
#    /.snapshots, $btrfs_subvol of the snapshot entry) and snapshot
#    entries' rootflags=subvol=;
#  - `boot` of the default entry, of the snapshot's entry, and of the
#    grubenv's saved_entry: the kernel and initrd loaded are, byte for
#    byte (SHA-256), the files Linux shows in that subvolume;
#  - the same files read back with `cat` against the source files.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${PVBOOT_BUILD:?}
inspect=$build/host/pvboot-inspect
work=$build/suse-btrfs
pass=0 fail=0
ok() { echo "PASS [${SECONDS}s] $1: $2"; pass=$((pass + 1)); }
bad() { echo "FAIL [${SECONDS}s] $1: $2"; fail=$((fail + 1)); }

command -v mkfs.btrfs >/dev/null || { echo "SKIP: mkfs.btrfs missing (apt-get install btrfs-progs)"; exit 1; }
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (loop mounts)"; exit 1; }
# shellcheck source=../lib/suse-btrfs.sh
. "$here/lib/suse-btrfs.sh"
kernel=$(bash "$here/lib/debian-kernels.sh" | awk '$1 == "cloud" { print $2 }')
[ -s "$kernel" ] || { echo "FAIL: no Debian cloud kernel"; exit 1; }
rm -rf "$work"; mkdir -p "$work/mnt"
head -c 700000 /dev/urandom >"$work/initrd-new"
head -c 500000 /dev/urandom >"$work/initrd-old"
TAIL='splash=silent quiet console=hvc0'
disk=$work/suse.img
SUSE_SAVED= suse_btrfs_disk "$disk" "$kernel" "$work/initrd-new" "$work/initrd-old" "$TAIL" ||
	{ echo "FAIL: making the openSUSE disk"; exit 1; }
U=$SUSE_UUID
S1=/@/.snapshots/1/snapshot S2=/@/.snapshots/2/snapshot
SNAP="Start bootloader from a read-only snapshot>$SUSE_SNAP_TITLE"

# The kernel's view of each subvolume: what GRUB must load from it.
declare -A linux_sum
loop=$(losetup -f --show -r -o $((4096 * 512)) "$disk") || { echo "FAIL: losetup"; exit 1; }
if mount -r -o subvolid=5 "$loop" "$work/mnt"; then
	for f in "$S1/boot/vmlinuz-$SUSE_NEW" "$S1/boot/initrd-$SUSE_NEW" \
		 "$S2/boot/vmlinuz-$SUSE_OLD" "$S2/boot/initrd-$SUSE_OLD"; do
		linux_sum[$f]=$(sha256sum <"$work/mnt$f" | cut -c1-64)
	done
	[ "$(btrfs subvolume get-default "$work/mnt" | awk '{print $NF}')" = "${S1#/}" ] ||
		bad layout "the default subvolume is not ${S1#/}"
	umount "$work/mnt"
fi
losetup -d "$loop"
[ "${#linux_sum[@]}" = 4 ] || { echo "FAIL: reading the image back through Linux"; exit 1; }
src() { sha256sum <"$1" | cut -c1-64; }
[ "${linux_sum[$S1/boot/initrd-$SUSE_NEW]}" = "$(src "$work/initrd-new")" ] &&
[ "${linux_sum[$S2/boot/initrd-$SUSE_OLD]}" = "$(src "$work/initrd-old")" ] &&
[ "${linux_sum[$S2/boot/vmlinuz-$SUSE_OLD]}" = "$(src "$kernel")" ] &&
	ok layout "Linux shows the source files in both snapshots" || bad layout "Linux's files differ from the source"

out=$("$inspect" "$disk" menu --json 2>&1) || { bad menu "$out"; exit 1; }
if msg=$(python3 -c "
import json, sys
m = json.loads(sys.argv[1])
E = m['entries']
T = [(e['submenu'] + '>' if e['submenu'] else '') + e['title'] for e in E]
assert m['config'] == '$S1/boot/grub2/grub.cfg' and m['device'] == 'hd0,gpt2', (m['config'], m['device'])
assert T == ['$SUSE_TITLE', 'Advanced options for $SUSE_TITLE>$SUSE_TITLE, with Linux $SUSE_NEW',
	'$SNAP>Bootable snapshot #2>If OK, run \'snapper rollback\' and reboot.',
	'$SNAP>$SUSE_TITLE', '$SNAP>Advanced options for $SUSE_TITLE>$SUSE_TITLE, with Linux $SUSE_OLD'], T
for i in (0, 1):
	assert E[i]['kernel'] == '$S1/boot/vmlinuz-$SUSE_NEW', E[i]['kernel']
	assert E[i]['initrd'] == ['$S1/boot/initrd-$SUSE_NEW'], E[i]['initrd']
	assert E[i]['cmdline'] == 'root=UUID=$U $TAIL', E[i]['cmdline']
for i in (3, 4):
	assert E[i]['kernel'] == '$S2/boot/vmlinuz-$SUSE_OLD', E[i]['kernel']
	assert E[i]['initrd'] == ['$S2/boot/initrd-$SUSE_OLD'], E[i]['initrd']
	assert E[i]['cmdline'] == 'root=UUID=$U rootflags=subvol=$S2 $TAIL', E[i]['cmdline']
assert m['default'] == 0, m['default_reason']
assert 'loads no kernel' in m['warnings'] and 'unknown' not in m['warnings'], m['warnings']
print('%d entries, snapshot 2 under its submenu' % len(E))
" "$out" 2>&1); then ok menu "$msg"; else bad menu "$msg"; echo "$out" | head -c 3000; fi

# boot_check NAME KERNEL INITRD CMDLINE [boot args]: the loaded files are
# Linux's (size and SHA-256 of what pvboot reads back), the line exact.
boot_check() {
	local name=$1 k=$2 i=$3 cmd=$4 out ks is; shift 4
	out=$("$inspect" "$disk" boot "$@" 2>&1) || { bad "$name" "boot failed: $(tail -3 <<<"$out")"; return; }
	ks=$(stat -c %s "$kernel")
	case $i in *"$SUSE_NEW") is=$(stat -c %s "$work/initrd-new");; *) is=$(stat -c %s "$work/initrd-old");; esac
	for want in "pvboot: kernel (hd0,gpt2)$k: $ks bytes" "pvboot: initrd (hd0,gpt2)$i: $is bytes" \
		    "pvboot: command line: $cmd"; do
		grep -qxF -- "$want" <<<"$out" || { bad "$name" "missing [$want]"; echo "$out" | tail -12; return; }
	done
	for f in "$k" "$i"; do
		[ "$("$inspect" "$disk" cat "hd0,gpt2:$f" 2>/dev/null | sha256sum | cut -c1-64)" = "${linux_sum[$f]}" ] ||
			{ bad "$name" "$f differs from Linux's"; return; }
	done
	ok "$name" "$k and $i equal Linux's ($ks + $is bytes); $cmd"
}
boot_check boot-default "$S1/boot/vmlinuz-$SUSE_NEW" "$S1/boot/initrd-$SUSE_NEW" "root=UUID=$U $TAIL"
boot_check boot-snapshot "$S2/boot/vmlinuz-$SUSE_OLD" "$S2/boot/initrd-$SUSE_OLD" \
	"root=UUID=$U rootflags=subvol=$S2 $TAIL" --entry "$SNAP>$SUSE_TITLE"

# saved_entry in snapshot 1's grubenv, reached through the relative $prefix.
disk=$work/suse-saved.img
SUSE_SAVED="$SNAP>gnulinux-simple-$U" \
	suse_btrfs_disk "$disk" "$kernel" "$work/initrd-new" "$work/initrd-old" "$TAIL" ||
	{ echo "FAIL: making the second disk"; exit 1; }
boot_check boot-saved-entry "$S2/boot/vmlinuz-$SUSE_OLD" "$S2/boot/initrd-$SUSE_OLD" \
	"root=UUID=$U rootflags=subvol=$S2 $TAIL"
rm -rf "$work"

echo "62-suse-btrfs: $pass passed, $fail failed (${SECONDS}s)"
[ "$fail" = 0 ]
