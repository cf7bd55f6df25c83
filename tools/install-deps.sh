#!/usr/bin/env bash
# Install everything pvboot needs to build, test and run its end-to-end
# testbed, from Debian's package registry only. Idempotent; needs root.
set -euo pipefail
PKGS=(
  build-essential clang lld llvm libclang-rt-14-dev
  libxen-dev
  zlib1g-dev libbz2-dev liblzma-dev libzstd-dev liblz4-dev liblzo2-dev
  libseccomp-dev  # pvboot-inspect confines itself with seccomp (tools/inspect/sandbox.c)
  libcmocka-dev libext2fs-dev e2fsprogs btrfs-progs xfsprogs
  fdisk gdisk util-linux dosfstools mtools xorriso genisoimage isolinux syslinux-common
  gzip bzip2 xz-utils lzma lzop lz4 zstd
  qemu-system-x86 cpio busybox-static dpkg-dev binutils
  debhelper lintian man-db  # the Debian packages (debian/, tests/package/) and the man pages' check
  python3
  gnu-efi ovmf systemd-boot-efi grub-efi-amd64-bin sbsigntool openssl bc  # the EFI image, its OVMF tests and the EFI loaders it chain-loads
  grub-common  # grub-editenv: the oracle for grubenv edited in place as save_env edits it
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep "install ok installed" >/dev/null || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
