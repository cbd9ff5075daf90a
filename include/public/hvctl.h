/*
 * /dev/hvctl: the ioctl between dom0's tools (libhvctl) and dom0's hvctl
 * kernel module, which makes hypercalls on their behalf (the role Xen's
 * privcmd plays). Shared by the module (built with __KERNEL__) and libhvctl.
 *
 * The module cannot know which hypercall argument is a pointer, so the
 * caller says so: each of the five arguments is either a scalar, passed to
 * the hypervisor as it is, or a user buffer, which the module copies into
 * physically contiguous kernel memory (in), passes as its guest-physical
 * address, and copies back (out) after the call. A buffer the caller marks
 * out only starts zeroed, so nothing of the kernel's leaks.
 *
 * ioctl(fd, HVCTL_HYPERCALL, &call) is 0 when the hypercall was made, its
 * result in call.result (0, positive, or the hypervisor's -errno); -1 with
 * errno when the module refused before calling:
 *   EPERM    the caller lacks CAP_SYS_ADMIN
 *   ENODEV   no hv hypervisor underneath (CPUID 0x40000000 signature)
 *   EINVAL   unknown flag bits, a scalar with len set, or a buffer with
 *            len 0
 *   E2BIG    a buffer longer than HVCTL_BUF_MAX
 *   EFAULT   a user buffer (or the call struct) cannot be read or written
 *   ENOMEM   no contiguous kernel memory for a buffer
 *   ENOTTY   an unknown ioctl
 */
#ifndef PUBLIC_HVCTL_H
#define PUBLIC_HVCTL_H

#ifdef __KERNEL__
#include <linux/ioctl.h>
#include <linux/types.h>
#else
#include <stdint.h>
#include <sys/ioctl.h>
#endif

#define HVCTL_DEVICE   "/dev/hvctl"
#define HVCTL_NR_ARGS  5
#define HVCTL_BUF_MAX  (64 * 1024)

/* hvctl_arg.flags: 0 is a scalar; IN and OUT may be combined. */
#define HVCTL_BUF_IN   1u   /* copied to the hypervisor before the call */
#define HVCTL_BUF_OUT  2u   /* copied back to the caller after it */

struct hvctl_arg {
	uint64_t value;   /* the scalar, or the user pointer of a buffer */
	uint32_t len;     /* buffer bytes; 0 for a scalar */
	uint32_t flags;
};

struct hvctl_call {
	uint64_t op;
	struct hvctl_arg arg[HVCTL_NR_ARGS];
	int64_t result;   /* out: the hypervisor's RAX */
};

#define HVCTL_HYPERCALL _IOWR('H', 0, struct hvctl_call)

/* The same layout for 32- and 64-bit callers (compat_ptr_ioctl relies on it). */
_Static_assert(sizeof(struct hvctl_call) == 96, "hvctl_call layout");

#endif
