/*
 * Files on the volume the stub was loaded from. Names in hv.cfg are
 * relative to the directory holding the stub, as with Xen's xen.cfg;
 * when that fails the volume root is tried, where our ESP keeps them.
 */
#include "stub.h"

EFI_STATUS stub_alloc_pages(UINTN pages, UINT64 *addr)
{
	EFI_PHYSICAL_ADDRESS a = 0;
	EFI_STATUS st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
					  EfiLoaderData, pages, &a);

	if (EFI_ERROR(st))
		return st;
	SetMem((void *)a, pages * EFI_PAGE_SIZE, 0);
	*addr = a;
	return EFI_SUCCESS;
}

EFI_STATUS stub_open_volume(EFI_HANDLE image, EFI_FILE_HANDLE *root, CHAR16 *dir, UINTN dirlen)
{
	EFI_LOADED_IMAGE *li;
	EFI_STATUS st;
	CHAR16 *path;
	UINTN n, cut = 0;

	st = uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol, (void **)&li);
	if (EFI_ERROR(st))
		return st;
	*root = LibOpenRoot(li->DeviceHandle);
	if (!*root)
		return EFI_NOT_FOUND;
	path = DevicePathToStr(li->FilePath);
	dir[0] = 0;
	if (!path)
		return EFI_SUCCESS;
	for (n = 0; path[n]; n++)
		if (path[n] == L'\\' || path[n] == L'/')
			cut = n + 1;
	if (cut >= dirlen)
		cut = 0;
	CopyMem(dir, path, cut * sizeof(CHAR16));
	dir[cut] = 0;
	FreePool(path);
	return EFI_SUCCESS;
}

static EFI_STATUS open_in(EFI_FILE_HANDLE root, const CHAR16 *dir, const char *name,
			  EFI_FILE_HANDLE *fh)
{
	CHAR16 path[512];
	UINTN n = 0, i;

	for (i = 0; dir[i] && n < 255; i++)
		path[n++] = dir[i];
	for (i = 0; name[i] && n < 510; i++)
		path[n++] = name[i] == '/' ? L'\\' : (CHAR16)name[i];
	path[n] = 0;
	return uefi_call_wrapper(root->Open, 5, root, fh, path, EFI_FILE_MODE_READ, 0);
}

static EFI_STATUS read_all(EFI_FILE_HANDLE fh, UINT64 *addr, UINT64 *size)
{
	EFI_FILE_INFO *info = LibFileInfo(fh);
	UINTN len;
	EFI_STATUS st;

	if (!info)
		return EFI_DEVICE_ERROR;
	len = info->FileSize;
	FreePool(info);
	/* One spare page so a zero-length file still gets an address. */
	st = stub_alloc_pages(EFI_SIZE_TO_PAGES(len) + 1, addr);
	if (EFI_ERROR(st))
		return st;
	st = uefi_call_wrapper(fh->Read, 3, fh, &len, (void *)*addr);
	*size = len;
	return st;
}

EFI_STATUS stub_read_file(EFI_FILE_HANDLE root, const CHAR16 *dir, const char *name,
			  UINT64 *addr, UINT64 *size)
{
	EFI_FILE_HANDLE fh;
	EFI_STATUS st = open_in(root, dir, name, &fh);

	if (EFI_ERROR(st) && dir[0])
		st = open_in(root, L"\\", name, &fh);
	if (EFI_ERROR(st))
		return st;
	st = read_all(fh, addr, size);
	uefi_call_wrapper(fh->Close, 1, fh);
	return st;
}
