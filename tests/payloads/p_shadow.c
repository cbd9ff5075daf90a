/*
 * Defines a global with the name of an image (hypervisor) function that it
 * does not patch: refused, as Xen refuses it.
 */
#include "payload.h"

int lp_call_b(void)
{
	return 42;
}

static int p_shadow_new(int a, int b)
{
	return a + b + 7;
}

PATCH(p_shadow_func, "lp_target_add", p_shadow_new);
