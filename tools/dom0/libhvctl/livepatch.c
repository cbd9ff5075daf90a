/* libhvctl: the live-patch hypercalls, each a control struct and buffers. */
#include <string.h>

#include "libhvctl.h"

static void set_name(char field[LIVEPATCH_NAME_SIZE], const char *name)
{
	size_t n = strlen(name);

	memset(field, 0, LIVEPATCH_NAME_SIZE);
	memcpy(field, name, n < LIVEPATCH_NAME_SIZE ? n : LIVEPATCH_NAME_SIZE);
}

/* An empty buffer goes as the scalar 0: the module refuses len 0 buffers. */
static void buffer(struct hvctl_call *c, unsigned i, void *p, uint32_t len, uint32_t flags)
{
	if (len)
		hvctl_arg_buffer(c, i, p, len, flags);
	else
		hvctl_arg_scalar(c, i, 0);
}

long hvctl_lp_upload(struct hvctl *h, const char *name, const void *elf, uint32_t size)
{
	struct hv_livepatch_upload ctl;
	struct hvctl_call c;

	memset(&ctl, 0, sizeof(ctl));
	set_name(ctl.name, name);
	ctl.size = size;
	memset(&c, 0, sizeof(c));
	c.op = HV_HYPERCALL_LIVEPATCH_UPLOAD;
	hvctl_arg_buffer(&c, 0, &ctl, sizeof(ctl), HVCTL_BUF_IN);
	buffer(&c, 1, (void *)elf, size, HVCTL_BUF_IN);
	return hvctl_call(h, &c);
}

long hvctl_lp_get(struct hvctl *h, const char *name, struct hv_livepatch_status *st)
{
	struct hv_livepatch_get ctl;
	struct hvctl_call c;
	long rc;

	memset(&ctl, 0, sizeof(ctl));
	set_name(ctl.name, name);
	memset(&c, 0, sizeof(c));
	c.op = HV_HYPERCALL_LIVEPATCH_GET;
	hvctl_arg_buffer(&c, 0, &ctl, sizeof(ctl), HVCTL_BUF_IN | HVCTL_BUF_OUT);
	rc = hvctl_call(h, &c);
	if (!rc)
		*st = ctl.status;
	return rc;
}

long hvctl_lp_list(struct hvctl *h, struct hv_livepatch_list *ctl,
		   struct hv_livepatch_list_entry *entries, char *names, char *metadata)
{
	struct hvctl_call c;

	ctl->_pad = 0;
	memset(&c, 0, sizeof(c));
	c.op = HV_HYPERCALL_LIVEPATCH_LIST;
	hvctl_arg_buffer(&c, 0, ctl, sizeof(*ctl), HVCTL_BUF_IN | HVCTL_BUF_OUT);
	buffer(&c, 1, entries, ctl->nr * (uint32_t)sizeof(*entries), HVCTL_BUF_OUT);
	buffer(&c, 2, names, ctl->name_size, HVCTL_BUF_OUT);
	buffer(&c, 3, metadata, ctl->metadata_size, HVCTL_BUF_OUT);
	return hvctl_call(h, &c);
}

long hvctl_lp_action(struct hvctl *h, const char *name, uint32_t cmd, uint64_t timeout_ns,
		     uint32_t flags)
{
	struct hv_livepatch_action ctl;
	struct hvctl_call c;

	memset(&ctl, 0, sizeof(ctl));
	set_name(ctl.name, name);
	ctl.cmd = cmd;
	ctl.flags = flags;
	ctl.timeout_ns = timeout_ns;
	memset(&c, 0, sizeof(c));
	c.op = HV_HYPERCALL_LIVEPATCH_ACTION;
	hvctl_arg_buffer(&c, 0, &ctl, sizeof(ctl), HVCTL_BUF_IN);
	return hvctl_call(h, &c);
}
