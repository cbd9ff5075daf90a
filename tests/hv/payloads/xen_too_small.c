/* Negative: xen_tiny is one byte long; a 5-byte jump cannot fit. */
#include "payload.h"

static const char fnc[] = "xen_tiny";

void xen_tiny_replacement(void)
{
}

struct livepatch_func __attribute__((__section__(".livepatch.funcs"))) livepatch_tiny = {
	.version = LIVEPATCH_PAYLOAD_VERSION,
	.name = fnc,
	.new_addr = xen_tiny_replacement,
	.new_size = NEW_SIZE(xen_tiny_replacement),
	.old_size = XEN_TINY_SIZE,
};
