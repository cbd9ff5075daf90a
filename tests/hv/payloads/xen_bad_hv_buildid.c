/* Negative: built "for" another hypervisor (its xen_depends note is forged). */
#include "payload.h"

static const char fnc[] = "xen_extra_version";

const char *xen_bad_hv_buildid(void)
{
	return "Wrong Hypervisor";
}

struct livepatch_func __attribute__((__section__(".livepatch.funcs"))) livepatch_bad = {
	.version = LIVEPATCH_PAYLOAD_VERSION,
	.name = fnc,
	.new_addr = xen_bad_hv_buildid,
	.new_size = NEW_SIZE(xen_bad_hv_buildid),
	.old_size = XEN_EXTRA_VERSION_SIZE,
};
