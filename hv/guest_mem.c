/*
 * Bounds-checked access to dom0's RAM for hypercall arguments. dom0 passes
 * guest-physical addresses; anything not wholly inside a range the domain
 * builder registered (so also anything of the hypervisor's, which is never
 * given to dom0) is refused before a byte moves.
 */
#include <stdbool.h>
#include <string.h>
#include <hv/errno.h>
#include <hv/guest_mem.h>
#include <hv/mm.h>
#include <hv/printk.h>

#define GUEST_MEM_MAX_RANGES 64

struct guest_range {
	uint64_t start;
	uint64_t end;  /* exclusive */
};

static struct guest_range ranges[GUEST_MEM_MAX_RANGES];
static unsigned nr_ranges;

int guest_mem_add(uint64_t gpa, uint64_t size)
{
	if (!size || (gpa | size) & (PAGE_SIZE - 1) || gpa + size < gpa) {
		pr_err("guest_mem: range %#llx+%#llx is empty, unaligned or wraps\n",
		       (unsigned long long)gpa, (unsigned long long)size);
		return -EINVAL;
	}
	if (nr_ranges == GUEST_MEM_MAX_RANGES) {
		pr_err("guest_mem: more than %u dom0 RAM ranges\n", GUEST_MEM_MAX_RANGES);
		return -ENOSPC;
	}
	ranges[nr_ranges].start = gpa;
	ranges[nr_ranges].end = gpa + size;
	nr_ranges++;
	return 0;
}

/* Ranges may be registered adjacent to each other: walk across them. */
bool guest_mem_ok(uint64_t gpa, uint64_t len)
{
	uint64_t end = gpa + len;

	if (end < gpa)
		return false;
	while (gpa < end) {
		unsigned i;

		for (i = 0; i < nr_ranges; i++)
			if (gpa >= ranges[i].start && gpa < ranges[i].end)
				break;
		if (i == nr_ranges)
			return false;
		gpa = ranges[i].end;
	}
	return true;
}

int guest_copy_from(void *dst, uint64_t gpa, uint64_t len)
{
	if (!guest_mem_ok(gpa, len))
		return -EFAULT;
	memcpy(dst, phys_to_virt(gpa), len);
	return 0;
}

int guest_copy_to(uint64_t gpa, const void *src, uint64_t len)
{
	if (!guest_mem_ok(gpa, len))
		return -EFAULT;
	memcpy(phys_to_virt(gpa), src, len);
	return 0;
}
