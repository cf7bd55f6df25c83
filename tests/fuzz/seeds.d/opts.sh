#!/usr/bin/env bash
# Seeds for the Dom0 parameter parser: what admins put in xl's extra=.
set -euo pipefail
out=$1/fuzz_opts
mkdir -p "$out"
printf '%s' 'pvboot.entry="Advanced options>Debian" pvboot.append="console=hvc0 quiet" pvboot.timeout=-1' >"$out/p0"
printf '%s' 'pvboot.config=(hd1,gpt2)/boot/grub/grub.cfg pvboot.disk=xvdb pvboot.debug xen_grub_env_mode="a b" it\\'"'"'s' >"$out/p1"
printf '%s' 'pvboot.cmdline=console=hvc0 pvboot.entry=2 pvboot.noboot pvboot.chained=1 root=/dev/xvda1' >"$out/p2"
printf '%s' '"pvboot.append=a b" pvboot.timeout=99999999999 pvboot.unknown=1 "unterminated' >"$out/p3"
