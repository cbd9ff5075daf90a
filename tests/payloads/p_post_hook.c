/* Only a post-apply hook: the one payload code an APPLY whose text write fails runs. */
#include "payload.h"

static void post_apply(struct hv_payload *p) { (void)p; lp_hook_record(52); }

LIVEPATCH_POSTAPPLY_HOOK(post_apply);

static int p_post_hook_new(int a, int b)
{
	return a * b + 52;
}

PATCH(p_post_hook_func, "lp_target_mul", p_post_hook_new);
