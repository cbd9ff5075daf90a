/*
 * Calls counter_base, which p_const2 and p_replace define only as static:
 * a payload's STB_LOCAL symbols are private, so this must not resolve.
 */
#include "payload.h"

int counter_base(void);

static int p_uses_local_new(int a, int b)
{
	return a * b + counter_base();
}

PATCH(p_uses_local_func, "lp_target_mul", p_uses_local_new);
