/* A pre-apply hook that refuses: the apply must not happen. */
#include "payload.h"

static int pre_apply(struct hv_payload *p)
{
	(void)p;
	lp_hook_record(13);
	return -16; /* -EBUSY */
}

LIVEPATCH_PREAPPLY_HOOK(pre_apply);

static int p_veto_new(int a, int b)
{
	return a * b + 2;
}

PATCH(p_veto_func, "lp_target_mul", p_veto_new);
