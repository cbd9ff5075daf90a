/* Ordinary C functions the hosted tests patch and call. */
#include "image.h"

volatile int lp_side_count;
/* Read by the small targets so each is big enough to hold a 5-byte jump. */
volatile int lp_zero;
volatile int lp_hook_log[32];
volatile int lp_hook_pos;

NOINLINE int lp_target_add(int a, int b)
{
	return a + b + lp_zero;
}

NOINLINE int lp_target_mul(int a, int b)
{
	return a * b + lp_zero;
}

NOINLINE int lp_target_const(void)
{
	return 1 + lp_zero;
}

NOINLINE void lp_side_effect(void)
{
	lp_side_count++;
}

/* Set by tests to run their own code at the moment a payload hook records itself. */
void (*volatile lp_hook_observer)(int code);

NOINLINE void lp_hook_record(int code)
{
	if (lp_hook_pos < 32)
		lp_hook_log[lp_hook_pos++] = code;
	if (lp_hook_observer)
		lp_hook_observer(code);
}

__attribute__((noipa, section(".text.nopatch"))) int lp_core_function(void)
{
	return 42;
}

/*
 * Byte-exact targets. Padded to 16 bytes so a 5-byte jump fits and the
 * symbol sizes cover what the payloads expect.
 */
__asm__(
	".text\n"
	".globl lp_asm_target\n.type lp_asm_target,@function\n"
	".p2align 4\n"
	"lp_asm_target:\n"
	"	movl $1, %eax\n"
	"	ret\n"
	"	.fill 10, 1, 0xcc\n"
	".size lp_asm_target, 16\n"
	".globl lp_nop_target\n.type lp_nop_target,@function\n"
	".p2align 4\n"
	"lp_nop_target:\n"
	"	call lp_side_effect\n"
	"	movl $7, %eax\n"
	"	ret\n"
	"	.fill 5, 1, 0xcc\n"
	".size lp_nop_target, 16\n"
	".globl lp_tiny\n.type lp_tiny,@function\n"
	".p2align 4\n"
	"lp_tiny:\n"
	"	xorl %eax, %eax\n"
	"	ret\n"
	".size lp_tiny, 3\n");
