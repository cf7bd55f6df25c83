#!/usr/bin/env bash
# Seeds for fuzz_kernel that parse all the way: ELF images carrying Xen's
# notes, so mutations reach the note parser and the PV and PVH plans (a
# real bzImage's payload is too big to unpack on every run).  One made here
# by the assembler: every note a Linux or loader image uses, PHYS32_ENTRY
# and PHYS32_RELOC included; and pvboot's own loader ELF when it is built.
set -euo pipefail
out=$1/fuzz_kernel
build=${PVBOOT_BUILD:-$(cd "$(dirname "$0")/../../.." && pwd)/build}
mkdir -p "$out"
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
cat >"$w/notes.S" <<'ASM'
	.macro xennote type, payload:vararg
	.section .note.Xen,"a",@note
	.balign 4
	.long 2f - 1f, 4f - 3f, \type
1:	.asciz "Xen"
2:	.balign 4
3:	\payload
4:	.balign 4
	.endm
	xennote 6, .asciz "linux"
	xennote 7, .asciz "2.6"
	xennote 5, .asciz "xen-3.0"
	xennote 3, .quad 0
	xennote 4, .quad 0
	xennote 1, .quad _start
	xennote 2, .quad hypercall_page
	xennote 10, .asciz "!writable_page_tables|pae_pgdir_above_4gb"
	xennote 17, .long 0x801
	xennote 9, .asciz "yes"
	xennote 8, .asciz "generic"
	xennote 13, .quad 0xffffffffffffffff, 0x1
	xennote 12, .quad 0xffff800000000000
	xennote 18, .long _start
	xennote 19, .long 0x200000, 0x1000000, 0x40000000
	.text
	.globl _start
_start:	hlt
	.balign 4096
hypercall_page:
	.fill 4096, 1, 0xc3
	.data
	.fill 8192, 1, 0x5a
ASM
if gcc -c "$w/notes.S" -o "$w/notes.o" &&
   ld -static -nostdlib --build-id=none -z max-page-size=4096 -Ttext=0x1000000 -e _start \
      -o "$w/notes.elf" "$w/notes.o"; then
	cp "$w/notes.elf" "$out/xen-notes.elf"
fi
if [ -f "$build/pv/pvboot-x86_64.elf" ]; then
	strip --strip-all -o "$out/pvboot.elf" "$build/pv/pvboot-x86_64.elf"
fi
