/*
 * The VMRUN loop. Every iteration starts from the top of the CPU's stack,
 * so softirqs (and with them the live-patch rendezvous) run with nothing
 * of the hypervisor below them, and a patched exit handler takes effect
 * at the next exit. VMRUN does not switch FS/GS/TR/LDTR and the syscall
 * MSRs: the guest's are saved and the host's restored with vmsave/vmload
 * before any C code runs or GIF is set (NMIs use %gs and IST stacks).
 * In .text.nopatch: this code is on every exit path.
 */
#include "svm.h"

	.section .text.nopatch, "ax"
	.globl svm_run_loop
	.type svm_run_loop, @function
svm_run_loop:
	mov	%gs:8, %rsp             /* percpu->stack_top */
	sub	$16, %rsp
	mov	%rdi, (%rsp)            /* the vcpu, at a fixed slot */
	xor	%ebp, %ebp
.Lloop:
	cli
	call	do_softirq
	clgi
	/* A kick that came after do_softirq: take it before entering. */
	call	softirq_work_pending
	test	%eax, %eax
	jz	1f
	stgi
	jmp	.Lloop
1:	mov	(%rsp), %rax
	mov	VCPU_REGS+0*8(%rax), %rbx
	mov	VCPU_REGS+1*8(%rax), %rcx
	mov	VCPU_REGS+2*8(%rax), %rdx
	mov	VCPU_REGS+3*8(%rax), %rsi
	mov	VCPU_REGS+4*8(%rax), %rdi
	mov	VCPU_REGS+5*8(%rax), %rbp
	mov	VCPU_REGS+6*8(%rax), %r8
	mov	VCPU_REGS+7*8(%rax), %r9
	mov	VCPU_REGS+8*8(%rax), %r10
	mov	VCPU_REGS+9*8(%rax), %r11
	mov	VCPU_REGS+10*8(%rax), %r12
	mov	VCPU_REGS+11*8(%rax), %r13
	mov	VCPU_REGS+12*8(%rax), %r14
	mov	VCPU_REGS+13*8(%rax), %r15
	mov	VCPU_VMCB_PA(%rax), %rax
	vmload	%rax
	vmrun	%rax
	/* #VMEXIT: host RAX (the VMCB) and RSP are back, GIF is 0. */
	vmsave	%rax
	mov	(%rsp), %rax
	mov	%rbx, VCPU_REGS+0*8(%rax)
	mov	%rcx, VCPU_REGS+1*8(%rax)
	mov	%rdx, VCPU_REGS+2*8(%rax)
	mov	%rsi, VCPU_REGS+3*8(%rax)
	mov	%rdi, VCPU_REGS+4*8(%rax)
	mov	%rbp, VCPU_REGS+5*8(%rax)
	mov	%r8, VCPU_REGS+6*8(%rax)
	mov	%r9, VCPU_REGS+7*8(%rax)
	mov	%r10, VCPU_REGS+8*8(%rax)
	mov	%r11, VCPU_REGS+9*8(%rax)
	mov	%r12, VCPU_REGS+10*8(%rax)
	mov	%r13, VCPU_REGS+11*8(%rax)
	mov	%r14, VCPU_REGS+12*8(%rax)
	mov	%r15, VCPU_REGS+13*8(%rax)
	mov	VCPU_HOST_VMCB_PA(%rax), %rax
	vmload	%rax
	xor	%ebp, %ebp
	mov	(%rsp), %rdi
	call	svm_handle_exit
	jmp	.Lloop
	.size svm_run_loop, . - svm_run_loop

	.section .note.GNU-stack, "", @progbits
