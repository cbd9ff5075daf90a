/*
 * libhvctl: dom0 programs' access to hypercalls through /dev/hvctl (the
 * hvctl kernel module). Every call returns 0 or a negative errno, and
 * records in h->where who refused, so a tool can say whether the device,
 * the module or the hypervisor said no.
 */
#ifndef LIBHVCTL_H
#define LIBHVCTL_H

#include <stdint.h>
#include <public/hvctl.h>
#include <public/hypercall.h>

enum hvctl_where {
	HVCTL_OK,
	HVCTL_AT_OPEN,        /* open(/dev/hvctl) failed: module not loaded, not root */
	HVCTL_AT_MODULE,      /* the module refused the ioctl (errno) */
	HVCTL_AT_HYPERVISOR,  /* the hypercall was made and returned -errno */
};

struct hvctl {
	int fd;
	enum hvctl_where where;
};

int hvctl_open(struct hvctl *h);
void hvctl_close(struct hvctl *h);
/* "the module", "the hypervisor", ... for messages. */
const char *hvctl_where_name(enum hvctl_where w);

/* Fill one argument of a call: a scalar, or a buffer (HVCTL_BUF_IN/OUT). */
void hvctl_arg_scalar(struct hvctl_call *c, unsigned i, uint64_t value);
void hvctl_arg_buffer(struct hvctl_call *c, unsigned i, void *p, uint32_t len, uint32_t flags);
/* Make the call: returns c->result, the hypervisor's answer (where =
 * HYPERVISOR when it is negative), or the module's -errno (where = MODULE). */
long hvctl_call(struct hvctl *h, struct hvctl_call *c);

/* The ops, typed. Each returns what hvctl_call does. */
long hvctl_version(struct hvctl *h, struct hv_version_info *out);
long hvctl_info(struct hvctl *h, struct hv_info *out);
/* Up to `size` log bytes from ctl->index on; returns the count copied. */
long hvctl_console_read(struct hvctl *h, struct hv_console_read *ctl, char *buf, uint32_t size);

#endif
