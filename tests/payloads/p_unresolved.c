/* Calls a function nobody defines: refused at upload with -ENOENT. */
#include "payload.h"

int no_such_function_anywhere(void);

static int p_unresolved_new(void)
{
	return no_such_function_anywhere();
}

PATCH(p_unresolved_func, "lp_target_mul", p_unresolved_new);
