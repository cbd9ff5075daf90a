/*
 * Targets for the Xen-compatibility payloads (tests/unit/test_xen_compat.c),
 * in asm so their bytes, and so what a NOP of them leaves, are known.
 */
#include "compat_targets.h"

/*
 * int lp_nop_long(int x): x + 109, the first 31 bytes (Xen's longest NOP)
 * adding to x: 8 x "addl $1,%edi" (24), "addq $1,%rdi" (4), "addl $100,%edi"
 * (3). NOPed, it returns x; any shorter NOP cuts an instruction in half.
 */
__asm__(".text\n"
	".globl lp_nop_long\n.type lp_nop_long,@function\n"
	".p2align 4\n"
	"lp_nop_long:\n"
	"	.rept 8\n	addl $1, %edi\n	.endr\n"
	"	addq $1, %rdi\n"
	"	addl $100, %edi\n"
	"	movl %edi, %eax\n"
	"	ret\n"
	"	.fill 48 - (. - lp_nop_long), 1, 0xcc\n"
	".size lp_nop_long, 48\n"
	/* void lp_minor_store(int *out): *out = 8; Xen's xen_nop NOPs all but the ret. */
	".globl lp_minor_store\n.type lp_minor_store,@function\n"
	".p2align 4\n"
	"lp_minor_store:\n"
	"	movl $8, (%rdi)\n"
	"	ret\n"
	".size lp_minor_store, 7\n");
