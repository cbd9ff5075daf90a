/* The hypervisor's own page tables (hv/arch/x86_64/paging.c). */
#ifndef HV_PAGING_H
#define HV_PAGING_H

#include <stdint.h>
#include <hv/bootinfo.h>

#define PG_R  0u      /* present, read-only, no execute */
#define PG_W  1u
#define PG_X  2u

void paging_init(const struct hv_bootinfo *bi);
/* Map, change and drop 4 KiB pages in the high half; return 0 or -errno. */
int paging_map(uint64_t va, uint64_t pa, unsigned perm);
int paging_protect(uint64_t va, unsigned perm);
void paging_unmap(uint64_t va);
/* Physical address behind va, or 0 when unmapped. */
uint64_t paging_virt_to_phys(uint64_t va);
uint64_t paging_root(void);
/* Make one direct-map page executable (the AP trampoline). */
int paging_identity_exec(uint64_t pa);

/* Leave [lo, hi) (2 MiB aligned) out of the direct map; before paging_init. */
void paging_exclude(uint64_t lo, uint64_t hi);

#endif
