/*
 * Physical page allocator: one bit per page up to the top of RAM, set
 * when the page is in use or not RAM. First fit with an alignment, which
 * is all the hypervisor needs (page tables, heap, payload pool).
 * Memory below 1 MiB is never handed out: AP start-up and firmware live
 * there.
 */
#include <stdbool.h>
#include <string.h>
#include <hv/hvmem.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <hv/spinlock.h>

static uint64_t *bitmap;
static uint64_t nr_pages, free_count, hint;
static spinlock_t lock;

static bool used(uint64_t pfn)
{
	return bitmap[pfn / 64] & (1ull << (pfn % 64));
}

static void set_range(uint64_t pfn, uint64_t n, bool in_use)
{
	for (uint64_t i = pfn; i < pfn + n && i < nr_pages; i++) {
		if (in_use && !used(i))
			bitmap[i / 64] |= 1ull << (i % 64), free_count--;
		else if (!in_use && used(i))
			bitmap[i / 64] &= ~(1ull << (i % 64)), free_count++;
	}
}

static bool usable(uint32_t type)
{
	return type == HV_EFI_CONVENTIONAL || type == HV_EFI_BS_CODE || type == HV_EFI_BS_DATA;
}

/*
 * What the stub handed over (boot info, modules, memory map) is never
 * allocated but must stay reachable: the direct map ends at page_alloc_top().
 */
static bool in_direct_map(uint32_t type)
{
	return usable(type) || type == HV_EFI_LOADER_CODE || type == HV_EFI_LOADER_DATA;
}

static void place_bitmap(const struct hv_bootinfo *bi, uint64_t bytes)
{
	const struct hv_efi_md *md;

	FOR_EACH_MD(bi, md) {
		if (usable(md->type) && md->phys >= 0x100000 && md->pages * PAGE_SIZE >= bytes) {
			bitmap = phys_to_virt(md->phys);
			return;
		}
	}
	panic("page_alloc: no region can hold the %llu-byte page bitmap\n",
	      (unsigned long long)bytes);
}

/*
 * The hypervisor keeps CONFIG_HV_MEM_MB of free RAM, taken from the top so
 * that dom0 gets the low, contiguous memory a Linux kernel wants; every
 * free page below the cut is dom0's and never allocated here.
 */
static void keep_budget(void)
{
	uint64_t want = (uint64_t)CONFIG_HV_MEM_MB << (20 - PAGE_SHIFT), kept = 0;
	uint64_t pfn = nr_pages, run_hi = 0;

	while (pfn-- > 256) {
		if (!used(pfn) && kept < want) {
			if (!run_hi)
				run_hi = pfn + 1;
			kept++;
			continue;
		}
		if (run_hi)
			hvmem_claim((pfn + 1) * PAGE_SIZE, run_hi * PAGE_SIZE, "heap");
		run_hi = 0;
		set_range(pfn, 1, true);
	}
	if (run_hi)
		hvmem_claim((pfn + 1) * PAGE_SIZE, run_hi * PAGE_SIZE, "heap");
	if (kept < want)
		pr_warn("page_alloc: only %llu MiB free for the hypervisor (CONFIG_HV_MEM_MB %u); "
			"it may run out of memory\n",
			(unsigned long long)(kept >> 8), CONFIG_HV_MEM_MB);
}

void page_alloc_init(const struct hv_bootinfo *bi)
{
	const struct hv_efi_md *md;
	uint64_t top = 0, bytes;

	FOR_EACH_MD(bi, md)
		if (in_direct_map(md->type) && md->phys + md->pages * PAGE_SIZE > top)
			top = md->phys + md->pages * PAGE_SIZE;
	nr_pages = top / PAGE_SIZE;
	bytes = (nr_pages + 63) / 64 * 8;
	place_bitmap(bi, bytes);
	memset(bitmap, 0xff, bytes);
	free_count = 0;
	FOR_EACH_MD(bi, md) {
		if (!usable(md->type))
			continue;
		uint64_t lo = md->phys / PAGE_SIZE, n = md->pages;

		if (lo < 256)
			n = lo + n > 256 ? n - (256 - lo) : 0, lo = 256;
		set_range(lo, n, false);
	}
	set_range((uint64_t)bitmap / PAGE_SIZE, (bytes + PAGE_SIZE - 1) / PAGE_SIZE, true);
	hvmem_claim((uint64_t)bitmap, (uint64_t)bitmap + bytes, "page bitmap");
	keep_budget();
	hint = 256;
	printk("page_alloc: %llu MiB free of %llu MiB address space\n",
	       (unsigned long long)(free_count >> 8), (unsigned long long)(nr_pages >> 8));
}

static uint64_t find_run(uint64_t from, uint64_t n, uint64_t align)
{
	uint64_t pfn = (from + align - 1) / align * align;

	while (pfn + n <= nr_pages) {
		uint64_t i = 0;

		while (i < n && !used(pfn + i))
			i++;
		if (i == n)
			return pfn;
		pfn = (pfn + i + 1 + align - 1) / align * align;
	}
	return 0;
}

uint64_t alloc_pages(uint64_t n, uint64_t align_pages)
{
	uint64_t flags = spin_lock_irqsave(&lock), pfn;

	if (!align_pages)
		align_pages = 1;
	pfn = find_run(hint, n, align_pages);
	if (!pfn)
		pfn = find_run(256, n, align_pages);
	if (pfn) {
		set_range(pfn, n, true);
		if (align_pages == 1)
			hint = pfn + n;
	}
	spin_unlock_irqrestore(&lock, flags);
	if (!pfn) {
		pr_err("page_alloc: no run of %llu free pages (%llu free)\n",
		       (unsigned long long)n, (unsigned long long)free_count);
		return 0;
	}
	memset(phys_to_virt(pfn * PAGE_SIZE), 0, n * PAGE_SIZE);
	return pfn * PAGE_SIZE;
}

void free_pages(uint64_t pa, uint64_t n)
{
	uint64_t flags = spin_lock_irqsave(&lock);

	set_range(pa / PAGE_SIZE, n, false);
	if (pa / PAGE_SIZE < hint)
		hint = pa / PAGE_SIZE;
	spin_unlock_irqrestore(&lock, flags);
}

uint64_t page_alloc_top(void)
{
	return nr_pages * PAGE_SIZE;
}
