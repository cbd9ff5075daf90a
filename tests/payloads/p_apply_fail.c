/* An apply action hook that patches, then fails: the apply must change nothing. */
#include "payload.h"

static int do_apply(struct hv_payload *p)
{
	int rc = lp_payload_apply_funcs(p);

	lp_hook_record(23);
	return rc ? rc : -5; /* -EIO */
}

LIVEPATCH_APPLY_HOOK(do_apply);

static int p_apply_fail_new(int a, int b)
{
	return a * b + 8;
}

PATCH(p_apply_fail_func, "lp_target_mul", p_apply_fail_new);
