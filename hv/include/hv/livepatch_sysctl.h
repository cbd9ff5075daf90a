/*
 * The live-patch hypercalls (include/public/sysctl.h), for the dispatcher's
 * op table. Each takes the guest's arguments as they came.
 */
#ifndef HV_LIVEPATCH_SYSCTL_H
#define HV_LIVEPATCH_SYSCTL_H

struct hypercall_args;

long hc_livepatch_upload(const struct hypercall_args *a);
long hc_livepatch_get(const struct hypercall_args *a);
long hc_livepatch_list(const struct hypercall_args *a);
long hc_livepatch_action(const struct hypercall_args *a);

#endif
