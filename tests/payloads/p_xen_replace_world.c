/*
 * Xen's xen_replace_world test payload, in Xen's style: old_addr 0 makes the
 * loader look the name up; meant for REPLACE over xen_hello_world.
 */
#include "payload.h"

static const char xen_replace_world_name[] = "xen_extra_version";
const char *xen_replace_world(void);

const char *xen_replace_world(void)
{
	return "Hello Again World";
}

const struct livepatch_func __attribute__((__section__(".livepatch.funcs"))) livepatch_xen_replace_world = {
	.version = LIVEPATCH_PAYLOAD_VERSION,
	.name = xen_replace_world_name,
	.old_addr = 0, /* Forces the hypervisor to lookup .name */
	.new_addr = (void *)xen_replace_world,
	.new_size = 0x1000,
	.old_size = 6, /* xen_extra_version in the test image */
};

MODINFO(p_xen_replace_world_info, "LIVEPATCH_RULEZ");
