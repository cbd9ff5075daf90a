/* A file-local function whose name image_b.c uses too: "image_a.c#local_helper". */
#include "image.h"

static NOINLINE int local_helper(void)
{
	return 10 + lp_zero;
}

NOINLINE int lp_call_a(void)
{
	return local_helper();
}
