/*
 * Hypercall dispatch: one handler per op, each validating its own
 * arguments. The vendor code has already checked the caller (dom0, CPL 0).
 * Every refusal logs one line naming the op and the reason.
 */
#include <string.h>
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/errno.h>
#include <hv/guest_mem.h>
#include <hv/hvmem.h>
#include <hv/hypercall.h>
#include <hv/livepatch_sysctl.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/version.h>
#include <public/hypercall.h>
#include <public/sysctl.h>

static long copy_out(const char *op, uint64_t gpa, const void *src, uint64_t len)
{
	if (guest_copy_to(gpa, src, len)) {
		pr_warn("hypercall: %s: %#llx+%#llx is not dom0 RAM\n", op,
			(unsigned long long)gpa, (unsigned long long)len);
		return -EFAULT;
	}
	return 0;
}

static long copy_in(const char *op, void *dst, uint64_t gpa, uint64_t len)
{
	if (guest_copy_from(dst, gpa, len)) {
		pr_warn("hypercall: %s: %#llx+%#llx is not dom0 RAM\n", op,
			(unsigned long long)gpa, (unsigned long long)len);
		return -EFAULT;
	}
	return 0;
}

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
	return copy_out("version", a->arg[0], &info, sizeof(info));
}

static long hc_info(const struct hypercall_args *a)
{
	struct hv_info info;
	const char *line = cmdline_raw();
	uint64_t lo, hi;

	memset(&info, 0, sizeof(info));
	info.nr_cpus = __atomic_load_n(&nr_cpus_online, __ATOMIC_ACQUIRE);
	info.max_cpus = CONFIG_NR_CPUS;
	for (unsigned i = 0; hvmem_range(i, &lo, &hi); i++)
		info.hv_memory += hi - lo;
	for (size_t i = 0; i + 1 < sizeof(info.cmdline) && line[i]; i++)
		info.cmdline[i] = line[i];
	return copy_out("info", a->arg[0], &info, sizeof(info));
}

/* The log is copied in small steps: the hypervisor stack is 16 KiB. */
#define CONSOLE_STEP 256

static long console_check(const struct hv_console_read *ctl, uint64_t buf)
{
	if (ctl->_pad) {
		pr_warn("hypercall: console: _pad is %#x, must be 0\n", ctl->_pad);
		return -EINVAL;
	}
	if (!ctl->size) {
		pr_warn("hypercall: console: size 0\n");
		return -EINVAL;
	}
	if (ctl->size > HV_CONSOLE_READ_MAX) {
		pr_warn("hypercall: console: size %u above %u\n", ctl->size, HV_CONSOLE_READ_MAX);
		return -E2BIG;
	}
	if (!guest_mem_ok(buf, ctl->size)) {
		pr_warn("hypercall: console: buffer %#llx+%#x is not dom0 RAM\n",
			(unsigned long long)buf, ctl->size);
		return -EFAULT;
	}
	return 0;
}

static long hc_console(const struct hypercall_args *a)
{
	struct hv_console_read ctl;
	char step[CONSOLE_STEP];
	uint64_t buf = a->arg[1], idx, first, head, n, copied = 0;
	long rc;

	if (copy_in("console", &ctl, a->arg[0], sizeof(ctl)))
		return -EFAULT;
	rc = console_check(&ctl, buf);
	if (rc)
		return rc;
	idx = ctl.index;
	ctl.lost = 0;
	do {
		uint64_t want = ctl.size - copied < CONSOLE_STEP ? ctl.size - copied : CONSOLE_STEP;

		n = console_log_read(idx, step, want, &first, &head);
		if (!copied && idx > head) {
			pr_warn("hypercall: console: index %llu is past the log head %llu\n",
				(unsigned long long)idx, (unsigned long long)head);
			return -ERANGE;
		}
		if (first != idx) {
			if (copied)
				break;  /* overtaken: no gap inside one reply */
			ctl.lost = first - idx;
		}
		rc = copy_out("console", buf + copied, step, n);
		if (rc)
			return rc;
		copied += n;
		idx = first + n;
	} while (n && copied < ctl.size);
	ctl.index = idx;
	ctl.head = head;
	rc = copy_out("console", a->arg[0], &ctl, sizeof(ctl));
	return rc ? rc : (long)copied;
}

typedef long (*hypercall_fn)(const struct hypercall_args *a);

static const struct {
	hypercall_fn fn;
	unsigned nargs;   /* the rest must be 0 */
	const char *name;
} ops[] = {
	[HV_HYPERCALL_VERSION] = { hc_version, 1, "version" },
	[HV_HYPERCALL_CONSOLE] = { hc_console, 2, "console" },
	[HV_HYPERCALL_INFO] = { hc_info, 1, "info" },
	[HV_HYPERCALL_LIVEPATCH_UPLOAD] = { hc_livepatch_upload, 2, "livepatch upload" },
	[HV_HYPERCALL_LIVEPATCH_GET] = { hc_livepatch_get, 1, "livepatch get" },
	[HV_HYPERCALL_LIVEPATCH_LIST] = { hc_livepatch_list, 4, "livepatch list" },
	[HV_HYPERCALL_LIVEPATCH_ACTION] = { hc_livepatch_action, 1, "livepatch action" },
};

long hypercall_dispatch(const struct hypercall_args *a)
{
	const unsigned nr_args = sizeof(a->arg) / sizeof(a->arg[0]);

	if (a->op >= sizeof(ops) / sizeof(ops[0]) || !ops[a->op].fn) {
		pr_warn("hypercall: unknown op %llu\n", (unsigned long long)a->op);
		return -ENOSYS;
	}
	for (unsigned i = ops[a->op].nargs; i < nr_args; i++) {
		if (a->arg[i]) {
			pr_warn("hypercall: %s takes %u arguments; argument %u is %#llx, must be 0\n",
				ops[a->op].name, ops[a->op].nargs, i, (unsigned long long)a->arg[i]);
			return -EINVAL;
		}
	}
	return ops[a->op].fn(a);
}
