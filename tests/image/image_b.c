/* Same static name as image_a.c: only "image_b.c#local_helper" reaches it. */
#include "image.h"

static NOINLINE int local_helper(void)
{
	return 20 + lp_zero;
}

NOINLINE int lp_call_b(void)
{
	return local_helper();
}
