/*
 * Hardware virtualization as the rest of the hypervisor sees it. AMD SVM
 * implements it today (hv/arch/x86_64/svm*.c); Intel VMX would implement
 * the same three calls beside it.
 */
#ifndef HV_VIRT_H
#define HV_VIRT_H

#include <stdint.h>

/* How dom0 starts: 32-bit flat protected mode, paging off (Linux's 32-bit boot entry). */
struct dom0_entry {
	uint32_t eip;
	uint32_t esi;             /* boot_params */
	uint32_t gdt_base;        /* a GDT in dom0 RAM with flat code at 0x10, data at 0x18 */
	uint16_t gdt_limit;
};

/* Can this machine run guests? 0, or -ENODEV with the reason logged (once). */
int virt_probe(void);
/* Enable virtualization on the calling CPU (host save area, host state). */
int virt_cpu_enable(void);
/*
 * Hold this CPU's NMIs pending (live patching's text writes); returns
 * whether it did, to pass to virt_nmi_release. A no-op (0) where
 * virtualization is not enabled: the NMI handler is print-free and
 * .text.nopatch only, so it never runs code being rewritten.
 */
int virt_nmi_hold(void);
void virt_nmi_release(int held);
/* Build dom0's nested tables up to `top` and run it on this CPU; never returns. */
void virt_run_dom0(const struct dom0_entry *e, uint64_t top) __attribute__((noreturn));

#endif
