/*
 * The live-patch hypercalls (include/public/sysctl.h): UPLOAD, GET, LIST
 * and ACTION, modelled on Xen's XEN_SYSCTL_LIVEPATCH_*. Each handler copies
 * its control struct in, validates every field, checks every buffer lies
 * in dom0 RAM, and only then moves a byte or calls the core. Refusals log
 * one line naming the op, the field and why.
 */
#include <string.h>
#include <hv/errno.h>
#include <hv/guest_mem.h>
#include <hv/hypercall.h>
#include <hv/livepatch_sysctl.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <public/sysctl.h>
#include "livepatch/livepatch.h"

#define refuse(op, rc, fmt, ...) \
	(pr_warn("livepatch sysctl: %s: " fmt "\n", (op), ##__VA_ARGS__), (long)(rc))

static long ctl_in(const char *op, void *dst, uint64_t gpa, uint64_t len)
{
	if (guest_copy_from(dst, gpa, len))
		return refuse(op, -EFAULT, "control struct %#llx+%#llx is not dom0 RAM",
			      (unsigned long long)gpa, (unsigned long long)len);
	return 0;
}

static long ctl_out(const char *op, uint64_t gpa, const void *src, uint64_t len)
{
	if (guest_copy_to(gpa, src, len))
		return refuse(op, -EFAULT, "control struct %#llx+%#llx is not dom0 RAM",
			      (unsigned long long)gpa, (unsigned long long)len);
	return 0;
}

/* A buffer argument: 0 when empty, else wholly in dom0 RAM. */
static long check_buffer(const char *op, const char *what, uint64_t gpa, uint64_t len)
{
	if (!len && gpa)
		return refuse(op, -EINVAL, "%s is %#llx with size 0: pass 0", what,
			      (unsigned long long)gpa);
	if (len && !guest_mem_ok(gpa, len))
		return refuse(op, -EFAULT, "%s %#llx+%#llx is not dom0 RAM", what,
			      (unsigned long long)gpa, (unsigned long long)len);
	return 0;
}

/* NUL-terminated inside the field, zero after the NUL, then the core's rule. */
static long check_name(const char *op, const char name[LIVEPATCH_NAME_SIZE])
{
	size_t n = strnlen(name, LIVEPATCH_NAME_SIZE);

	if (n == LIVEPATCH_NAME_SIZE)
		return refuse(op, -ENAMETOOLONG, "name has no NUL in its %u bytes",
			      LIVEPATCH_NAME_SIZE);
	for (size_t i = n + 1; i < LIVEPATCH_NAME_SIZE; i++)
		if (name[i])
			return refuse(op, -EINVAL, "name byte %zu after the NUL is %#x, must be 0", i,
				      (unsigned char)name[i]);
	if (lp_check_name(name))
		return refuse(op, -EINVAL, "name \"%.*s\" is not a payload name", (int)n, name);
	return 0;
}

long hc_livepatch_upload(const struct hypercall_args *a)
{
	struct hv_livepatch_upload ctl;
	uint64_t buf = a->arg[1];
	void *copy;
	long rc = ctl_in("upload", &ctl, a->arg[0], sizeof(ctl));

	if (rc)
		return rc;
	rc = check_name("upload", ctl.name);
	if (rc)
		return rc;
	if (!ctl.size)
		return refuse("upload", -EINVAL, "%s: size 0", ctl.name);
	/* Before anything is allocated or copied. */
	if (ctl.size > LIVEPATCH_PAYLOAD_MAX)
		return refuse("upload", -E2BIG, "%s: size %llu above %u", ctl.name,
			      (unsigned long long)ctl.size, LIVEPATCH_PAYLOAD_MAX);
	rc = check_buffer("upload", "payload", buf, ctl.size);
	if (rc)
		return rc;
	copy = xzalloc(ctl.size);
	if (!copy)
		return refuse("upload", -ENOMEM, "%s: no memory for %llu bytes", ctl.name,
			      (unsigned long long)ctl.size);
	rc = guest_copy_from(copy, buf, ctl.size);
	if (!rc)
		rc = lp_upload(ctl.name, copy, ctl.size);
	xfree(copy);
	return rc;
}

long hc_livepatch_get(const struct hypercall_args *a)
{
	struct hv_livepatch_get ctl;
	long rc = ctl_in("get", &ctl, a->arg[0], sizeof(ctl));

	if (rc)
		return rc;
	rc = check_name("get", ctl.name);
	if (rc)
		return rc;
	memset(&ctl.status, 0, sizeof(ctl.status));
	rc = lp_get(ctl.name, &ctl.status);
	if (rc)
		return rc;
	return ctl_out("get", a->arg[0], &ctl, sizeof(ctl));
}

/* ---- LIST ---- */

struct list_out {
	uint64_t entries, names, metadata;   /* guest buffers */
	uint32_t nr, name_size, metadata_size;
	uint32_t name_used, metadata_used;
	bool copy;                           /* false: a probe, only sum sizes */
};

/* Under the registry lock: every buffer was checked, so the copies cannot fail. */
static int list_one(const struct lp_list_entry *e, uint32_t n, void *ctx)
{
	struct list_out *o = ctx;
	struct hv_livepatch_list_entry out;
	uint32_t name_len = (uint32_t)strlen(e->name) + 1;

	if (o->copy) {
		if (n == o->nr || name_len > o->name_size - o->name_used ||
		    e->metadata_len > o->metadata_size - o->metadata_used)
			return 1;
		memset(&out, 0, sizeof(out));
		out.status = e->status;
		out.name_len = name_len;
		out.metadata_len = e->metadata_len;
		if (guest_copy_to(o->entries + (uint64_t)n * sizeof(out), &out, sizeof(out)) ||
		    guest_copy_to(o->names + o->name_used, e->name, name_len) ||
		    (e->metadata_len &&
		     guest_copy_to(o->metadata + o->metadata_used, e->metadata, e->metadata_len)))
			return -EFAULT;
	}
	o->name_used += name_len;
	o->metadata_used += e->metadata_len;
	return 0;
}

static long list_check(const struct hv_livepatch_list *ctl, const struct hypercall_args *a)
{
	long rc;

	if (ctl->_pad)
		return refuse("list", -EINVAL, "_pad is %#x, must be 0", ctl->_pad);
	if (ctl->nr > LIVEPATCH_LIST_MAX)
		return refuse("list", -E2BIG, "nr %u above %u", ctl->nr, LIVEPATCH_LIST_MAX);
	if (ctl->name_size > LIVEPATCH_LIST_NAMES_MAX)
		return refuse("list", -E2BIG, "name_size %u above %u", ctl->name_size,
			      LIVEPATCH_LIST_NAMES_MAX);
	if (ctl->metadata_size > LIVEPATCH_LIST_METADATA_MAX)
		return refuse("list", -E2BIG, "metadata_size %u above %u", ctl->metadata_size,
			      LIVEPATCH_LIST_METADATA_MAX);
	rc = check_buffer("list", "entries", a->arg[1],
			  (uint64_t)ctl->nr * sizeof(struct hv_livepatch_list_entry));
	if (!rc)
		rc = check_buffer("list", "names", a->arg[2], ctl->name_size);
	if (!rc)
		rc = check_buffer("list", "metadata", a->arg[3], ctl->metadata_size);
	return rc;
}

long hc_livepatch_list(const struct hypercall_args *a)
{
	struct hv_livepatch_list ctl;
	struct list_out o;
	uint32_t total, version;
	long rc = ctl_in("list", &ctl, a->arg[0], sizeof(ctl));
	int n;

	if (rc)
		return rc;
	rc = list_check(&ctl, a);
	if (rc)
		return rc;
	memset(&o, 0, sizeof(o));
	o.entries = a->arg[1];
	o.names = a->arg[2];
	o.metadata = a->arg[3];
	o.nr = ctl.nr;
	o.name_size = ctl.name_size;
	o.metadata_size = ctl.metadata_size;
	o.copy = ctl.nr != 0;
	n = lp_list_each(ctl.idx, list_one, &o, &total, &version);
	if (n < 0)
		return refuse("list", n, "copying out failed");
	if (ctl.idx > total)
		return refuse("list", -ERANGE, "idx %u is past the last of %u payload(s)", ctl.idx,
			      total);
	if (o.copy && !n && ctl.idx < total)
		return refuse("list", -ENOBUFS,
			      "payload %u does not fit: name_size %u, metadata_size %u", ctl.idx,
			      ctl.name_size, ctl.metadata_size);
	ctl.version = version;
	ctl.nr = total - ctl.idx - (o.copy ? (uint32_t)n : 0);
	ctl.name_total_size = o.name_used;
	ctl.metadata_total_size = o.metadata_used;
	rc = ctl_out("list", a->arg[0], &ctl, sizeof(ctl));
	return rc ? rc : (o.copy ? n : 0);
}

/* ---- ACTION ---- */

long hc_livepatch_action(const struct hypercall_args *a)
{
	struct hv_livepatch_action ctl;
	long rc = ctl_in("action", &ctl, a->arg[0], sizeof(ctl));

	if (rc)
		return rc;
	rc = check_name("action", ctl.name);
	if (rc)
		return rc;
	if (ctl.cmd < LIVEPATCH_ACTION_UNLOAD || ctl.cmd > LIVEPATCH_ACTION_REPLACE)
		return refuse("action", -EINVAL, "%s: unknown cmd %u", ctl.name, ctl.cmd);
	if (ctl.flags & ~LIVEPATCH_ACTION_APPLY_NODEPS)
		return refuse("action", -EINVAL, "%s: unknown flags %#x", ctl.name, ctl.flags);
	if (ctl.flags && ctl.cmd != LIVEPATCH_ACTION_APPLY)
		return refuse("action", -EINVAL, "%s: NODEPS is only for APPLY (cmd %u)", ctl.name,
			      ctl.cmd);
	if (ctl.timeout_ns > LIVEPATCH_TIMEOUT_MAX_NS)
		return refuse("action", -EINVAL, "%s: timeout %llu ns above %llu", ctl.name,
			      (unsigned long long)ctl.timeout_ns, LIVEPATCH_TIMEOUT_MAX_NS);
	return lp_action(ctl.name, ctl.cmd, ctl.timeout_ns, ctl.flags);
}
