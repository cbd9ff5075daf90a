/*
 * NOPs out the 5-byte call at the start of xen_nop_probe()
 * (hv/arch/x86_64/selftest.S): new_addr NULL means "write new_size NOPs".
 * Once applied, the hypervisor's probe stops counting calls. As Xen's
 * xen_nop, it has no name: the address comes from nm (mkconfig.sh).
 */
#include "payload.h"

struct livepatch_func __attribute__((__section__(".livepatch.funcs"))) livepatch_nop = {
	.version = LIVEPATCH_PAYLOAD_VERSION,
	.old_addr = (void *)XEN_NOP_PROBE_ADDR,
	.new_addr = 0,
	.new_size = 5,
	.old_size = XEN_NOP_PROBE_SIZE,
};
