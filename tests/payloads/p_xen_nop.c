/*
 * Xen's xen_nop test payload, in Xen's style: no name, an address and size,
 * and a NOP of everything but the function's last instruction (the ret).
 * Here the function is lp_minor_store, which stops storing 8.
 */
#include "payload.h"
#include "compat_targets.h"

struct livepatch_func __attribute__((__section__(".livepatch.funcs"))) livepatch_nop = {
	.version = LIVEPATCH_PAYLOAD_VERSION,
	.old_size = LP_MINOR_STORE_SIZE,
	.old_addr = (void *)lp_minor_store,
	/* Everything but the last instruction: "ret". */
	.new_size = LP_MINOR_STORE_SIZE - 1,
};
