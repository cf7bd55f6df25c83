#!/usr/bin/env bash
# Seeds for the configuration parsers: the distribution-shaped fixtures.
set -euo pipefail
out=$1
fix=$(cd "$(dirname "$0")/../.." && pwd)/fixtures/menus
mkdir -p "$out/fuzz_grubcfg" "$out/fuzz_menulst" "$out/fuzz_bls"
n=0
for f in $(find "$fix" -name grub.cfg); do cp "$f" "$out/fuzz_grubcfg/cfg$((n++))"; done
for f in $(find "$fix" -name menu.lst); do cp "$f" "$out/fuzz_menulst/lst$((n++))"; done
for f in $(find "$fix" -name '*.conf' -o -name 'grubenv.in'); do cp "$f" "$out/fuzz_bls/e$((n++))"; done
# blscfg's own corners: a tab-separated key, a blank line ending the file,
# ${x} and \$x (not variables), $default_kernelopts and early_initrd
# fallbacks; a loader.conf default glob over an entry id (fuzz_bls reads
# its first line as a pattern).
printf 'title\tT a\nlinux\t/k\ninitrd /a $tuned_initrd /b\n\noptions never\n' >"$out/fuzz_bls/quirk-tab-blank"
printf 'title x\nlinux /k-$kernelopts\noptions ${kernelopts} \\$kernelopts $k q$t$e_\ndevicetree $d\n' >"$out/fuzz_bls/quirk-vars"
printf '[!a-c]*-6.?.*\nffff-6.5.6-300.fc39.x86_64.conf\n' >"$out/fuzz_bls/glob"
printf 'version 5.14.0-362.8.1.el9_3.x86_64~rc1\nlinux /vmlinuz\ngrub_users $grub_users\n#c\n  options a;b|c&&d\n' >"$out/fuzz_bls/quirk-script"
# SUSE's btrfs path rules (menu/grubcfg_btrfs.c; the fuzz target's hd0 is
# btrfs): relative paths, $btrfs_subvol / $btrfs_subvolid, mounted
# subvolumes and the default subvolume, as grub2-mkconfig and snapper's
# plugin write them.
cat >"$out/fuzz_grubcfg/btrfs-relative" <<'CFG'
menuentry a { linux /boot/vmlinuz }
set btrfs_relative_path=y
menuentry b { linux /boot/vmlinuz
 initrd ($root)/boot/initrd }
menuentry c { set btrfs_relative_path=n; linux /boot/vmlinuz }
menuentry d { btrfs_relative_path=1; linux /vmlinuz }
menuentry f { btrfs_subvol=/@/.snapshots/2/snapshot; linux /boot/vmlinuz }
menuentry g { btrfs_subvolid=259; linux /boot/vmlinuz }
menuentry h { btrfs_subvol=; linux /boot/vmlinuz }
CFG
cat >"$out/fuzz_grubcfg/btrfs-mounts" <<'CFG'
btrfs-mount-subvol ($root) /.snapshots /@/.snapshots
set btrfs_relative_path=y
btrfs-mount-subvol ($root) /.snapshots /@/.snapshots
menuentry a { btrfs_relative_path=n; linux /.snapshots/k }
menuentry b { linux /.snapshots/k }
menuentry c { linux /.snapshotsX/k }
menuentry e { btrfs-mount-subvol ($root) /boot @; linux /boot/k }
btrfs-mount-subvol ($root) /boot /nosubvol
btrfs-get-default-subvol -p -o dflt ($root)
btrfs-get-default-subvol -i -o dfid ($root)
menuentry "$dflt $dfid" { true; }
CFG
cat >"$out/fuzz_grubcfg/btrfs-snapper" <<'CFG'
set btrfs_relative_path=y
menuentry top { linux /boot/vmlinuz }
btrfs-mount-subvol ($root) /.snapshots @/.snapshots
submenu 'Start bootloader from a read-only snapshot' {
  if [ -f /.snapshots/2/snapshot/boot/grub2/grub.cfg ]; then
    saved_subvol=$btrfs_subvol
    menuentry 'snap 2' /.snapshots/2/snapshot /@/.snapshots/2/snapshot {
      btrfs_subvol="$3"
      extra_cmdline="rootflags=subvol=$3"
      export extra_cmdline
      snapshot_num=2
      export snapshot_num
      configfile "$2/boot/grub2/grub.cfg"
      btrfs_subvol=$saved_subvol
    }
  fi
}
menuentry last { linux /boot/vmlinuz root=x ${extra_cmdline} }
CFG
