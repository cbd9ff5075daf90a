/*
 * Payload memory. A pool of CONFIG_LIVEPATCH_REGION_MB, physically
 * contiguous and mapped linearly at LP_REGION_VIRT (512 MiB above text,
 * so rel32 reaches), is the only place payload bytes live. It is absent from
 * the direct map: payload text has no writable alias. Allocation is a
 * bump pointer plus a list of freed ranges; retired ranges (code that ran)
 * are unmapped and never reused.
 */
#include <stdbool.h>
#include <hv/bootinfo.h>
#include <hv/errno.h>
#include <hv/livepatch_host.h>
#include <hv/mm.h>
#include <hv/paging.h>
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <hv/tlb.h>
#include "livepatch/host.h"

#define MAX_FREE 64
#define TWO_MB   0x200000ull
/*
 * The direct map leaves out whole 2 MiB pages, so the reservation is
 * rounded up to them: otherwise pages past an odd-sized pool would stay
 * allocatable yet be missing from the direct map.
 */
#define POOL_RESERVED ((LP_REGION_SIZE + TWO_MB - 1) & ~(TWO_MB - 1))

struct range {
	uint64_t off, size;
};

static uint64_t pool_phys, bump;
static struct range freed[MAX_FREE];
static unsigned nfreed;
static spinlock_t lock;

int livepatch_mem_init(void)
{
	pool_phys = alloc_pages(POOL_RESERVED / PAGE_SIZE, TWO_MB / PAGE_SIZE);
	if (!pool_phys) {
		pr_err("livepatch: cannot reserve the %u MiB payload pool\n",
		       CONFIG_LIVEPATCH_REGION_MB);
		return -ENOMEM;
	}
	paging_exclude(pool_phys, pool_phys + POOL_RESERVED);
	return 0;
}

static int take_range(uint64_t size, uint64_t *off)
{
	for (unsigned i = 0; i < nfreed; i++) {
		if (freed[i].size < size)
			continue;
		*off = freed[i].off;
		freed[i].off += size;
		freed[i].size -= size;
		if (!freed[i].size)
			freed[i] = freed[--nfreed];
		return 0;
	}
	if (LP_REGION_SIZE - bump < size)
		return -ENOSPC;
	*off = bump;
	bump += size;
	return 0;
}

static int map_range(uint64_t off, uint64_t size)
{
	for (uint64_t o = 0; o < size; o += PAGE_SIZE) {
		int rc = paging_map(LP_REGION_VIRT + off + o, pool_phys + off + o, PG_W);

		if (rc)
			return rc;
	}
	return 0;
}

static void unmap_range(uint64_t off, uint64_t size)
{
	for (uint64_t o = 0; o < size; o += PAGE_SIZE)
		paging_unmap(LP_REGION_VIRT + off + o);
}

int lp_host_mem_alloc(size_t size, struct lp_mem *mem)
{
	uint64_t flags, off;
	int rc;

	/* Checked before rounding up, which would wrap a size near SIZE_MAX to 0. */
	if (size > LP_REGION_SIZE) {
		pr_err("livepatch: %zu bytes of payload exceed the %u MiB region\n", size,
		       CONFIG_LIVEPATCH_REGION_MB);
		return -ENOSPC;
	}
	size = (size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	flags = spin_lock_irqsave(&lock);
	rc = pool_phys ? take_range(size, &off) : -ENODEV;
	spin_unlock_irqrestore(&lock, flags);
	if (rc) {
		pr_err("livepatch: no room for %zu bytes of payload in the %u MiB region\n",
		       size, CONFIG_LIVEPATCH_REGION_MB);
		return rc;
	}
	rc = map_range(off, size);
	if (rc) {
		unmap_range(off, size);
		return rc;
	}
	mem->write = (uint8_t *)(LP_REGION_VIRT + off);
	mem->run = LP_REGION_VIRT + off;
	mem->size = size;
	mem->host_cookie = NULL;
	for (size_t i = 0; i < size; i++)
		mem->write[i] = 0;
	pr_debug("livepatch: payload memory [%#llx, +%#zx)\n", (unsigned long long)mem->run, size);
	return 0;
}

int lp_host_mem_protect(struct lp_mem *mem, size_t off, size_t len, unsigned perms)
{
	unsigned pg = (perms & LP_PERM_W ? PG_W : 0) | (perms & LP_PERM_X ? PG_X : 0);

	if ((perms & LP_PERM_W) && (perms & LP_PERM_X)) {
		pr_err("livepatch: refusing a writable and executable payload mapping\n");
		return -EPERM;
	}
	if ((off | len) & (PAGE_SIZE - 1) || off > mem->size || len > mem->size - off) {
		pr_err("livepatch: protect [%#zx, +%#zx) outside or unaligned in %#zx\n", off, len,
		       mem->size);
		return -EINVAL;
	}
	for (size_t o = 0; o < len; o += PAGE_SIZE) {
		int rc = paging_protect(mem->run + off + o, pg);

		if (rc)
			return rc;
	}
	return 0;
}

void lp_host_mem_free(struct lp_mem *mem)
{
	uint64_t flags, off = mem->run - LP_REGION_VIRT;
	bool lost = false;

	unmap_range(off, mem->size);
	tlb_flush_all();
	flags = spin_lock_irqsave(&lock);
	if (off + mem->size == bump)
		bump = off;
	else if (nfreed < MAX_FREE)
		freed[nfreed++] = (struct range){ off, mem->size };
	else
		lost = true;
	spin_unlock_irqrestore(&lock, flags);
	if (lost)
		pr_warn("livepatch: free list full (%u ranges); %#zx bytes of payload memory lost\n",
			MAX_FREE, mem->size);
}

void lp_host_mem_retire(struct lp_mem *mem)
{
	/* The range stays allocated forever: a stale return address may point here. */
	unmap_range(mem->run - LP_REGION_VIRT, mem->size);
	tlb_flush_all();
}

size_t lp_host_page_size(void)
{
	return PAGE_SIZE;
}
