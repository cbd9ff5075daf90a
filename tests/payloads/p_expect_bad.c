/* Expects bytes lp_asm_target does not have: refused (Xen expectations). */
#include "payload.h"

static int p_expect_bad_new(void)
{
	return 2;
}

static const char p_expect_bad_name[] = "lp_asm_target";
struct livepatch_func LP_FUNC_SECTION p_expect_bad_func = {
	.version = LIVEPATCH_PAYLOAD_VERSION,
	.name = p_expect_bad_name,
	.new_addr = (void *)p_expect_bad_new,
	.old_size = 16,
	.expect = { .enabled = 1, .len = 6, .data = { 0xb8, 0x01, 0x00, 0x00, 0x00, 0xc2 } },
};
