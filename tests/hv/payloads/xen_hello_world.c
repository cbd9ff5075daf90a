/*
 * Replaces xen_extra_version() to return "Hello World", as Xen's
 * test/livepatch/xen_hello_world.c does. The load/unload hooks count
 * their calls in a static counter, so the payload has .bss.
 */
#include "payload.h"

static unsigned int cnt;
static const char hello_world_patch_this_fnc[] = "xen_extra_version";

const char *xen_hello_world(void)
{
	return "Hello World";
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

static const char modinfo[] __attribute__((__section__(".modinfo"), __used__)) =
	"description=hello world regression payload";
