/*
 * Hypercall dispatch: one handler per op, each validating its own
 * arguments. The vendor code has already checked the caller (dom0, CPL 0).
 */
#include <string.h>
#include <hv/errno.h>
#include <hv/guest_mem.h>
#include <hv/hypercall.h>
#include <hv/version.h>
#include <public/hypercall.h>

static long hc_version(const struct hypercall_args *a)
{
	struct hv_version_info info;
	const uint8_t *id;
	const char *extra;
	uint32_t len;

	memset(&info, 0, sizeof(info));
	info.major = HV_VERSION_MAJOR;
	info.minor = HV_VERSION_MINOR;
	/* A payload may return any string: cut it to fit, always terminated. */
	extra = xen_extra_version();
	for (size_t i = 0; i + 1 < sizeof(info.extra) && extra[i]; i++)
		info.extra[i] = extra[i];
	if (!xen_build_id(&id, &len)) {
		if (len > sizeof(info.build_id))
			len = sizeof(info.build_id);
		memcpy(info.build_id, id, len);
		info.build_id_len = len;
	}
	return guest_copy_to(a->arg[0], &info, sizeof(info));
}

typedef long (*hypercall_fn)(const struct hypercall_args *a);

static const hypercall_fn handlers[] = {
	[HV_HYPERCALL_VERSION] = hc_version,
};

long hypercall_dispatch(const struct hypercall_args *a)
{
	if (a->op >= sizeof(handlers) / sizeof(handlers[0]) || !handlers[a->op])
		return -ENOSYS;
	return handlers[a->op](a);
}
