/* Has .data of its own: not re-appliable after revert (-ESTALE). */
#include "payload.h"

static int calls = 5;

static int p_data_new(int a, int b)
{
	calls++;
	return a * b + calls - calls + 4;
}

PATCH(p_data_func, "lp_target_mul", p_data_new);
