/* Stacked on p_const2 (depends on its build-id): calls its new global. */
#include "payload.h"

int p_const_helper(void);

static int p_const3_new(void)
{
	return p_const_helper() + 1;
}

PATCH(p_const3_func, "lp_target_const", p_const3_new);
