/*
 * lp_target_const -> 2. Introduces a new global (p_const_helper) that a
 * payload stacked on it calls, and a static with a common name.
 */
#include "payload.h"

/* Out of line, or -O2 folds it away and no STB_LOCAL counter_base is left to clash. */
static NOINLINE int counter_base(void)
{
	return 1;
}

int p_const_helper(void);
int p_const_helper(void)
{
	return counter_base() + 1;
}

static int p_const2_new(void)
{
	return p_const_helper();
}

PATCH(p_const2_func, "lp_target_const", p_const2_new);
