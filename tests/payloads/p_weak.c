/* A weak reference to a symbol nobody defines: refused, as Xen refuses it. */
#include "payload.h"

extern int lp_absent_function(void) __attribute__((weak));

static int p_weak_new(int a, int b)
{
	return lp_absent_function ? lp_absent_function() : a + b + 9;
}

PATCH(p_weak_func, "lp_target_add", p_weak_new);
