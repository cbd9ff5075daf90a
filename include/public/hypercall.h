/*
 * The hypercall ABI between dom0 and the hypervisor.
 *
 * Convention (Xen-like): VMMCALL with the op in RAX and arguments in RDI,
 * RSI, RDX, R10, R8; the result comes back in RAX: 0 or a positive value,
 * or a negative errno (Linux values). Only dom0 at CPL 0 may call: any
 * other caller gets -EPERM. Pointers are guest-physical addresses of dom0
 * RAM (dom0's kernel module bounces user buffers through kernel memory);
 * a range outside dom0's RAM, wrapping, or touching hypervisor memory is
 * -EFAULT, and nothing is read or written in that case.
 */
#ifndef PUBLIC_HYPERCALL_H
#define PUBLIC_HYPERCALL_H

#include <stdint.h>

/* CPUID leaf 0x40000000 answers this signature in EBX, ECX, EDX. */
#define HV_CPUID_SIGNATURE "hvhvhvhvhvhv"

/* ---- ops (RAX) ---- */

/* VERSION(struct hv_version_info *gpa): fills the struct, returns 0. */
#define HV_HYPERCALL_VERSION 1

#define HV_VERSION_EXTRA_SIZE 64   /* including the NUL */
#define HV_BUILD_ID_MAX       64

struct hv_version_info {
	uint32_t major;
	uint32_t minor;
	char extra[HV_VERSION_EXTRA_SIZE];  /* xen_extra_version() */
	uint32_t build_id_len;              /* bytes valid in build_id */
	uint32_t _pad;                      /* 0 */
	uint8_t build_id[HV_BUILD_ID_MAX];
};

#endif
