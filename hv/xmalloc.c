/*
 * The heap: power-of-two size classes from 32 bytes to 2 KiB carved out of
 * pages, and whole pages for anything larger. A 16-byte header in front
 * of every block says which, so xfree() needs no size.
 */
#include <stdint.h>
#include <string.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <hv/errno.h>
#include <stdlib.h>

#define MIN_SHIFT 5
#define MAX_SHIFT 11
#define HDR 16

struct free_block {
	struct free_block *next;
};

static struct free_block *free_list[MAX_SHIFT + 1];
static spinlock_t lock;

static unsigned class_of(size_t total)
{
	unsigned s = MIN_SHIFT;

	while ((1ul << s) < total)
		s++;
	return s;
}

static int refill(unsigned s)
{
	uint64_t pa = alloc_pages(1, 1);
	uint8_t *page;

	if (!pa)
		return -ENOMEM;
	page = phys_to_virt(pa);
	for (size_t off = 0; off + (1ul << s) <= PAGE_SIZE; off += 1ul << s) {
		struct free_block *b = (void *)(page + off);

		b->next = free_list[s];
		free_list[s] = b;
	}
	return 0;
}

static void *small_alloc(unsigned s)
{
	uint64_t flags = spin_lock_irqsave(&lock);
	struct free_block *b;

	if (!free_list[s] && refill(s)) {
		spin_unlock_irqrestore(&lock, flags);
		return NULL;
	}
	b = free_list[s];
	free_list[s] = b->next;
	spin_unlock_irqrestore(&lock, flags);
	*(uint64_t *)b = s;
	return (uint8_t *)b + HDR;
}

static void *large_alloc(size_t total)
{
	uint64_t n = (total + PAGE_SIZE - 1) / PAGE_SIZE;
	uint64_t pa = alloc_pages(n, 1);
	uint64_t *h;

	if (!pa)
		return NULL;
	h = phys_to_virt(pa);
	h[0] = 0;
	h[1] = n;
	return (uint8_t *)h + HDR;
}

static void *xmalloc(size_t size)
{
	size_t total = size + HDR;

	if (size > (1ul << 32)) {
		pr_err("xmalloc: refusing %zu bytes\n", size);
		return NULL;
	}
	return total <= (1ul << MAX_SHIFT) ? small_alloc(class_of(total)) : large_alloc(total);
}

void *xzalloc(size_t size)
{
	void *p = xmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void xfree(void *p)
{
	uint64_t *h, flags, cls;
	struct free_block *b;

	if (!p)
		return;
	h = (uint64_t *)((uint8_t *)p - HDR);
	if (h[0] == 0) {
		free_pages((uint64_t)h, h[1]);
		return;
	}
	/* The class lives where the free-list link goes. */
	cls = h[0];
	if (cls < MIN_SHIFT || cls > MAX_SHIFT) {
		pr_err("xfree: %p is not a heap block (header %#llx)\n", p, (unsigned long long)cls);
		return;
	}
	b = (struct free_block *)h;
	flags = spin_lock_irqsave(&lock);
	b->next = free_list[cls];
	free_list[cls] = b;
	spin_unlock_irqrestore(&lock, flags);
}

/* For header-only libraries (xxHash) that expect malloc/free. */
void *malloc(size_t size)
{
	return xmalloc(size);
}

void free(void *p)
{
	xfree(p);
}
