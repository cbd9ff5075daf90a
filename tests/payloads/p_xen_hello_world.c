/*
 * Xen's xen_hello_world test payload, in Xen's style, for the hosted image:
 * old_addr given (relocated) as well as the name, a new_size that only
 * informs (a jump's target is all that matters: it passes the end of this
 * payload's text), two load and three unload hooks (Xen's deliberate
 * imbalance) and a .modinfo entry without '=' as Xen's build adds.
 */
#include "payload.h"

static const char hello_world_patch_this_fnc[] = "xen_extra_version";
const char *xen_hello_world(void);
static unsigned int cnt;

const char *xen_hello_world(void)
{
	return "Hello World";
}

static void apply_hook(void)
{
	lp_hook_record(31);
}

static void revert_hook(void)
{
	lp_hook_record(33);
}

static void hi_func(void)
{
	lp_hook_record(32);
	++cnt;
}

/* Records how often hi_func ran: Xen BUG()s unless that is 1 or 2. */
static void check_fnc(void)
{
	lp_hook_record(340 + (int)cnt);
}

LIVEPATCH_LOAD_HOOK(apply_hook);
LIVEPATCH_UNLOAD_HOOK(revert_hook);

/* Imbalance here. Two load and three unload (as Xen's). */
LIVEPATCH_LOAD_HOOK(hi_func);
LIVEPATCH_UNLOAD_HOOK(hi_func);

LIVEPATCH_UNLOAD_HOOK(check_fnc);

#define NEW_CODE_SZ 0x1000
#define OLD_CODE_SZ 6 /* xen_extra_version in the test image; Xen takes it from nm */

const struct livepatch_func __attribute__((__section__(".livepatch.funcs"))) livepatch_xen_hello_world = {
	.version = LIVEPATCH_PAYLOAD_VERSION,
	.name = hello_world_patch_this_fnc,
	.new_addr = (void *)xen_hello_world,
	.old_addr = (void *)xen_extra_version,
	.new_size = NEW_CODE_SZ,
	.old_size = OLD_CODE_SZ,
};

MODINFO(p_xen_hello_world_info, "LIVEPATCH_RULEZ");
