/*
 * An apply action hook that works once and refuses every later call: what
 * a REPLACE rollback that cannot re-apply a reverted payload meets.
 */
#include "payload.h"

static int calls;

static int do_apply(struct hv_payload *p)
{
	if (calls++) {
		lp_hook_record(28);
		return -5; /* -EIO */
	}
	lp_hook_record(27);
	return lp_payload_apply_funcs(p);
}

LIVEPATCH_APPLY_HOOK(do_apply);

static int p_reapply_fail_new(int a, int b)
{
	return a + b + 20;
}

PATCH(p_reapply_fail_func, "lp_target_add", p_reapply_fail_new);
