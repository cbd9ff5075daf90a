/* NOPs out the 5-byte call at the start of lp_nop_target (new_addr NULL). */
#include "payload.h"

static const char p_nop_name[] = "lp_nop_target";
struct livepatch_func LP_FUNC_SECTION p_nop_func = {
	.version = LIVEPATCH_PAYLOAD_VERSION,
	.name = p_nop_name,
	.new_addr = 0,
	.old_addr = (void *)lp_nop_target,
	.new_size = 5,
	.old_size = 16,
};
