/* A revert action hook that unpatches, then fails: the revert must change nothing. */
#include "payload.h"

static int do_revert(struct hv_payload *p)
{
	int rc = lp_payload_revert_funcs(p);

	lp_hook_record(24);
	return rc ? rc : -5; /* -EIO */
}

LIVEPATCH_REVERT_HOOK(do_revert);

static int p_revert_fail_new(int a, int b)
{
	return a + b + 9;
}

PATCH(p_revert_fail_func, "lp_target_add", p_revert_fail_new);
