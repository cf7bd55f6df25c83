#!/usr/bin/env bash
# Fetch Debian 12's real kernels (generic: xz payload; cloud: lz4 payload)
# into the download cache and print the paths of their vmlinuz files, one
# per line: "generic PATH" and "cloud PATH".  Uses `apt-get download` (no
# install, no root needed for the download itself) and caches everything in
# ${PVBOOT_CACHE:-~/.cache/pvboot}, outside the tree.
set -euo pipefail
cache=${PVBOOT_CACHE:-$HOME/.cache/pvboot}
debs=$cache/debs
kern=$cache/kernels
mkdir -p "$debs" "$kern"

# The versioned package a metapackage points at (linux-image-6.1.0-NN-...).
resolve() {
	apt-cache depends "$1" 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}'
}

fetch_one() { # flavour metapackage
	local flavour=$1 meta=$2 pkg deb tmp
	pkg=$(resolve "$meta")
	if [ -z "$pkg" ]; then
		# Package lists not fetched yet on this machine.
		apt-get update -qq >/dev/null 2>&1 || true
		pkg=$(resolve "$meta")
	fi
	[ -n "$pkg" ] || { echo "cannot resolve $meta with apt-cache" >&2; return 1; }
	deb=$(ls "$debs/${pkg}"_*.deb 2>/dev/null | head -1 || true)
	if [ -z "$deb" ]; then
		tmp=$(mktemp -d "$debs/.dl.XXXXXX")
		(cd "$tmp" && apt-get download -qq "$pkg" >/dev/null)
		for f in "$tmp"/*.deb; do
			[ -e "$debs/$(basename "$f")" ] || mv "$f" "$debs/"
		done
		rm -rf "$tmp"
		deb=$(ls "$debs/${pkg}"_*.deb | head -1)
	fi
	local out=$kern/$(basename "$deb" .deb).vmlinuz
	if [ ! -s "$out" ]; then
		tmp=$(mktemp -d "$kern/.x.XXXXXX")
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" --wildcards './boot/vmlinuz-*'
		mv "$tmp"/boot/vmlinuz-* "$out.tmp.$$" && mv "$out.tmp.$$" "$out"
		rm -rf "$tmp"
	fi
	echo "$flavour $out"
}

fetch_one generic linux-image-amd64
fetch_one cloud linux-image-cloud-amd64
