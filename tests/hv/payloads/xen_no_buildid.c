/* Negative: linked without --build-id, so it has no .note.gnu.build-id. */
#include "payload.h"

static const char fnc[] = "xen_extra_version";

const char *xen_no_buildid(void)
{
	return "No Build-id";
}

struct livepatch_func __attribute__((__section__(".livepatch.funcs"))) livepatch_no_id = {
	.version = LIVEPATCH_PAYLOAD_VERSION,
	.name = fnc,
	.new_addr = xen_no_buildid,
	.new_size = NEW_SIZE(xen_no_buildid),
	.old_size = XEN_EXTRA_VERSION_SIZE,
};
