/* Loading dom0's Linux kernel (the x86 boot protocol; arch/x86_64/linux_boot.c). */
#ifndef HV_LINUX_BOOT_H
#define HV_LINUX_BOOT_H

#include <stdint.h>
#include <hv/bootinfo.h>
#include <hv/virt.h>

/*
 * Place the kernel, write boot_params and the e820 map, register dom0's
 * RAM with guest_mem; *top is the end of the physical map dom0 needs.
 * 0, or a negative errno with the reason logged (nothing started).
 */
int linux_boot_prepare(const struct hv_bootinfo *bi, struct dom0_entry *e, uint64_t *top);

#endif
