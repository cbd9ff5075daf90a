/*
 * The gnu-efi boot stub: read hv.cfg, load the files it names, place the
 * embedded hypervisor at its link address, leave boot services and jump.
 * Anything missing is reported on the firmware console; a missing
 * payload or kernel is not fatal, a hypervisor that cannot be placed is.
 */
#include "stub.h"

static struct hv_bootinfo *bi;

static void load_config(EFI_FILE_HANDLE root, const CHAR16 *dir, struct stub_cfg *cfg)
{
	UINT64 addr, size;
	EFI_STATUS st = stub_read_file(root, dir, "hv.cfg", &addr, &size);

	if (EFI_ERROR(st)) {
		Print(L"hv stub: hv.cfg not found beside %s or at the volume root (%r); no options\n",
		      dir, st);
		return;
	}
	stub_parse_cfg((const char *)addr, size, cfg);
}

static void load_module(EFI_FILE_HANDLE root, const CHAR16 *dir, const char *name,
			struct hv_boot_module *m, const char *what)
{
	EFI_STATUS st;

	stub_strlcpy(m->name, name, sizeof(m->name));
	st = stub_read_file(root, dir, name, &m->addr, &m->size);
	if (EFI_ERROR(st)) {
		Print(L"hv stub: cannot read %a %a: %r; continuing without it\n", what, name, st);
		m->addr = m->size = 0;
		return;
	}
	Print(L"hv stub: loaded %a %a (%ld bytes)\n", what, name, m->size);
}

static void load_livepatches(EFI_FILE_HANDLE root, const CHAR16 *dir, const char *options)
{
	char list[HV_BOOT_CMDLINE_LEN], name[HV_BOOT_NAME_LEN];
	const char *s;

	if (!stub_option_value(options, "livepatch", list, sizeof(list)))
		return;
	for (s = list; *s;) {
		UINTN n = 0;

		while (*s && *s != ',' && n + 1 < sizeof(name))
			name[n++] = *s++;
		name[n] = 0;
		if (*s && *s != ',') {
			/* Loading the truncated name would report the wrong file missing. */
			Print(L"hv stub: livepatch file name %a... is longer than %d bytes; skipped\n",
			      name, HV_BOOT_NAME_LEN - 1);
			n = 0;
		}
		while (*s && *s != ',')
			s++;
		if (*s == ',')
			s++;
		if (!n)
			continue;
		if (bi->nr_livepatches == HV_BOOT_MAX_MODULES) {
			Print(L"hv stub: more than %d livepatch files; ignoring %a\n",
			      HV_BOOT_MAX_MODULES, name);
			continue;
		}
		load_module(root, dir, name, &bi->livepatch[bi->nr_livepatches], "livepatch");
		if (bi->livepatch[bi->nr_livepatches].size)
			bi->nr_livepatches++;
	}
}

static void load_kernel(EFI_FILE_HANDLE root, const CHAR16 *dir, const struct stub_cfg *cfg)
{
	char file[HV_BOOT_NAME_LEN];
	const char *args = cfg->kernel;
	UINTN n = 0;

	if (cfg->kernel[0]) {
		while (*args && *args != ' ' && n + 1 < sizeof(file))
			file[n++] = *args++;
		file[n] = 0;
		while (*args == ' ')
			args++;
		stub_strlcpy(bi->kernel_cmdline, args, sizeof(bi->kernel_cmdline));
		load_module(root, dir, file, &bi->kernel, "kernel");
	}
	if (cfg->ramdisk[0])
		load_module(root, dir, cfg->ramdisk, &bi->ramdisk, "ramdisk");
}

static void find_rsdp(void)
{
	EFI_GUID acpi20 = ACPI_20_TABLE_GUID, acpi10 = ACPI_TABLE_GUID;

	for (UINTN i = 0; i < ST->NumberOfTableEntries; i++) {
		EFI_CONFIGURATION_TABLE *t = &ST->ConfigurationTable[i];

		if (!CompareGuid(&t->VendorGuid, &acpi20))
			bi->rsdp = (UINT64)t->VendorTable;
		else if (!bi->rsdp && !CompareGuid(&t->VendorGuid, &acpi10))
			bi->rsdp = (UINT64)t->VendorTable;
	}
	if (!bi->rsdp)
		Print(L"hv stub: firmware has no ACPI RSDP; the hypervisor will run one CPU\n");
}

static void reserve_trampoline(void)
{
	EFI_PHYSICAL_ADDRESS a = 0x9f000;
	EFI_STATUS st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateMaxAddress,
					  EfiLoaderData, 1, &a);

	if (EFI_ERROR(st)) {
		Print(L"hv stub: no page below 640 KiB for AP start-up (%r); one CPU only\n", st);
		return;
	}
	bi->trampoline = a;
}

/* Highest physical address to identity map: RAM end, and at least 4 GiB (MMIO). */
static UINT64 memory_top(void)
{
	UINTN entries, key, dsize;
	UINT32 dver;
	EFI_MEMORY_DESCRIPTOR *map = LibMemoryMap(&entries, &key, &dsize, &dver), *d;
	UINT64 top = 4ull << 30;

	for (UINTN i = 0; map && i < entries; i++) {
		d = (EFI_MEMORY_DESCRIPTOR *)((UINT8 *)map + i * dsize);
		if (d->PhysicalStart + d->NumberOfPages * EFI_PAGE_SIZE > top)
			top = d->PhysicalStart + d->NumberOfPages * EFI_PAGE_SIZE;
	}
	if (map)
		FreePool(map);
	return (top + (1ull << 30) - 1) & ~((1ull << 30) - 1);
}

static EFI_STATUS exit_boot(EFI_HANDLE image)
{
	UINTN size = 0, key, dsize, cap;
	UINT32 dver;
	EFI_STATUS st = uefi_call_wrapper(BS->GetMemoryMap, 5, &size, NULL, &key, &dsize, &dver);
	UINT64 buf;

	/* Only "too small" fills in size and dsize, which the buffer is sized from. */
	if (st != EFI_BUFFER_TOO_SMALL) {
		Print(L"hv stub: cannot size the memory map: %r\n", st);
		return EFI_ERROR(st) ? st : EFI_LOAD_ERROR;
	}
	/* Room for the descriptors our own allocation adds. */
	cap = size + 16 * dsize;
	st = stub_alloc_pages(EFI_SIZE_TO_PAGES(cap), &buf);
	if (EFI_ERROR(st))
		return st;
	for (int tries = 0; tries < 2; tries++) {
		size = cap;
		st = uefi_call_wrapper(BS->GetMemoryMap, 5, &size, (EFI_MEMORY_DESCRIPTOR *)buf, &key,
				       &dsize, &dver);
		if (EFI_ERROR(st))
			return st;
		st = uefi_call_wrapper(BS->ExitBootServices, 2, image, key);
		if (!EFI_ERROR(st))
			break;
	}
	bi->memmap = buf;
	bi->memmap_size = size;
	bi->memmap_desc_size = dsize;
	return st;
}

static void __attribute__((noreturn)) jump(UINT64 cr3, UINT64 entry)
{
	__asm__ volatile("cli\n\t"
			 "mov %0, %%cr3\n\t"
			 "jmp *%1"
			 :: "r"(cr3), "r"(entry), "D"(bi) : "memory");
	__builtin_unreachable();
}

static EFI_STATUS prepare(EFI_HANDLE image, UINT64 *entry, UINT64 *cr3)
{
	EFI_LOADED_IMAGE *li;
	EFI_FILE_HANDLE root;
	CHAR16 dir[256];
	struct stub_cfg cfg = { 0 };
	UINT64 addr;
	EFI_STATUS st;

	st = stub_alloc_pages(EFI_SIZE_TO_PAGES(sizeof(*bi)), &addr);
	if (EFI_ERROR(st))
		return st;
	bi = (struct hv_bootinfo *)addr;
	bi->magic = HV_BOOTINFO_MAGIC;
	st = stub_open_volume(image, &root, dir, 256);
	if (EFI_ERROR(st)) {
		Print(L"hv stub: cannot open the boot volume: %r\n", st);
		return st;
	}
	load_config(root, dir, &cfg);
	st = uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol, (void **)&li);
	if (EFI_ERROR(st))
		Print(L"hv stub: no loaded-image protocol (%r); ignoring the command line\n", st);
	else
		stub_cmdline_override(li, &cfg);
	stub_strlcpy(bi->cmdline, cfg.options, sizeof(bi->cmdline));
	Print(L"hv stub: options: %a\n", bi->cmdline);
	stub_report_malformed(bi->cmdline);
	load_livepatches(root, dir, cfg.options);
	load_kernel(root, dir, &cfg);
	find_rsdp();
	reserve_trampoline();
	st = stub_load_hv(bi, entry);
	if (EFI_ERROR(st))
		return st;
	return stub_build_page_tables(bi, memory_top(), cr3);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	UINT64 entry, cr3;
	EFI_STATUS st;

	InitializeLib(image, systab);
	Print(L"hv stub: starting\n");
	st = prepare(image, &entry, &cr3);
	if (EFI_ERROR(st)) {
		Print(L"hv stub: cannot boot the hypervisor: %r\n", st);
		return st;
	}
	Print(L"hv stub: entering the hypervisor at %lx\n", entry);
	st = exit_boot(image);
	if (EFI_ERROR(st)) {
		Print(L"hv stub: ExitBootServices failed: %r\n", st);
		return st;
	}
	jump(cr3, entry);
}
