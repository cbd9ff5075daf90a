/*
 * The replacement carries the name of the function it replaces, as
 * payloads made by build tools do: not a clash, it is the new code.
 */
#include "payload.h"

int lp_target_mul(int a, int b)
{
	return a * b + 5;
}

PATCH(p_same_name_func, "lp_target_mul", lp_target_mul);
