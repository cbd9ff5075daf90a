/* The hypervisor ELF, carried inside the stub's .data. */
	.section .data.hvimage, "aw"
	.balign 4096
	.globl hv_image_start, hv_image_end
hv_image_start:
	.incbin HV_IMAGE
hv_image_end:
	.section .note.GNU-stack, "", @progbits
