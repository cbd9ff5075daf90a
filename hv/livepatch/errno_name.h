/*
 * Errno names for log lines ("upload failed: -84 (EILSEQ)"): a number
 * alone means a look-up for whoever reads the log. Part of the core so the
 * hypervisor, the hosted tests and hvpatch name errors the same way.
 */
#ifndef LP_ERRNO_NAME_H
#define LP_ERRNO_NAME_H

/* "EILSEQ" for -EILSEQ; "unknown" for anything that is not a negative errno we know. */
const char *lp_errno_name(int rc);

#endif
