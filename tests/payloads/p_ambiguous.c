/* Names a file-local that two files of the same basename define: refused. */
#include "payload.h"

static int p_ambiguous_new(void)
{
	return 0;
}

PATCH(p_ambiguous_func, "dup.c#dup_local", p_ambiguous_new);
