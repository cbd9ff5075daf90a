/* Negative: lp_check_for_work lives in .text.nopatch (the rendezvous path). */
#include "payload.h"

static const char fnc[] = "lp_check_for_work";

void xen_nopatch_replacement(void)
{
}

struct livepatch_func __attribute__((__section__(".livepatch.funcs"))) livepatch_nopatch = {
	.version = LIVEPATCH_PAYLOAD_VERSION,
	.name = fnc,
	.new_addr = xen_nopatch_replacement,
	.new_size = NEW_SIZE(xen_nopatch_replacement),
	.old_size = LP_CHECK_FOR_WORK_SIZE,
};
