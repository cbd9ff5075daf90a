/* NOPs the first 31 bytes (Xen's LIVEPATCH_OPAQUE_SIZE) of lp_nop_long. */
#include "payload.h"
#include "compat_targets.h"

static const char p_nop31_name[] = "lp_nop_long";
struct livepatch_func LP_FUNC_SECTION p_nop31_func = {
	.version = LIVEPATCH_PAYLOAD_VERSION,
	.name = p_nop31_name,
	.new_size = LP_NOP_LONG_NOP,
};
