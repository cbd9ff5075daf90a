/* Apply/revert action hooks that wrap the default patching. */
#include "payload.h"

static int do_apply(struct hv_payload *p)
{
	lp_hook_record(21);
	return lp_payload_apply_funcs(p);
}

static int do_revert(struct hv_payload *p)
{
	lp_hook_record(22);
	return lp_payload_revert_funcs(p);
}

LIVEPATCH_APPLY_HOOK(do_apply);
LIVEPATCH_REVERT_HOOK(do_revert);

static int p_action_new(int a, int b)
{
	return a * b + 3;
}

PATCH(p_action_func, "lp_target_mul", p_action_new);
