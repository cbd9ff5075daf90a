/* Only a load hook: the one payload code an APPLY whose text write fails runs. */
#include "payload.h"

static void on_load(void) { lp_hook_record(51); }

LIVEPATCH_LOAD_HOOK(on_load);

static int p_load_hook_new(int a, int b)
{
	return a * b + 51;
}

PATCH(p_load_hook_func, "lp_target_mul", p_load_hook_new);
