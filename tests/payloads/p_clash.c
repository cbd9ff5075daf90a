/*
 * Stacked on p_const2 (depends on its build-id) but introduces the same
 * new global, p_const_helper: APPLY must refuse it.
 */
#include "payload.h"

int p_const_helper(void);
int p_const_helper(void)
{
	return 7;
}

static int p_clash_new(void)
{
	return p_const_helper();
}

PATCH(p_clash_func, "lp_target_const", p_clash_new);
