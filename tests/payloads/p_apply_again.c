/* An apply action hook that patches, then answers -EAGAIN ("not now"). */
#include "payload.h"

static int do_apply(struct hv_payload *p)
{
	int rc = lp_payload_apply_funcs(p);

	lp_hook_record(25);
	return rc ? rc : -11; /* -EAGAIN */
}

LIVEPATCH_APPLY_HOOK(do_apply);

static int p_apply_again_new(int a, int b)
{
	return a * b + 10;
}

PATCH(p_apply_again_func, "lp_target_mul", p_apply_again_new);
