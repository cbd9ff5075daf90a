/*
 * The cumulative replacement of xen_hello_world: "Hello Again World",
 * carrying the same local and global symbol names as the payload it
 * replaces (seed 004), so REPLACE must accept it.
 */
#include "payload.h"

static unsigned int cnt;
static const char hello_world_patch_this_fnc[] = "xen_extra_version";

const char *xen_hello_world(void)
{
	return "Hello Again World";
}

static void apply_hook(void)
{
	cnt++;
}

static void revert_hook(void)
{
	cnt--;
}

LIVEPATCH_LOAD_HOOK(apply_hook);
LIVEPATCH_UNLOAD_HOOK(revert_hook);

struct livepatch_func __attribute__((__section__(".livepatch.funcs"))) livepatch_xen_hello_world = {
	.version = LIVEPATCH_PAYLOAD_VERSION,
	.name = hello_world_patch_this_fnc,
	.new_addr = xen_hello_world,
	.new_size = NEW_SIZE(xen_hello_world),
	.old_size = XEN_EXTRA_VERSION_SIZE,
};
