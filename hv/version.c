/*
 * Version and build-id. xen_extra_version() is the function the
 * regression payloads replace, as in Xen's test/livepatch; it stays an
 * out-of-line global so a payload has a body of its own to redirect.
 */
#include <hv/errno.h>
#include <hv/image.h>
#include <hv/printk.h>
#include <hv/version.h>

__attribute__((noinline)) const char *xen_extra_version(void)
{
	return CONFIG_EXTRA_VERSION;
}

int xen_build_id(const uint8_t **id, uint32_t *len)
{
	const uint32_t *n = (const uint32_t *)__note_gnu_build_id_start;
	uint64_t room = (uint64_t)(__note_gnu_build_id_end - __note_gnu_build_id_start);

	/* namesz, descsz, type = NT_GNU_BUILD_ID (3), "GNU\0", descriptor */
	if (room < 16 || n[0] != 4 || n[2] != 3 || 16 + (uint64_t)n[1] > room) {
		pr_err("version: no GNU build-id note in the image\n");
		return -ENODATA;
	}
	*id = (const uint8_t *)(n + 4);
	*len = n[1];
	return 0;
}

void print_banner(void)
{
	const uint8_t *id;
	uint32_t len;
	char hex[2 * 64 + 1] = "";

	printk("hv version %d.%d%s (gcc %s)\n", HV_VERSION_MAJOR, HV_VERSION_MINOR,
	       xen_extra_version(), __VERSION__);
	if (xen_build_id(&id, &len))
		return;
	for (uint32_t i = 0; i < len && i < 64; i++)
		snprintf(hex + 2 * i, 3, "%02x", id[i]);
	printk("build-id: %s\n", hex);
}
