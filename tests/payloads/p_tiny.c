/* Targets a 3-byte function: a 5-byte jump does not fit, -EMSGSIZE. */
#include "payload.h"

static int p_tiny_new(void)
{
	return 5;
}

PATCH(p_tiny_func, "lp_tiny", p_tiny_new);
