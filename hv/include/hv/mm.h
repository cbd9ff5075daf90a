/*
 * Memory layout and allocators.
 *
 * Virtual layout: -mcmodel=kernel (hypervisor and payloads) needs every
 * symbol in the top 2 GiB, so unlike Xen's 0xffff82d040000000 we use:
 *   HV_VIRT_START    the image (text, rodata, data, bss), up to 512 MiB
 *   LP_REGION_VIRT   payload memory, 512 MiB above: rel32 and 32S reach
 *   ALIAS_VIRT       the page through which text is written (never X)
 * RAM is direct-mapped 1:1 in the low half (virt == phys), RW and NX,
 * except the image and the payload pool, which are only reachable through
 * their own mappings so no writable alias of code exists.
 */
#ifndef HV_MM_H
#define HV_MM_H

#include <stddef.h>
#include <stdint.h>
#include <hv/bootinfo.h>

#define PAGE_SIZE       4096ull
#define PAGE_SHIFT      12
#define HV_VIRT_START   0xffffffff80000000ull
#define LP_REGION_VIRT  0xffffffffa0000000ull
#define LP_REGION_SIZE  ((uint64_t)CONFIG_LIVEPATCH_REGION_MB << 20)
#define ALIAS_VIRT      0xffffffff7ff00000ull

/* page_alloc.c: physical pages, from the EFI memory map */
void page_alloc_init(const struct hv_bootinfo *bi);
uint64_t alloc_pages(uint64_t n, uint64_t align_pages);
void free_pages(uint64_t pa, uint64_t n);
/* End of RAM the hypervisor uses or was handed by the stub. */
uint64_t page_alloc_top(void);

/* xmalloc.c: the heap, in the direct map */
void *xzalloc(size_t size);
void xfree(void *p);

static inline void *phys_to_virt(uint64_t pa)
{
	return (void *)pa;
}

#endif
