/*
 * AP start-up: real mode -> protected mode -> long mode on the BSP's page
 * tables -> the hypervisor's ap_entry64. Copied to the page below 1 MiB
 * the stub reserved; position independent (it learns its base from %cs),
 * except tr_cr3, which smp.c fills in before making the page RX.
 * The AP takes its per-CPU pointer from ap_boot_percpu after paging is
 * on, and its stack from that area.
 */
	.section .rodata.trampoline, "a"
	.balign 16
	.globl trampoline_start, trampoline_end, trampoline_cr3
	.code16
trampoline_start:
	cli
	cld
	mov	%cs, %ax
	mov	%ax, %ds
	xor	%ebx, %ebx
	mov	%cs, %bx
	shl	$4, %ebx                          /* physical base */
	lea	(tr_gdt - trampoline_start)(%ebx), %eax
	mov	%eax, (tr_gdtr + 2 - trampoline_start)
	lea	(tr32 - trampoline_start)(%ebx), %eax
	mov	%eax, (tr_far32 - trampoline_start)
	lea	(tr64 - trampoline_start)(%ebx), %eax
	mov	%eax, (tr_far64 - trampoline_start)
	lgdtl	(tr_gdtr - trampoline_start)
	mov	%cr0, %eax
	or	$1, %eax
	mov	%eax, %cr0
	ljmpl	*(tr_far32 - trampoline_start)

	.code32
tr32:
	mov	$0x10, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	mov	%cr4, %eax
	or	$0xa0, %eax                       /* PAE, PGE */
	mov	%eax, %cr4
	mov	(trampoline_cr3 - trampoline_start)(%ebx), %eax
	mov	%eax, %cr3
	mov	$0xc0000080, %ecx
	rdmsr
	or	$0x900, %eax                      /* LME, NXE */
	wrmsr
	mov	%cr0, %eax
	or	$0x80010001, %eax                 /* PG, WP, PE */
	mov	%eax, %cr0
	ljmpl	*(tr_far64 - trampoline_start)(%ebx)

	.code64
tr64:
	/*
	 * Claim the hand-over slot. A CPU that answers after smp.c gave up on
	 * it finds the slot empty (or holding a later CPU's area, which it then
	 * takes over whole) and can never share another CPU's stack.
	 */
	movabs	$ap_boot_percpu, %rax
	xor	%edi, %edi
	xchg	%rdi, (%rax)
	test	%rdi, %rdi
	jz	tr_park
	mov	8(%rdi), %rsp                     /* struct percpu.stack_top */
	movabs	$ap_entry64, %rax
	jmp	*%rax
tr_park:
	cli
	hlt
	jmp	tr_park

	.balign 8
tr_gdt:
	.quad	0
	.quad	0x00cf9a000000ffff                /* 0x08: 32-bit code */
	.quad	0x00cf92000000ffff                /* 0x10: data */
	.quad	0x00af9a000000ffff                /* 0x18: 64-bit code */
tr_gdtr:
	.word	4 * 8 - 1
	.long	0
tr_far32:
	.long	0
	.word	0x08
tr_far64:
	.long	0
	.word	0x18
	.balign 4
trampoline_cr3:
	.long	0
trampoline_end:

	.section .note.GNU-stack, "", @progbits
