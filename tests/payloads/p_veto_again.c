/* A pre-apply hook that vetoes with -EAGAIN, the value rc uses for "in progress". */
#include "payload.h"

static int pre_apply(struct hv_payload *p)
{
	(void)p;
	lp_hook_record(14);
	return -11; /* -EAGAIN */
}

LIVEPATCH_PREAPPLY_HOOK(pre_apply);

static int p_veto_again_new(int a, int b)
{
	return a * b + 7;
}

PATCH(p_veto_again_func, "lp_target_mul", p_veto_again_new);
