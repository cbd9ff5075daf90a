/*
 * Three functions, with rodata and data of its own: the fault-injection
 * tests fail each of its text writes and permission changes in turn, and
 * the permission tests check each of its ranges.
 */
#include "payload.h"

static const int bonus[8] = { 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000 };
static int calls = 1;

static int p_three_add(int a, int b)
{
	calls++;
	return a + b + bonus[lp_zero & 7];
}

static int p_three_mul(int a, int b)
{
	calls++;
	return a * b + bonus[(lp_zero + 1) & 7];
}

static int p_three_const(void)
{
	return calls - calls + bonus[(lp_zero + 2) & 7];
}

PATCH(p_three_f1, "lp_target_add", p_three_add);
PATCH(p_three_f2, "lp_target_mul", p_three_mul);
PATCH(p_three_f3, "lp_target_const", p_three_const);
