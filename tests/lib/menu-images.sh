# Guest disk images holding the distribution-shaped boot configurations of
# tests/fixtures/menus, made without root (mke2fs -d, sfdisk, dd).  Sourced
# by tests/check/40-menus.sh and by the end-to-end cases.
#   menu_image FIXTURE IMAGE whole          one ext4 filesystem on the disk
#   menu_image FIXTURE IMAGE dos|gpt        /boot (the fixture) on its own
#                                           partition (msdos1 / gpt2), root next
#   menu_image FIXTURE IMAGE LAYOUT DIR     the same, with DIR's files added to
#                                           the fixture's (kernels, initrds)
MENU_FIXTURES=$(cd "$(dirname "${BASH_SOURCE[0]}")/../fixtures/menus" && pwd)
ROOT_UUID=3f1d2c4b-5a69-4788-9a0b-c1d2e3f4a5b6
BOOT_UUID=7e8f9a0b-1c2d-4e3f-8a5b-6c7d8e9f0a1b

# Copy a fixture, fill in UUIDs, turn grubenv.in into a 1024-byte block.
menu_stage() { # fixture dest
	rm -rf "$2"
	cp -r "$MENU_FIXTURES/$1" "$2"
	find "$2" -type f | while read -r f; do
		sed -i "s/@ROOT_UUID@/$ROOT_UUID/g; s/@BOOT_UUID@/$BOOT_UUID/g" "$f"
		case $f in *grubenv.in)
			python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); open(sys.argv[2],"wb").write(d+b"#"*(1024-len(d)))' \
				"$f" "${f%.in}"
			rm "$f";;
		esac
	done
}

menu_image() { # fixture image whole|dos|gpt [extra-dir]
	local fixture=$1 disk=$2 layout=$3 tmp
	tmp=$(mktemp -d "${disk}.XXXXXX")
	menu_stage "$fixture" "$tmp/boot"
	[ -z "${4:-}" ] || cp -a "$4"/. "$tmp/boot/"
	if [ "$layout" = whole ]; then
		rm -f "$disk"
		mke2fs -q -F -t ext4 -U "$ROOT_UUID" -d "$tmp/boot" "$disk" 32M >/dev/null 2>&1
		rm -rf "$tmp"
		return
	fi
	mkdir -p "$tmp/root/etc"
	echo "root fs of $fixture" > "$tmp/root/etc/hostname"
	rm -f "$disk"; truncate -s 96M "$disk"
	local bootstart rootstart
	if [ "$layout" = dos ]; then
		printf 'label: dos\nstart=2048, size=40960, type=83\nstart=43008, size=81920, type=83\n' | sfdisk -q "$disk" >/dev/null
		bootstart=2048 rootstart=43008
	else
		printf 'label: gpt\nstart=2048, size=2048, type=21686148-6449-6E6F-744E-656564454649\nstart=4096, size=40960\nstart=45056, size=81920\n' | sfdisk -q "$disk" >/dev/null
		bootstart=4096 rootstart=45056
	fi
	mke2fs -q -F -t ext4 -U "$BOOT_UUID" -d "$tmp/boot" "$tmp/boot.fs" 20M >/dev/null 2>&1
	mke2fs -q -F -t ext4 -U "$ROOT_UUID" -d "$tmp/root" "$tmp/root.fs" 40M >/dev/null 2>&1
	dd if="$tmp/boot.fs" of="$disk" bs=512 seek=$bootstart conv=notrunc status=none
	dd if="$tmp/root.fs" of="$disk" bs=512 seek=$rootstart conv=notrunc status=none
	rm -rf "$tmp"
}
