/*
 * The list of physical ranges the hypervisor keeps for itself, kept
 * sorted and merged so that the e820 map and the nested page tables built
 * from it are exact and small.
 */
#include <hv/hvmem.h>
#include <hv/mm.h>
#include <hv/printk.h>

#define HVMEM_MAX 64

struct hv_range {
	uint64_t lo, hi;
};

static struct hv_range ranges[HVMEM_MAX];
static unsigned nr;

static void merge_at(unsigned i)
{
	while (i + 1 < nr && ranges[i + 1].lo <= ranges[i].hi) {
		if (ranges[i + 1].hi > ranges[i].hi)
			ranges[i].hi = ranges[i + 1].hi;
		for (unsigned j = i + 1; j + 1 < nr; j++)
			ranges[j] = ranges[j + 1];
		nr--;
	}
}

void hvmem_claim(uint64_t lo, uint64_t hi, const char *what)
{
	unsigned i;

	lo &= ~(PAGE_SIZE - 1);
	hi = (hi + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	if (lo >= hi)
		return;
	for (i = 0; i < nr && ranges[i].lo <= lo; i++)
		;
	if (i && ranges[i - 1].hi >= lo) {
		if (hi > ranges[i - 1].hi)
			ranges[i - 1].hi = hi;
		merge_at(i - 1);
		return;
	}
	if (nr == HVMEM_MAX)
		panic("hvmem: more than %u separate hypervisor ranges (adding %s)\n", HVMEM_MAX,
		      what);
	for (unsigned j = nr; j > i; j--)
		ranges[j] = ranges[j - 1];
	ranges[i].lo = lo;
	ranges[i].hi = hi;
	nr++;
	merge_at(i);
}

bool hvmem_overlaps(uint64_t lo, uint64_t hi)
{
	for (unsigned i = 0; i < nr; i++)
		if (lo < ranges[i].hi && hi > ranges[i].lo)
			return true;
	return false;
}

bool hvmem_owns(uint64_t pa)
{
	return hvmem_overlaps(pa, pa + 1);
}

bool hvmem_range(unsigned i, uint64_t *lo, uint64_t *hi)
{
	if (i >= nr)
		return false;
	*lo = ranges[i].lo;
	*hi = ranges[i].hi;
	return true;
}

void hvmem_log(void)
{
	uint64_t total = 0;

	for (unsigned i = 0; i < nr; i++) {
		printk("hvmem: [%#llx, %#llx)\n", (unsigned long long)ranges[i].lo,
			 (unsigned long long)ranges[i].hi);
		total += ranges[i].hi - ranges[i].lo;
	}
	printk("hvmem: the hypervisor owns %llu KiB in %u range(s); the rest of RAM is dom0's\n",
	       (unsigned long long)(total >> 10), nr);
}
