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
#include <public/sysctl.h>

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

/*
 * The live-patch sysctl (include/public/sysctl.h), livepatch.c. A name
 * longer than LIVEPATCH_NAME_SIZE - 1 is passed without its NUL, so the
 * hypervisor refuses it (-ENAMETOOLONG) like any other bad field.
 */
long hvctl_lp_upload(struct hvctl *h, const char *name, const void *elf, uint32_t size);
long hvctl_lp_get(struct hvctl *h, const char *name, struct hv_livepatch_status *st);
/* entries: ctl->nr of them; names, metadata: ctl->name_size, ctl->metadata_size bytes. */
long hvctl_lp_list(struct hvctl *h, struct hv_livepatch_list *ctl,
		   struct hv_livepatch_list_entry *entries, char *names, char *metadata);
long hvctl_lp_action(struct hvctl *h, const char *name, uint32_t cmd, uint64_t timeout_ns,
		     uint32_t flags);

#endif
