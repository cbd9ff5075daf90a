/*
 * Which physical memory the hypervisor owns. dom0 is given every RAM page
 * that is not listed here; nested paging never maps a listed page into it,
 * and hypercall buffers may not touch one (guest_mem.c checks dom0's RAM,
 * which excludes them by construction).
 */
#ifndef HV_HVMEM_H
#define HV_HVMEM_H

#include <stdbool.h>
#include <stdint.h>

/* Record [lo, hi) (page aligned) as the hypervisor's; `what` names it in the log. */
void hvmem_claim(uint64_t lo, uint64_t hi, const char *what);
bool hvmem_owns(uint64_t pa);
/* Does [lo, hi) overlap anything the hypervisor owns? */
bool hvmem_overlaps(uint64_t lo, uint64_t hi);
/* The i-th claimed range, in address order; false past the last one. */
bool hvmem_range(unsigned i, uint64_t *lo, uint64_t *hi);
void hvmem_log(void);

#endif
