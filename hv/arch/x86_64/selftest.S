/*
 * Functions with a fixed layout for the regression payloads
 * (tests/hv/payloads/): xen_nop NOPs the 5-byte call at the start of
 * xen_nop_probe; xen_too_small targets the 1-byte xen_tiny.
 * xen_nop_probe returns the number of counted calls so far.
 */
	.text
	.globl xen_nop_probe
	.type xen_nop_probe, @function
xen_nop_probe:
	call	nop_probe_count
	movl	nop_probe_calls(%rip), %eax
	ret
	.size xen_nop_probe, . - xen_nop_probe

	.type nop_probe_count, @function
nop_probe_count:
	incl	nop_probe_calls(%rip)
	ret
	.size nop_probe_count, . - nop_probe_count

	.globl xen_tiny
	.type xen_tiny, @function
xen_tiny:
	ret
	.size xen_tiny, . - xen_tiny

	.bss
	.balign 4
nop_probe_calls:
	.skip 4

	.section .note.GNU-stack, "", @progbits
