/* Targets a function in .text.nopatch: refused with -EPERM. */
#include "payload.h"

static int p_nopatch_new(void)
{
	return 0;
}

PATCH(p_nopatch_func, "lp_core_function", p_nopatch_new);
