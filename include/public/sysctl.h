/*
 * The live-patch sysctl ABI, modelled on Xen's XEN_SYSCTL_livepatch_op.
 * Values match Xen's so that tooling habits carry over.
 */
#ifndef PUBLIC_SYSCTL_H
#define PUBLIC_SYSCTL_H

#include <stdint.h>

#define LIVEPATCH_NAME_SIZE 128      /* including the terminating NUL */

/* Payload states (GET/LIST). */
#define LIVEPATCH_STATE_CHECKED 1
#define LIVEPATCH_STATE_APPLIED 2

/* Actions. */
#define LIVEPATCH_ACTION_UNLOAD  1
#define LIVEPATCH_ACTION_REVERT  2
#define LIVEPATCH_ACTION_APPLY   3
#define LIVEPATCH_ACTION_REPLACE 4

/* Action flags. */
#define LIVEPATCH_ACTION_APPLY_NODEPS (1u << 0)

/* Status of one payload, as GET and LIST report it. */
struct hv_livepatch_status {
	uint32_t state;  /* LIVEPATCH_STATE_* */
	int32_t rc;      /* 0, -EAGAIN while an action runs, or its error */
};

#endif
