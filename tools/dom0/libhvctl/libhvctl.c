/* libhvctl: open /dev/hvctl and wrap its one ioctl. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "libhvctl.h"

int hvctl_open(struct hvctl *h)
{
	h->where = HVCTL_OK;
	h->fd = open(HVCTL_DEVICE, O_RDWR | O_CLOEXEC);
	if (h->fd < 0) {
		h->where = HVCTL_AT_OPEN;
		return -errno;
	}
	return 0;
}

void hvctl_close(struct hvctl *h)
{
	if (h->fd >= 0)
		close(h->fd);
	h->fd = -1;
}

const char *hvctl_where_name(enum hvctl_where w)
{
	switch (w) {
	case HVCTL_OK:
		return "nothing";
	case HVCTL_AT_OPEN:
		return "open(2)";
	case HVCTL_AT_MODULE:
		return "the hvctl module";
	case HVCTL_AT_HYPERVISOR:
		return "the hypervisor";
	}
	return "?";
}

void hvctl_arg_scalar(struct hvctl_call *c, unsigned i, uint64_t value)
{
	c->arg[i].value = value;
	c->arg[i].len = 0;
	c->arg[i].flags = 0;
}

void hvctl_arg_buffer(struct hvctl_call *c, unsigned i, void *p, uint32_t len, uint32_t flags)
{
	c->arg[i].value = (uint64_t)(uintptr_t)p;
	c->arg[i].len = len;
	c->arg[i].flags = flags;
}

long hvctl_call(struct hvctl *h, struct hvctl_call *c)
{
	h->where = HVCTL_OK;
	if (ioctl(h->fd, HVCTL_HYPERCALL, c) < 0) {
		h->where = HVCTL_AT_MODULE;
		return -errno;
	}
	if (c->result < 0)
		h->where = HVCTL_AT_HYPERVISOR;
	return (long)c->result;
}

long hvctl_version(struct hvctl *h, struct hv_version_info *out)
{
	struct hvctl_call c;

	memset(&c, 0, sizeof(c));
	c.op = HV_HYPERCALL_VERSION;
	hvctl_arg_buffer(&c, 0, out, sizeof(*out), HVCTL_BUF_OUT);
	return hvctl_call(h, &c);
}

long hvctl_info(struct hvctl *h, struct hv_info *out)
{
	struct hvctl_call c;

	memset(&c, 0, sizeof(c));
	c.op = HV_HYPERCALL_INFO;
	hvctl_arg_buffer(&c, 0, out, sizeof(*out), HVCTL_BUF_OUT);
	return hvctl_call(h, &c);
}

long hvctl_console_read(struct hvctl *h, struct hv_console_read *ctl, char *buf, uint32_t size)
{
	struct hvctl_call c;

	ctl->size = size;
	ctl->_pad = 0;
	memset(&c, 0, sizeof(c));
	c.op = HV_HYPERCALL_CONSOLE;
	hvctl_arg_buffer(&c, 0, ctl, sizeof(*ctl), HVCTL_BUF_IN | HVCTL_BUF_OUT);
	hvctl_arg_buffer(&c, 1, buf, size, HVCTL_BUF_OUT);
	return hvctl_call(h, &c);
}
