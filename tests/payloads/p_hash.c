/*
 * Replaces lp_asm_target; its .livepatch.old_hash (added by the build from
 * the image, or corrupted for p_hash_bad) carries the xxh64 of the code.
 */
#include "payload.h"

static int p_hash_new(void)
{
	return 3;
}

PATCH(p_hash_func, "lp_asm_target", p_hash_new);
