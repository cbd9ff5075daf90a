/*
 * What the EFI stub hands the hypervisor at entry (in %rdi). Only fixed
 * width fields: the stub is built hosted-style with gnu-efi, the
 * hypervisor freestanding, and both must agree on the layout.
 * All addresses are physical; the stub leaves low memory identity mapped.
 */
#ifndef HV_BOOTINFO_H
#define HV_BOOTINFO_H

#include <stdint.h>

#define HV_BOOTINFO_MAGIC   0x4f464e49544f4f42ull  /* "BOOTINFO" */
#define HV_BOOT_MAX_MODULES 16
#define HV_BOOT_NAME_LEN    64
#define HV_BOOT_CMDLINE_LEN 1024

/* EFI memory types the hypervisor cares about (UEFI spec values). */
#define HV_EFI_LOADER_CODE   1
#define HV_EFI_LOADER_DATA   2
#define HV_EFI_BS_CODE       3
#define HV_EFI_BS_DATA       4
#define HV_EFI_CONVENTIONAL  7

struct hv_boot_module {
	uint64_t addr;
	uint64_t size;
	char name[HV_BOOT_NAME_LEN];
};

struct hv_bootinfo {
	uint64_t magic;
	/* The hypervisor image: [image_phys, +image_size) backs [image_virt, ...). */
	uint64_t image_phys;
	uint64_t image_virt;
	uint64_t image_size;        /* 2 MiB multiple, 2 MiB aligned */
	uint64_t rsdp;              /* 0 when the firmware had none */
	uint64_t memmap;            /* EFI_MEMORY_DESCRIPTOR array */
	uint64_t memmap_size;
	uint64_t memmap_desc_size;
	uint64_t trampoline;        /* one page below 1 MiB for AP start-up */
	uint32_t nr_livepatches;
	uint32_t _pad;
	struct hv_boot_module livepatch[HV_BOOT_MAX_MODULES];
	struct hv_boot_module kernel;     /* size 0 when absent */
	struct hv_boot_module ramdisk;
	char cmdline[HV_BOOT_CMDLINE_LEN];
	char kernel_cmdline[HV_BOOT_CMDLINE_LEN];
};

/* The subset of EFI_MEMORY_DESCRIPTOR the hypervisor reads. */
struct hv_efi_md {
	uint32_t type;
	uint32_t _pad;
	uint64_t phys;
	uint64_t virt;
	uint64_t pages;
	uint64_t attr;
};

/* Each descriptor of the stub's EFI memory map (desc_size is the firmware's). */
#define FOR_EACH_MD(bi, md) \
	for (const uint8_t *_p = (const uint8_t *)(bi)->memmap; \
	     _p < (const uint8_t *)(bi)->memmap + (bi)->memmap_size && \
	     ((md) = (const struct hv_efi_md *)_p); _p += (bi)->memmap_desc_size)

#endif
