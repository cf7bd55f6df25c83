#!/usr/bin/env bash
# BLS entries as Red Hat's blscfg evaluates them, on disks shaped like
# RHEL 8, RHEL 9 and Fedora 39 /boot partitions and a BLS-only disk
# (tests/fixtures/menus; made with mke2fs -d: the real ones are XFS, which
# fs/ does not read yet), plus Ubuntu's recordfail:
#  - `pvboot-inspect IMG menu --json`: the entries in GRUB's order (RHEL 8's
#    version order vs the file-name order of later GRUBs), ids, the default
#    (saved_entry / loader.conf), $kernelopts / $tuned_params / $tuned_initrd
#    expanded, unset variables gone;
#  - `pvboot-inspect IMG boot`: the chosen entry really booted (Debian's
#    cloud kernel stands in for the distribution's) with the exact final
#    command line and initrds; read-only images are left unchanged;
#  - `boot --write` on a copy: the grubenv save_env edits (boot_success /
#    boot_indeterminate counting, menu_show_once_timeout deleted, Ubuntu's
#    recordfail from the entry body) are on the disk byte for byte as
#    Debian's grub-editenv (the same envblk code as GRUB's save_env) makes
#    them, grubenv stays 1024 bytes and e2fsck finds the filesystem clean.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${PVBOOT_BUILD:?}
inspect=$build/host/pvboot-inspect
work=$build/bls
rm -rf "$work"
mkdir -p "$work"
pass=0 fail=0
. "$here/lib/menu-images.sh"
ok() { echo "PASS $1: $2"; pass=$((pass + 1)); }
bad() { echo "FAIL $1: $2"; fail=$((fail + 1)); }
command -v grub-editenv >/dev/null || { echo "FAIL: grub-editenv missing (make deps installs grub-common)"; exit 1; }
kernel=$(bash "$here/lib/debian-kernels.sh" | awk '$1 == "cloud" { print $2 }')
[ -s "$kernel" ] || { echo "FAIL: no Debian cloud kernel"; exit 1; }

menu_check() { # name image python-assertions
	local out msg
	if ! out=$("$inspect" "$2" menu --json 2>&1); then
		bad "$1" "$out"; return
	fi
	if msg=$(python3 -c "
import json, sys
m = json.loads(sys.argv[1])
E = m['entries']
T = [e['title'] for e in E]
I = [e['id'] for e in E]
D = E[m['default']] if m['default'] >= 0 else None
$3
print('%d entries, default %d: %s' % (len(E), m['default'], I[m['default']]))
" "$out" 2>&1); then
		ok "$1" "$msg"
	else
		bad "$1" "$msg"; echo "$out" | head -c 3000; echo
	fi
}

# boot_check name image grep-lines... : `boot` must succeed and print each line exactly.
boot_check() {
	local name=$1 img=$2 out line missing=""
	shift 2
	out=$("$inspect" "$img" boot "${BOOT_FLAGS[@]}" 2>&1) || { bad "$name" "boot failed: $out"; return; }
	for line in "$@"; do
		grep -qxF -- "$line" <<<"$out" || missing+=" [$line]"
	done
	if [ -n "$missing" ]; then
		bad "$name" "missing lines:$missing"; echo "$out"
	else
		ok "$name" "$(grep -c '' <<<"$out") lines, $(grep 'command line' <<<"$out")"
	fi
}

part_img() { # image start-sector sectors -> the partition as its own file (stdout: path)
	dd if="$1" of="$1.part" bs=512 skip="$2" count="$3" status=none
	echo "$1.part"
}

# env_check name image start sectors path editenv-ops...: after `boot --write`,
# grubenv equals the original edited by grub-editenv with the same ops.
env_check() {
	local name=$1 img=$2 start=$3 count=$4 path=$5 p before after want out
	shift 5
	p=$(part_img "$img" "$start" "$count")
	before=$work/$name.before; want=$work/$name.want; after=$work/$name.after
	debugfs -R "cat $path" "$p" >"$before" 2>/dev/null
	cp "$before" "$want"
	for op in "$@"; do
		case $op in
		unset:*) grub-editenv "$want" unset "${op#unset:}" ;;
		*) grub-editenv "$want" set "$op" ;;
		esac
	done
	out=$("$inspect" "$img" boot --write 2>&1) || { bad "$name" "boot --write failed: $out"; return; }
	grep -qF "pvboot: saved to (hd0,msdos1)$path" <<<"$out" || { bad "$name" "no 'saved to' line: $out"; return; }
	p=$(part_img "$img" "$start" "$count")
	debugfs -R "cat $path" "$p" >"$after" 2>/dev/null
	if [ "$(stat -c %s "$after")" != 1024 ]; then
		bad "$name" "grubenv is $(stat -c %s "$after") bytes"
	elif ! cmp -s "$after" "$want"; then
		bad "$name" "grubenv differs from grub-editenv's"; diff <(tr '#' '\n' <"$want" | grep .) <(tr '#' '\n' <"$after" | grep .)
	elif ! e2fsck -fn "$p" >/dev/null 2>&1; then
		bad "$name" "e2fsck: not clean after the write"
	else
		ok "$name" "$(tr -d '#' <"$after" | tr '\n' ' ' | cut -c1-200)"
	fi
}

# The files the default entries load: the real kernel and small initrds.
files_for() { # dir kernel-path initrd-path...
	local d=$1 k=$2
	shift 2
	mkdir -p "$d"
	cp "$kernel" "$d$k"
	for i in "$@"; do head -c 4096 /dev/urandom >"$d$i"; done
}
BOOT_FLAGS=(--memory 512)
# menu_image's dos layout: /boot is msdos1 at sector 2048, 40960 sectors
BS=2048 BN=40960

# ---- RHEL 9: literal options + $tuned_params, saved_entry, boot_success counting
M9=d7e1c6f0a4b94f5e8c3b2a1f0e9d8c7b
files_for "$work/rhel9.files" /vmlinuz-5.14.0-362.8.1.el9_3.x86_64 /initramfs-5.14.0-362.8.1.el9_3.x86_64.img
menu_image rhel9 "$work/rhel9.img" dos "$work/rhel9.files"
O9='root=/dev/mapper/rhel-root ro crashkernel=1G-4G:192M,4G-64G:256M,64G-:512M resume=/dev/mapper/rhel-swap rd.lvm.lv=rhel/root rd.lvm.lv=rhel/swap console=hvc0'
menu_check rhel9-menu "$work/rhel9.img" "
assert m['config'] == '/grub2/grub.cfg' and m['device'] == 'hd0,msdos1', m['config']
assert I == ['$M9-5.14.0-427.13.1.el9_4.x86_64', '$M9-5.14.0-362.8.1.el9_3.x86_64', '$M9-0-rescue'], I
assert T[0] == 'Red Hat Enterprise Linux (5.14.0-427.13.1.el9_4.x86_64) 9.4 (Plow)', T
assert m['default'] == 1 and '$M9-5.14.0-362' in m['default_reason'], m['default_reason']
assert m['timeout'] == 30, 'menu_show_once_timeout from grubenv'
assert D['cmdline'] == '$O9 skew_tick=1', D['cmdline']
assert D['kernel'] == '(hd0,msdos1)/vmlinuz-5.14.0-362.8.1.el9_3.x86_64', D['kernel']
assert D['initrd'] == ['(hd0,msdos1)/initramfs-5.14.0-362.8.1.el9_3.x86_64.img'], 'empty \$tuned_initrd vanishes'
assert E[2]['cmdline'] == '$O9', E[2]['cmdline']
assert '\$' not in ''.join(e['cmdline'] for e in E)
assert m['saves'] == {'boot_success': '0', 'boot_indeterminate': '0', 'menu_show_once_timeout': None}, m['saves']
assert m['warnings'] == '', m['warnings']
"
sum=$(sha256sum <"$work/rhel9.img")
boot_check rhel9-boot "$work/rhel9.img" \
	"pvboot: kernel (hd0,msdos1)/vmlinuz-5.14.0-362.8.1.el9_3.x86_64: $(stat -c %s "$kernel") bytes" \
	"pvboot: initrd (hd0,msdos1)/initramfs-5.14.0-362.8.1.el9_3.x86_64.img: 4096 bytes" \
	"pvboot: command line: $O9 skew_tick=1"
if [ "$(sha256sum <"$work/rhel9.img")" = "$sum" ] && "$inspect" "$work/rhel9.img" boot 2>&1 | grep -q "not saving to grubenv"; then
	ok rhel9-readonly "image unchanged, 'not saving to grubenv'"
else
	bad rhel9-readonly "a read-only boot changed the image or did not say so"
fi
cp "$work/rhel9.img" "$work/rhel9-rw.img"
env_check rhel9-boot-success "$work/rhel9-rw.img" $BS $BN /grub2/grubenv \
	boot_success=0 boot_indeterminate=0 unset:menu_show_once_timeout
# next_entry (a one-shot boot of the rescue entry): cleared, saved_entry kept
cp "$work/rhel9.img" "$work/rhel9-next.img"
p=$(part_img "$work/rhel9-next.img" $BS $BN)
debugfs -R "cat /grub2/grubenv" "$p" >"$work/env9" 2>/dev/null
grub-editenv "$work/env9" set "next_entry=$M9-5.14.0-362.8.1.el9_3.x86_64" boot_success=1 boot_indeterminate=1
"$inspect" "$work/rhel9-next.img" overwrite hd0,msdos1:/grub2/grubenv "$work/env9" 2>/dev/null
env_check rhel9-next-entry "$work/rhel9-next.img" $BS $BN /grub2/grubenv \
	next_entry= boot_success=0 boot_indeterminate=0 unset:menu_show_once_timeout

# ---- RHEL 8: $kernelopts / $tuned_params / $tuned_initrd from grubenv, two machine ids
OLD=9f8e7d6c5b4a39281706f5e4d3c2b1a0 NEW=1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6
files_for "$work/rhel8.files" /vmlinuz-4.18.0-513.24.1.el8_9.x86_64 /initramfs-4.18.0-513.24.1.el8_9.x86_64.img /tuned-initrd.img
menu_image rhel8 "$work/rhel8.img" dos "$work/rhel8.files"
K8='root=/dev/mapper/rhel-root ro crashkernel=auto resume=/dev/mapper/rhel-swap rd.lvm.lv=rhel/root rd.lvm.lv=rhel/swap'
menu_check rhel8-menu "$work/rhel8.img" "
# RHEL 8's GRUB: versions first (the newer kernel has the other machine id)
assert I == ['$NEW-4.18.0-513.24.1.el8_9.x86_64', '$OLD-4.18.0-80.el8.x86_64', '$OLD-0-rescue'], I
assert m['default'] == 0 and m['timeout'] == 5
assert D['cmdline'] == '$K8 console=hvc0 skew_tick=1', D['cmdline']
assert D['initrd'] == ['(hd0,msdos1)/initramfs-4.18.0-513.24.1.el8_9.x86_64.img', '/tuned-initrd.img'], D['initrd']
assert E[2]['cmdline'] == '$K8 console=hvc0', E[2]['cmdline']
"
boot_check rhel8-boot "$work/rhel8.img" \
	"pvboot: initrd (hd0,msdos1)/initramfs-4.18.0-513.24.1.el8_9.x86_64.img: 4096 bytes" \
	"pvboot: initrd (hd0,msdos1)/tuned-initrd.img: 4096 bytes" \
	"pvboot: command line: $K8 console=hvc0 skew_tick=1"
cp "$work/rhel8.img" "$work/rhel8-rw.img"
env_check rhel8-boot-indeterminate "$work/rhel8-rw.img" $BS $BN /grub2/grubenv boot_success=0 boot_indeterminate=2

# The same /boot with RHEL 9's grub.cfg (14_menu_show_once): file names
# decide, so the image's old machine id sorts first.
mkdir -p "$work/fx"
cp -r "$MENU_FIXTURES/rhel8" "$work/fx/rhel8-newgrub"
cp "$MENU_FIXTURES/rhel9/grub2/grub.cfg" "$work/fx/rhel8-newgrub/grub2/grub.cfg"
cp -r "$MENU_FIXTURES/rhel8" "$work/fx/rhel8-noenv"
rm "$work/fx/rhel8-noenv/grub2/grubenv.in"
saved=$MENU_FIXTURES MENU_FIXTURES=$work/fx
menu_image rhel8-newgrub "$work/rhel8-newgrub.img" dos
menu_image rhel8-noenv "$work/rhel8-noenv.img" dos
MENU_FIXTURES=$saved
menu_check rhel8-filename-order "$work/rhel8-newgrub.img" "
assert I == ['$OLD-4.18.0-80.el8.x86_64', '$OLD-0-rescue', '$NEW-4.18.0-513.24.1.el8_9.x86_64'], I
assert m['default'] == 2, 'saved_entry still wins'
"
menu_check rhel8-no-grubenv "$work/rhel8-noenv.img" "
# grub.cfg's fallback kernelopts; \$tuned_* unset: gone, not passed on
assert D['cmdline'] == '$K8 rhgb quiet', D['cmdline']
assert D['initrd'] == ['(hd0,msdos1)/initramfs-4.18.0-513.24.1.el8_9.x86_64.img'], D['initrd']
assert m['default'] == 0 and 'matches no entry' not in m['default_reason']
"

# ---- Fedora 39 (BLS on gpt2, kernelopts in grubenv): boot it
files_for "$work/f39.files" /vmlinuz-6.5.6-300.fc39.x86_64 /initramfs-6.5.6-300.fc39.x86_64.img
menu_image fedora39 "$work/fedora39.img" gpt "$work/f39.files"
boot_check fedora39-boot "$work/fedora39.img" \
	"pvboot: kernel (hd0,gpt2)/vmlinuz-6.5.6-300.fc39.x86_64: $(stat -c %s "$kernel") bytes" \
	"pvboot: command line: root=UUID=$ROOT_UUID ro console=hvc0 rhgb quiet"

# ---- Ubuntu 22.04: recordfail saved by the booted entry's body
files_for "$work/u.files" /vmlinuz-5.15.0-89-generic /initrd.img-5.15.0-89-generic
menu_image ubuntu2204 "$work/ubuntu.img" dos "$work/u.files"
menu_check ubuntu-menu-saves "$work/ubuntu.img" "
# recordfail is each entry's own (its body calls it), not the menu's
assert m['saves'] == {} and m['grubenv'] == '/grub/grubenv', (m['saves'], m['grubenv'])
assert all(e['saves'] == {'recordfail': '1'} for e in E), [e['saves'] for e in E]
"
boot_check ubuntu-boot "$work/ubuntu.img" \
	"pvboot: command line: root=UUID=$ROOT_UUID ro quiet splash vt.handoff=7" \
	"pvboot: not saving to grubenv: /grub/grubenv: xvda is read-only"
env_check ubuntu-recordfail "$work/ubuntu.img" $BS $BN /grub/grubenv recordfail=1

# ---- BLS without grub.cfg: grubenv's variables, loader.conf's default and timeout
menu_image blsonly "$work/blsonly.img" whole
M=5c0ffee5c0ffee5c0ffee5c0ffee5c0f
menu_check bls-without-grubcfg "$work/blsonly.img" "
assert m['config'] == '/boot/loader/entries', m['config']
assert I == ['$M-6.11.4-101.fc39.x86_64', '$M-6.5.6-300.fc39.x86_64'], I
assert m['default'] == 1 and 'loader.conf' in m['default_reason'], m['default_reason']
assert m['timeout'] == 4
assert D['cmdline'] == 'root=UUID=$ROOT_UUID ro console=hvc0 nohz=on', D['cmdline']
assert D['kernel'] == '(hd0)/boot/vmlinuz-6.5.6-300.fc39.x86_64', D['kernel']
"

echo "bls: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
