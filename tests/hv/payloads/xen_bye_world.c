/*
 * Stacks on xen_hello_world (its build-id is this payload's
 * .livepatch.depends) and makes xen_extra_version() return "Bye World".
 */
#include "payload.h"

static const char bye_world_patch_this_fnc[] = "xen_extra_version";

const char *xen_bye_world(void)
{
	return "Bye World";
}

struct livepatch_func __attribute__((__section__(".livepatch.funcs"))) livepatch_xen_bye_world = {
	.version = LIVEPATCH_PAYLOAD_VERSION,
	.name = bye_world_patch_this_fnc,
	.new_addr = xen_bye_world,
	.new_size = NEW_SIZE(xen_bye_world),
	.old_size = XEN_EXTRA_VERSION_SIZE,
};
