/* The hypervisor's side of hv/livepatch/host.h, as setup code sees it. */
#ifndef HV_LIVEPATCH_HOST_H
#define HV_LIVEPATCH_HOST_H

#include <stdint.h>

struct hv_bootinfo;

/* Reserve the payload pool; before paging_init so the direct map omits it. */
int livepatch_mem_init(void);
/* Apply the boot-time payloads (livepatch= on the command line). */
void livepatch_boot_list(const struct hv_bootinfo *bi);
/* Interrupt vector handler that makes a CPU look for live-patch work. */
void livepatch_kick_init(void);

/* The softirq/VMEXIT path's quiescent point: ends grace periods (livepatch_grace.c). */
void grace_quiescent(void);

#endif
