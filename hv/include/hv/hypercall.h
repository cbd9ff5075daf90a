/*
 * The arch-neutral hypercall layer. The vendor code (SVM today) decodes the
 * guest's registers, checks that the caller is dom0 at CPL 0 (-EPERM
 * otherwise, without calling in here) and passes the op and arguments;
 * the return value goes back to the guest's RAX.
 */
#ifndef HV_HYPERCALL_H
#define HV_HYPERCALL_H

#include <stdint.h>

struct hypercall_args {
	uint64_t op;      /* RAX */
	uint64_t arg[5];  /* RDI, RSI, RDX, R10, R8 */
};

long hypercall_dispatch(const struct hypercall_args *a);

#endif
