#!/usr/bin/env bash
# Distribution-shaped boot configurations (tests/fixtures/menus) on real
# ext4 images, some with /boot on its own partition, read back through
# `pvboot-inspect IMAGE menu --json` and checked against what GRUB would
# show: titles in order, the default and its kernel, initrds and command
# line.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${PVBOOT_BUILD:?}
inspect=$build/host/pvboot-inspect
fix=$here/fixtures/menus
work=$build/menus
mkdir -p "$work"
pass=0 fail=0
. "$here/lib/menu-images.sh"
whole() { menu_image "$1" "$2" whole; }
split() { menu_image "$1" "$2" "$3"; }

check() { # name image python-assertions
	local out
	if ! out=$("$inspect" "$2" menu --json 2>&1); then
		echo "FAIL $1: $out"; fail=$((fail + 1)); return
	fi
	if msg=$(python3 -c "
import json, sys
m = json.loads(sys.argv[1])
E = m['entries']
T = [(e['submenu'] + '>' if e['submenu'] else '') + e['title'] for e in E]
D = E[m['default']] if m['default'] >= 0 else None
$3
print('%d entries, default %d: %s' % (len(E), m['default'], T[m['default']]))
" "$out" 2>&1); then
		echo "PASS $1: $msg"; pass=$((pass + 1))
	else
		echo "FAIL $1: $msg"; echo "$out" | head -c 2000; echo; fail=$((fail + 1))
	fi
}

R=$ROOT_UUID B=$BOOT_UUID
whole debian12 "$work/debian12.img"
check debian12 "$work/debian12.img" "
assert m['config'] == '/boot/grub/grub.cfg' and m['device'] == 'hd0', m['config']
assert T == ['Debian GNU/Linux',
  'Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux 6.1.0-56-amd64',
  'Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux 6.1.0-56-amd64 (recovery mode)',
  'Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux 6.1.0-55-amd64'], T
assert m['default'] == 0 and m['timeout'] == 5
assert D['kernel'] == '/boot/vmlinuz-6.1.0-56-amd64' and D['initrd'] == ['/boot/initrd.img-6.1.0-56-amd64']
assert D['cmdline'] == 'root=UUID=$R ro quiet', D['cmdline']
assert E[2]['cmdline'] == 'root=UUID=$R ro single'
assert D['root'] == 'hd0', D['root']
"

split ubuntu2204 "$work/ubuntu2204.img" dos 1
check ubuntu2204-separate-boot "$work/ubuntu2204.img" "
assert m['config'] == '/grub/grub.cfg' and m['device'] == 'hd0,msdos1'
assert len(E) == 4 and T[0] == 'Ubuntu' and T[3] == 'Advanced options for Ubuntu>Ubuntu, with Linux 5.15.0-89-generic', T
assert m['default'] == 3, 'saved_entry id path must pick 5.15.0-89'
assert D['kernel'] == '/vmlinuz-5.15.0-89-generic' and D['root'] == 'hd0,msdos1'
assert D['cmdline'] == 'root=UUID=$R ro quiet splash vt.handoff=7', D['cmdline']
assert m['timeout'] == 0
"

split fedora39 "$work/fedora39.img" gpt 2
check fedora39-blscfg "$work/fedora39.img" "
assert m['config'] == '/grub2/grub.cfg' and m['device'] == 'hd0,gpt2'
assert [e['title'] for e in E] == ['Fedora Linux (6.11.4-101.fc39.x86_64) 39 (Cloud Edition)',
  'Fedora Linux (6.5.6-300.fc39.x86_64) 39 (Cloud Edition)',
  'Fedora Linux (0-rescue-8a3f6c4e0f0b4f6d9c2a1e5b7d8c9f01) 39 (Cloud Edition)'], T
assert m['default'] == 1, 'saved_entry names the 6.5.6 BLS id'
assert D['cmdline'] == 'root=UUID=$R ro console=hvc0 rhgb quiet', D['cmdline']
# blscfg's entry script: linux (\$root)/vmlinuz-..., initrd (\$root)/initramfs-...
assert D['kernel'] == '(hd0,gpt2)/vmlinuz-6.5.6-300.fc39.x86_64', D['kernel']
assert D['initrd'] == ['(hd0,gpt2)/initramfs-6.5.6-300.fc39.x86_64.img'], D['initrd']
assert E[0]['cmdline'].startswith('root=UUID=$R ro rootflags=subvol=root')
"

split opensuse156 "$work/opensuse156.img" gpt 2
check opensuse156 "$work/opensuse156.img" "
assert m['config'] == '/boot/grub2/grub.cfg'
assert len(E) == 3 and T[0] == 'openSUSE Leap 15.6', T
assert m['default'] == 0 and m['timeout'] == 8
assert D['cmdline'] == 'root=UUID=$R splash=silent resume=/dev/disk/by-uuid/$R preempt=full mitigations=auto quiet security=apparmor', D['cmdline']
assert D['initrd'] == ['/boot/initrd-6.4.0-150600.23.7-default']
"

split centos6 "$work/centos6.img" dos 1
check centos6-menulst "$work/centos6.img" "
assert m['config'] == '/grub/menu.lst' and m['device'] == 'hd0,msdos1'
assert [e['title'] for e in E] == ['CentOS (2.6.32-754.35.1.el6.x86_64)', 'CentOS 6 (2.6.32-754.el6.x86_64)']
assert m['default'] == 1 and m['timeout'] == 5
assert D['root'] == 'hd0,msdos1' and D['kernel'] == '/vmlinuz-2.6.32-754.el6.x86_64'
assert D['cmdline'].endswith('console=hvc0 rd_NO_DM') and D['initrd'] == ['/initramfs-2.6.32-754.el6.x86_64.img']
"

whole amazon "$work/amazon.img"
check amazon-pvgrub-menulst "$work/amazon.img" "
assert m['config'] == '/boot/grub/menu.lst'
assert len(E) == 2 and m['default'] == 0 and m['timeout'] == 0
assert D['root'] == 'hd0' and D['kernel'] == '/boot/vmlinuz-3.14.19-17.43.amzn1.x86_64'
assert D['cmdline'] == 'root=LABEL=/ console=hvc0 LANG=en_US.UTF-8 KEYTABLE=us'
"

# No configuration at all: a clear message, exit status 1.
mkdir -p "$work/empty.tree/etc"
mke2fs -q -F -t ext4 -d "$work/empty.tree" "$work/empty.img" 16M >/dev/null 2>&1
out=$("$inspect" "$work/empty.img" menu 2>&1); rc=$?
if [ $rc -eq 1 ] && grep -q "no boot configuration found" <<<"$out"; then
	echo "PASS no-config: $out"; pass=$((pass + 1))
else
	echo "FAIL no-config: rc=$rc $out"; fail=$((fail + 1))
fi

echo "menus: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
