/*
 * Shaped like Xen's xen_action_hooks_nofunc: no .livepatch.funcs at all,
 * only apply/revert action hooks and a post-revert hook, so the payload's
 * whole effect is its hooks.
 */
#include "payload.h"

static int apply_hook(struct hv_payload *payload)
{
	(void)payload;
	lp_hook_record(41);
	return 0;
}

static int revert_hook(struct hv_payload *payload)
{
	(void)payload;
	lp_hook_record(42);
	return 0;
}

static void post_revert_hook(struct hv_payload *payload)
{
	(void)payload;
	lp_hook_record(43);
}

LIVEPATCH_APPLY_HOOK(apply_hook);
LIVEPATCH_REVERT_HOOK(revert_hook);
LIVEPATCH_POSTREVERT_HOOK(post_revert_hook);
