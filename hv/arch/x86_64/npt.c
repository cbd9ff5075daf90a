/*
 * dom0's nested page tables: guest-physical equals host-physical, with
 * large pages wherever a whole 2 MiB is dom0's or MMIO, and 4 KiB pages
 * around hypervisor memory so that not one hypervisor frame is reachable.
 * Nested page-table walks are user accesses: every entry carries U/S.
 */
#include <string.h>
#include <hv/errno.h>
#include <hv/hvmem.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include "npt.h"

#define NP_P    (1ull << 0)
#define NP_W    (1ull << 1)
#define NP_U    (1ull << 2)
#define NP_PS   (1ull << 7)
#define NP_ADDR 0x000ffffffffff000ull
#define TWO_MB  0x200000ull
#define NP_TABLE (NP_P | NP_W | NP_U)

static uint64_t *root;

static uint64_t *new_table(void)
{
	uint64_t pa = alloc_pages(1, 1);

	return pa ? phys_to_virt(pa) : NULL;
}

/* The table below entry e, creating it; NULL when out of memory or e is a leaf. */
static uint64_t *next_table(uint64_t *e)
{
	uint64_t *t;

	if (*e & NP_P)
		return (*e & NP_PS) ? NULL : phys_to_virt(*e & NP_ADDR);
	if (!(t = new_table()))
		return NULL;
	*e = (uint64_t)t | NP_TABLE;
	return t;
}

static uint64_t *pde_of(uint64_t gpa)
{
	uint64_t *t = root;

	for (int level = 4; level > 2 && t; level--)
		t = next_table(&t[(gpa >> (12 + 9 * (level - 1))) & 511]);
	return t ? &t[(gpa >> 21) & 511] : NULL;
}

static uint64_t leaf_flags(unsigned perm)
{
	return NP_P | NP_U | ((perm & NPT_W) ? NP_W : 0);
}

/* Replace a 2 MiB leaf by a table of 512 4 KiB pages with the same mapping. */
static uint64_t *split(uint64_t *pde)
{
	uint64_t *pt, base, flags;

	if ((*pde & NP_P) && !(*pde & NP_PS))
		return phys_to_virt(*pde & NP_ADDR);
	if (!(pt = new_table()))
		return NULL;
	if (*pde & NP_P) {
		base = *pde & NP_ADDR & ~(TWO_MB - 1);
		flags = *pde & (NP_P | NP_W | NP_U);
		for (unsigned i = 0; i < 512; i++)
			pt[i] = (base + i * PAGE_SIZE) | flags;
	}
	*pde = (uint64_t)pt | NP_TABLE;
	return pt;
}

int npt_map_4k(uint64_t gpa, uint64_t hpa, unsigned perm)
{
	uint64_t *pde = pde_of(gpa), *pt;

	if (!pde || !(pt = split(pde))) {
		pr_err("npt: no memory to map guest frame %#llx\n", (unsigned long long)gpa);
		return -ENOMEM;
	}
	pt[(gpa >> 12) & 511] = (hpa & NP_ADDR) | leaf_flags(perm);
	return 0;
}

/* A 2 MiB block with hypervisor frames in it: 4 KiB pages, those left out. */
static int map_mixed(uint64_t *pde, uint64_t base)
{
	uint64_t *pt = new_table();

	if (!pt)
		return -ENOMEM;
	for (unsigned i = 0; i < 512; i++) {
		uint64_t pa = base + i * PAGE_SIZE;

		pt[i] = hvmem_owns(pa) ? 0 : pa | leaf_flags(NPT_W);
	}
	*pde = (uint64_t)pt | NP_TABLE;
	return 0;
}

uint64_t npt_build_identity(uint64_t top)
{
	if (!(root = new_table()))
		return 0;
	for (uint64_t base = 0; base < top; base += TWO_MB) {
		uint64_t *pde = pde_of(base);

		if (!pde)
			return 0;
		if (hvmem_overlaps(base, base + TWO_MB)) {
			if (map_mixed(pde, base))
				return 0;
		} else {
			*pde = base | leaf_flags(NPT_W) | NP_PS;
		}
	}
	printk("npt: dom0 mapped 1:1 up to %llu GiB, hypervisor frames left out\n",
	       (unsigned long long)(top >> 30));
	return (uint64_t)root;
}
