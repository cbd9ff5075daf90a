/* Expects lp_asm_target to start with movl $1,%eax; ret (Xen expectations). */
#include "payload.h"

static int p_expect_new(void)
{
	return 2;
}

static const char p_expect_name[] = "lp_asm_target";
struct livepatch_func LP_FUNC_SECTION p_expect_func = {
	.version = LIVEPATCH_PAYLOAD_VERSION,
	.name = p_expect_name,
	.new_addr = (void *)p_expect_new,
	.old_size = 16,
	.expect = { .enabled = 1, .len = 6, .data = { 0xb8, 0x01, 0x00, 0x00, 0x00, 0xc3 } },
};
