/* Patches a file-local function through its "file.c#name" name. */
#include "payload.h"

static int p_local_new(void)
{
	return 11;
}

PATCH(p_local_func, "image_a.c#local_helper", p_local_new);
