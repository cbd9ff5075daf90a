/* x/dup.c and y/dup.c: one basename, so "dup.c#dup_local" is ambiguous. */
#include "../image.h"

static NOINLINE int dup_local(void)
{
	return 30 + lp_zero;
}

NOINLINE int lp_call_dup_x(void)
{
	return dup_local();
}
