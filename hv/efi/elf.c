/*
 * Place the embedded hypervisor ELF's PT_LOAD segments in one 2 MiB
 * aligned physical block, at their offset from the lowest link address,
 * so the hypervisor can later map its image with large-page granularity
 * and leave it out of the direct map.
 */
#include "stub.h"
#include <elf.h>

#define TWO_MB 0x200000ull

extern const UINT8 hv_image_start[], hv_image_end[];

static EFI_STATUS check_header(const Elf64_Ehdr *eh, UINTN len)
{
	if (len < sizeof(*eh) || CompareMem(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_machine != EM_X86_64 ||
	    eh->e_type != ET_EXEC || eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phoff > len ||
	    (UINT64)eh->e_phnum * sizeof(Elf64_Phdr) > len - eh->e_phoff) {
		Print(L"hv stub: embedded hypervisor is not a valid x86-64 ELF executable\n");
		return EFI_LOAD_ERROR;
	}
	return EFI_SUCCESS;
}

static void extent(const Elf64_Ehdr *eh, UINT64 *lo, UINT64 *hi)
{
	const Elf64_Phdr *ph = (const void *)((const UINT8 *)eh + eh->e_phoff);

	*lo = ~0ull;
	*hi = 0;
	for (UINTN i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		if (ph[i].p_vaddr < *lo)
			*lo = ph[i].p_vaddr;
		if (ph[i].p_vaddr + ph[i].p_memsz > *hi)
			*hi = ph[i].p_vaddr + ph[i].p_memsz;
	}
}

static EFI_STATUS copy_segments(const Elf64_Ehdr *eh, UINTN len, UINT64 lo, UINT64 phys)
{
	const Elf64_Phdr *ph = (const void *)((const UINT8 *)eh + eh->e_phoff);

	for (UINTN i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		if (ph[i].p_offset > len || ph[i].p_filesz > len - ph[i].p_offset ||
		    ph[i].p_filesz > ph[i].p_memsz) {
			Print(L"hv stub: hypervisor segment %d lies outside the image\n", i);
			return EFI_LOAD_ERROR;
		}
		CopyMem((void *)(phys + ph[i].p_vaddr - lo), (const UINT8 *)eh + ph[i].p_offset,
			ph[i].p_filesz);
	}
	return EFI_SUCCESS;
}

EFI_STATUS stub_load_hv(struct hv_bootinfo *bi, UINT64 *entry)
{
	const Elf64_Ehdr *eh = (const void *)hv_image_start;
	UINTN len = hv_image_end - hv_image_start;
	UINT64 lo, hi, raw, size;
	EFI_STATUS st = check_header(eh, len);

	if (EFI_ERROR(st))
		return st;
	extent(eh, &lo, &hi);
	if (lo >= hi || (lo & (TWO_MB - 1))) {
		Print(L"hv stub: hypervisor link address %lx is not 2 MiB aligned\n", lo);
		return EFI_LOAD_ERROR;
	}
	size = (hi - lo + TWO_MB - 1) & ~(TWO_MB - 1);
	st = stub_alloc_pages(EFI_SIZE_TO_PAGES(size + TWO_MB), &raw);
	if (EFI_ERROR(st)) {
		Print(L"hv stub: no memory for the hypervisor image (%d MiB): %r\n", size >> 20, st);
		return st;
	}
	bi->image_phys = (raw + TWO_MB - 1) & ~(TWO_MB - 1);
	bi->image_virt = lo;
	bi->image_size = size;
	*entry = eh->e_entry;
	return copy_segments(eh, len, lo, bi->image_phys);
}
