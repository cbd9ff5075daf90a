/*
 * Cumulative replacement for the p_const2/p_const3 stack (seed 004): it
 * carries the same local (counter_base) and global (p_const_helper) new
 * symbols as p_const2, and must upload and REPLACE cleanly over it.
 */
#include "payload.h"

/* Out of line, or -O2 folds it away and no STB_LOCAL counter_base is left to clash. */
static NOINLINE int counter_base(void)
{
	return 2;
}

int p_const_helper(void);
int p_const_helper(void)
{
	return counter_base() + 2;
}

static int p_replace_const(void)
{
	return p_const_helper();
}

static int p_replace_add(int a, int b)
{
	return a + b + 200;
}

PATCH(p_replace_f1, "lp_target_const", p_replace_const);
PATCH(p_replace_f2, "lp_target_add", p_replace_add);
MODINFO(p_replace_info, "description=cumulative");
