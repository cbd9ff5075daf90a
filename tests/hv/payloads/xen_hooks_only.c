/*
 * Shaped like Xen's xen_action_hooks_nofunc: no .livepatch.funcs, only
 * apply/revert action hooks, so what the payload does is run its hooks.
 * The post-apply hook (after the CPUs are released, where printing is
 * safe) reports how often the apply hook ran.
 */
#include <hv/printk.h>
#include "payload.h"

static unsigned int apply_cnt, revert_cnt;

static int apply_hook(struct hv_payload *payload)
{
	apply_cnt++;
	return 0;
}

static int revert_hook(struct hv_payload *payload)
{
	revert_cnt++;
	return 0;
}

static void post_apply_hook(struct hv_payload *payload)
{
	printk("xen_hooks_only: apply hook ran %u time(s), revert hook %u\n", apply_cnt,
	       revert_cnt);
}

LIVEPATCH_APPLY_HOOK(apply_hook);
LIVEPATCH_REVERT_HOOK(revert_hook);
LIVEPATCH_POSTAPPLY_HOOK(post_apply_hook);
