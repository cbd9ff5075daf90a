/* y/dup.c and x/dup.c: one basename, so "dup.c#dup_local" is ambiguous. */
#include "../image.h"

static NOINLINE int dup_local(void)
{
	return 40 + lp_zero;
}

NOINLINE int lp_call_dup_y(void)
{
	return dup_local();
}
