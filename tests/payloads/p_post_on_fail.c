/*
 * Pre- and post-apply hooks around an apply action hook that fails: the
 * post hook still runs (it may have to undo what the pre hook set up).
 */
#include "payload.h"

static int pre_apply(struct hv_payload *p)
{
	(void)p;
	lp_hook_record(41);
	return 0;
}

static int do_apply(struct hv_payload *p)
{
	(void)p;
	lp_hook_record(42);
	return -5; /* -EIO */
}

static void post_apply(struct hv_payload *p)
{
	(void)p;
	lp_hook_record(43);
}

LIVEPATCH_PREAPPLY_HOOK(pre_apply);
LIVEPATCH_APPLY_HOOK(do_apply);
LIVEPATCH_POSTAPPLY_HOOK(post_apply);

static int p_post_on_fail_new(int a, int b)
{
	return a * b + 9;
}

PATCH(p_post_on_fail_func, "lp_target_mul", p_post_on_fail_new);
