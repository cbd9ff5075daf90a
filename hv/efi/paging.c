/*
 * The page tables the hypervisor starts on: low memory identity mapped
 * with 2 MiB pages (the stub, boot info and modules stay reachable) and
 * the hypervisor image at its link address with 4 KiB pages. Everything
 * is writable and executable; the hypervisor builds its own W^X tables.
 */
#include "stub.h"

#define PTE_P  1ull
#define PTE_W  2ull
#define PTE_PS 0x80ull
#define ADDR_MASK 0x000ffffffffff000ull

static EFI_STATUS next_table(UINT64 *table, UINTN idx, UINT64 **out)
{
	UINT64 page;

	if (!(table[idx] & PTE_P)) {
		EFI_STATUS st = stub_alloc_pages(1, &page);

		if (EFI_ERROR(st))
			return st;
		table[idx] = page | PTE_P | PTE_W;
	}
	*out = (UINT64 *)(table[idx] & ADDR_MASK);
	return EFI_SUCCESS;
}

/* Walk to the table at `level` (1 = PT, 2 = PD) for va, allocating. */
static EFI_STATUS walk(UINT64 *pml4, UINT64 va, int level, UINT64 **out)
{
	UINT64 *t = pml4;

	for (int l = 4; l > level; l--) {
		EFI_STATUS st = next_table(t, (va >> (12 + 9 * (l - 1))) & 511, &t);

		if (EFI_ERROR(st))
			return st;
	}
	*out = t;
	return EFI_SUCCESS;
}

static EFI_STATUS map_identity(UINT64 *pml4, UINT64 top)
{
	for (UINT64 pa = 0; pa < top; pa += 0x200000) {
		UINT64 *pd;
		EFI_STATUS st = walk(pml4, pa, 2, &pd);

		if (EFI_ERROR(st))
			return st;
		pd[(pa >> 21) & 511] = pa | PTE_P | PTE_W | PTE_PS;
	}
	return EFI_SUCCESS;
}

static EFI_STATUS map_image(UINT64 *pml4, const struct hv_bootinfo *bi)
{
	for (UINT64 off = 0; off < bi->image_size; off += EFI_PAGE_SIZE) {
		UINT64 *pt, va = bi->image_virt + off;
		EFI_STATUS st = walk(pml4, va, 1, &pt);

		if (EFI_ERROR(st))
			return st;
		pt[(va >> 12) & 511] = (bi->image_phys + off) | PTE_P | PTE_W;
	}
	return EFI_SUCCESS;
}

EFI_STATUS stub_build_page_tables(const struct hv_bootinfo *bi, UINT64 top, UINT64 *cr3)
{
	UINT64 pml4;
	EFI_STATUS st = stub_alloc_pages(1, &pml4);

	if (!EFI_ERROR(st))
		st = map_identity((UINT64 *)pml4, top);
	if (!EFI_ERROR(st))
		st = map_image((UINT64 *)pml4, bi);
	if (EFI_ERROR(st)) {
		Print(L"hv stub: cannot build page tables: %r\n", st);
		return st;
	}
	*cr3 = pml4;
	return EFI_SUCCESS;
}
