/*
 * Hypervisor entry points: the BSP's first instruction, the AP 64-bit
 * entry and the exception/interrupt stubs. All of it is in .text.nopatch:
 * a payload must never redirect the code that runs with no stack to
 * spare or while the rendezvous holds the CPUs.
 */
	.section .text.nopatch, "ax"

/* From the stub: %rdi = boot info (physical, identity-mapped). */
	.globl _start
_start:
	lea	boot_stack_top(%rip), %rsp
	xor	%ebp, %ebp
	call	hv_start
1:	cli
	hlt
	jmp	1b
	.type _start, @function
	.size _start, . - _start

/* From the trampoline, in long mode on our tables: %rsp = the CPU's stack. */
	.globl ap_entry64
ap_entry64:
	xor	%ebp, %ebp
	call	smp_ap_main
1:	cli
	hlt
	jmp	1b
	.type ap_entry64, @function
	.size ap_entry64, . - ap_entry64


	.altmacro
	.macro stub v
	.balign 16
trap_stub_\v:
	.if !(\v == 8 || (\v >= 10 && \v <= 14) || \v == 17 || \v == 21 || \v == 29 || \v == 30)
	pushq	$0
	.endif
	pushq	$\v
	jmp	trap_common
	.endm

	.set i, 0
	.rept 256
	stub %i
	.set i, i + 1
	.endr

	.type trap_common, @function
trap_common:
	cld
	push	%rax
	push	%rbx
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%rbp
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, %rdi
	/* Frame chain for the backtrace: the interrupted rbp/rip. */
	mov	%rsp, %rbp
	call	trap_handler
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rbp
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rbx
	pop	%rax
	add	$16, %rsp
	iretq
	.size trap_common, . - trap_common

	.macro stubaddr v
	.quad	trap_stub_\v
	.endm

	.section .rodata, "a"
	.balign 8
	.globl trap_stubs
trap_stubs:
	.set i, 0
	.rept 256
	stubaddr %i
	.set i, i + 1
	.endr

	.section .bss
	.balign 16
boot_stack:
	.skip 16384
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
