/* Internal interfaces of the EFI boot stub (hv/efi/). */
#ifndef HV_EFI_STUB_H
#define HV_EFI_STUB_H

#include <efi.h>
#include <efilib.h>
#include <hv/bootinfo.h>

struct stub_cfg {
	char options[HV_BOOT_CMDLINE_LEN];
	char kernel[HV_BOOT_CMDLINE_LEN];
	char ramdisk[HV_BOOT_NAME_LEN];
};

/* file.c */
EFI_STATUS stub_open_volume(EFI_HANDLE image, EFI_FILE_HANDLE *root, CHAR16 *dir, UINTN dirlen);
EFI_STATUS stub_read_file(EFI_FILE_HANDLE root, const CHAR16 *dir, const char *name,
			  UINT64 *addr, UINT64 *size);
/* cfg.c */
int stub_parse_cfg(const char *text, UINT64 len, struct stub_cfg *cfg);
void stub_cmdline_override(EFI_LOADED_IMAGE *li, struct stub_cfg *cfg);
const char *stub_option_value(const char *options, const char *key, char *out, UINTN outlen);
void stub_report_malformed(const char *options);
/* elf.c */
EFI_STATUS stub_load_hv(struct hv_bootinfo *bi, UINT64 *entry);
/* paging.c */
EFI_STATUS stub_build_page_tables(const struct hv_bootinfo *bi, UINT64 top, UINT64 *cr3);
/* util */
EFI_STATUS stub_alloc_pages(UINTN pages, UINT64 *addr);
void stub_strlcpy(char *dst, const char *src, UINTN size);

#endif
