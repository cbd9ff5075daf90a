/* Every hook records itself in the image's lp_hook_log, in call order. */
#include "payload.h"

static void on_load(void) { lp_hook_record(1); }
static void on_unload(void) { lp_hook_record(2); }
static int pre_apply(struct hv_payload *p) { (void)p; lp_hook_record(3); return 0; }
static void post_apply(struct hv_payload *p) { (void)p; lp_hook_record(4); }
static int pre_revert(struct hv_payload *p) { (void)p; lp_hook_record(5); return 0; }
static void post_revert(struct hv_payload *p) { (void)p; lp_hook_record(6); }

LIVEPATCH_LOAD_HOOK(on_load);
LIVEPATCH_UNLOAD_HOOK(on_unload);
LIVEPATCH_PREAPPLY_HOOK(pre_apply);
LIVEPATCH_POSTAPPLY_HOOK(post_apply);
LIVEPATCH_PREREVERT_HOOK(pre_revert);
LIVEPATCH_POSTREVERT_HOOK(post_revert);

static int p_hooks_new(int a, int b)
{
	return a * b + 1;
}

PATCH(p_hooks_func, "lp_target_mul", p_hooks_new);
