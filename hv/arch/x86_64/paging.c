/*
 * The hypervisor's page tables, replacing the stub's all-RWX ones:
 * the image with per-section permissions (text RX, rodata R, data RW NX),
 * RAM direct-mapped 1:1 RW NX without the image and payload pool, page 0
 * unmapped to catch NULL dereferences. CR0.WP makes ring 0 obey R/O.
 */
#include <stdbool.h>
#include <string.h>
#include <hv/errno.h>
#include <hv/hvmem.h>
#include <hv/image.h>
#include <hv/mm.h>
#include <hv/paging.h>
#include <hv/printk.h>
#include <hv/x86.h>

#define PTE_P   (1ull << 0)
#define PTE_W   (1ull << 1)
#define PTE_PS  (1ull << 7)
#define PTE_G   (1ull << 8)
#define PTE_NX  (1ull << 63)
#define ADDR    0x000ffffffffff000ull
#define TWO_MB  0x200000ull

static uint64_t *pml4;
static uint64_t excl_lo[2], excl_hi[2];   /* direct-map holes: image, payload pool */

static uint64_t pte_flags(unsigned perm)
{
	uint64_t f = PTE_P | PTE_G;

	if (perm & PG_W)
		f |= PTE_W;
	if (!(perm & PG_X))
		f |= PTE_NX;
	return f;
}

static uint64_t *table_at(uint64_t *t, unsigned idx, bool create)
{
	if (!(t[idx] & PTE_P)) {
		uint64_t pa;

		if (!create || !(pa = alloc_pages(1, 1)))
			return NULL;
		t[idx] = pa | PTE_P | PTE_W;
	}
	if (t[idx] & PTE_PS)
		return NULL;
	return phys_to_virt(t[idx] & ADDR);
}

static uint64_t *pte_of(uint64_t va, bool create)
{
	uint64_t *t = pml4;

	for (int level = 4; level > 1 && t; level--)
		t = table_at(t, (va >> (12 + 9 * (level - 1))) & 511, create);
	return t ? &t[(va >> 12) & 511] : NULL;
}

int paging_map(uint64_t va, uint64_t pa, unsigned perm)
{
	uint64_t *pte = pte_of(va, true);

	if (!pte) {
		pr_err("paging: no page table for %#llx\n", (unsigned long long)va);
		return -ENOMEM;
	}
	*pte = pa | pte_flags(perm);
	invlpg(va);
	return 0;
}

int paging_protect(uint64_t va, unsigned perm)
{
	uint64_t *pte = pte_of(va, false);

	if (!pte || !(*pte & PTE_P)) {
		pr_err("paging: %#llx is not mapped\n", (unsigned long long)va);
		return -EFAULT;
	}
	*pte = (*pte & ADDR) | pte_flags(perm);
	invlpg(va);
	return 0;
}

void paging_unmap(uint64_t va)
{
	uint64_t *pte = pte_of(va, false);

	if (pte) {
		*pte = 0;
		invlpg(va);
	}
}

uint64_t paging_virt_to_phys(uint64_t va)
{
	uint64_t *pte = pte_of(va, false);

	return pte && (*pte & PTE_P) ? (*pte & ADDR) | (va & (PAGE_SIZE - 1)) : 0;
}

uint64_t paging_root(void)
{
	return (uint64_t)pml4;
}

static bool excluded(uint64_t pa)
{
	for (int i = 0; i < 2; i++)
		if (pa >= excl_lo[i] && pa < excl_hi[i])
			return true;
	return false;
}

/* The first 2 MiB in 4 KiB pages: page 0 absent, the trampoline may become X. */
static void map_low_2m(void)
{
	for (uint64_t pa = PAGE_SIZE; pa < TWO_MB; pa += PAGE_SIZE)
		if (paging_map(pa, pa, PG_W))
			panic("paging: cannot map low memory\n");
}

static void map_direct(uint64_t top)
{
	map_low_2m();
	for (uint64_t pa = TWO_MB; pa < top; pa += TWO_MB) {
		uint64_t *pd = pml4;

		if (excluded(pa))
			continue;
		for (int level = 4; level > 2; level--)
			pd = table_at(pd, (pa >> (12 + 9 * (level - 1))) & 511, true);
		if (!pd)
			panic("paging: no memory for the direct map\n");
		pd[(pa >> 21) & 511] = pa | PTE_P | PTE_W | PTE_PS | PTE_NX | PTE_G;
	}
}

static unsigned image_perm(uint64_t va)
{
	if (va >= (uint64_t)_stext && va < (uint64_t)_etext)
		return PG_X;
	if (va >= (uint64_t)_srodata && va < (uint64_t)_erodata)
		return PG_R;
	return PG_W;
}

static void map_image(const struct hv_bootinfo *bi)
{
	for (uint64_t off = 0; off < bi->image_size; off += PAGE_SIZE) {
		uint64_t va = bi->image_virt + off;

		if (va >= (uint64_t)_end)
			break;
		if (paging_map(va, bi->image_phys + off, image_perm(va)))
			panic("paging: cannot map the image\n");
	}
}

static void enable_protection(void)
{
	uint32_t r[4];

	cpuid(0x80000001, 0, r);
	if (!(r[3] & (1u << 20)))
		panic("paging: the CPU has no NX bit; W^X cannot be enforced\n");
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	write_cr0(read_cr0() | CR0_WP);
	write_cr4(read_cr4() | (1u << 7));   /* PGE: keep global kernel mappings */
}

int paging_identity_exec(uint64_t pa)
{
	return paging_protect(pa, PG_X);
}

/* The leaf entry for va at any level (4 KiB or 2 MiB), or 0. */
static uint64_t leaf_of(uint64_t va)
{
	uint64_t *t = pml4, e = 0;

	for (int level = 4; level >= 1; level--) {
		e = t[(va >> (12 + 9 * (level - 1))) & 511];
		if (!(e & PTE_P))
			return 0;
		if (level == 1 || (e & PTE_PS))
			return e;
		t = phys_to_virt(e & ADDR);
	}
	return e;
}

/*
 * Walk what we just built: no image page may be writable and executable,
 * and no image page may have a writable alias in the direct map.
 */
static void check_wx(const struct hv_bootinfo *bi)
{
	unsigned bad = 0, alias = 0;

	for (uint64_t va = bi->image_virt; va < (uint64_t)_end; va += PAGE_SIZE) {
		uint64_t e = leaf_of(va);

		if ((e & PTE_W) && !(e & PTE_NX))
			bad++;
		if (leaf_of(bi->image_phys + (va - bi->image_virt)))
			alias++;
	}
	if (bad || alias)
		panic("paging: %u image pages writable and executable, %u aliased in the direct map\n",
		      bad, alias);
	printk("paging: W^X verified over the image (%llu pages)\n",
	       (unsigned long long)(((uint64_t)_end - bi->image_virt) / PAGE_SIZE));
}

void paging_init(const struct hv_bootinfo *bi)
{
	uint64_t pa = alloc_pages(1, 1);

	if (!pa)
		panic("paging: no page for the root table\n");
	pml4 = phys_to_virt(pa);
	excl_lo[0] = bi->image_phys;
	excl_hi[0] = bi->image_phys + bi->image_size;
	hvmem_claim(excl_lo[0], excl_hi[0], "image");
	enable_protection();
	map_direct(page_alloc_top() > (4ull << 30) ? page_alloc_top() : (4ull << 30));
	map_image(bi);
	write_cr3(pa);
	check_wx(bi);
	printk("paging: own tables at %#llx: text RX, rodata R, data RW NX, RAM 1:1 NX\n",
	       (unsigned long long)pa);
}

void paging_exclude(uint64_t lo, uint64_t hi)
{
	excl_lo[1] = lo;
	excl_hi[1] = hi;
}
