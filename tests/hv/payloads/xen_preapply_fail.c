/* Negative: the pre-apply hook vetoes the action; nothing may be patched. */
#include "payload.h"

static const char fnc[] = "xen_extra_version";

const char *xen_preapply_fail(void)
{
	return "Should Never Show";
}

static int veto(struct hv_payload *p)
{
	return -22;
}

LIVEPATCH_PREAPPLY_HOOK(veto);

struct livepatch_func __attribute__((__section__(".livepatch.funcs"))) livepatch_veto = {
	.version = LIVEPATCH_PAYLOAD_VERSION,
	.name = fnc,
	.new_addr = xen_preapply_fail,
	.new_size = NEW_SIZE(xen_preapply_fail),
	.old_size = XEN_EXTRA_VERSION_SIZE,
};
