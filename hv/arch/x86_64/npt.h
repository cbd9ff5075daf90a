/* Nested page tables for dom0 (arch-internal: SVM today, EPT-shaped later). */
#ifndef HV_ARCH_NPT_H
#define HV_ARCH_NPT_H

#include <stdbool.h>
#include <stdint.h>

#define NPT_R 0u
#define NPT_W 1u

/*
 * Map [0, top) 1:1 with 2 MiB pages; pages the hypervisor owns
 * (hv/hvmem.h) are left not present, at 4 KiB granularity.
 * Returns the root's physical address, or 0 when out of memory.
 */
uint64_t npt_build_identity(uint64_t top);
/* Map one 4 KiB guest frame; the 2 MiB page around it is split if needed. */
int npt_map_4k(uint64_t gpa, uint64_t hpa, unsigned perm);

#endif
