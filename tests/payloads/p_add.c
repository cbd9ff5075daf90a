/* Replaces lp_target_add: a + b + 100. No data of its own: re-appliable. */
#include "payload.h"

int p_add_new(int a, int b);
int p_add_new(int a, int b)
{
	return a + b + 100;
}

PATCH(p_add_func, "lp_target_add", p_add_new);
MODINFO(p_add_info, "description=adds one hundred");
