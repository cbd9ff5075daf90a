/* A revert action hook that unpatches, then answers -EAGAIN ("not now"). */
#include "payload.h"

static int do_revert(struct hv_payload *p)
{
	int rc = lp_payload_revert_funcs(p);

	lp_hook_record(26);
	return rc ? rc : -11; /* -EAGAIN */
}

LIVEPATCH_REVERT_HOOK(do_revert);

static int p_revert_again_new(int a, int b)
{
	return a + b + 10;
}

PATCH(p_revert_again_func, "lp_target_add", p_revert_again_new);
