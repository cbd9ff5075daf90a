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
 *
 * Buffers are always arguments of their own, never pointers inside another
 * buffer, so dom0's module can bounce every one without knowing the op.
 * Arguments an op does not take must be 0 (-EINVAL otherwise), and so must
 * every _pad field, so they can gain a meaning later.
 */
#ifndef PUBLIC_HYPERCALL_H
#define PUBLIC_HYPERCALL_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
#endif

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

/*
 * CONSOLE(struct hv_console_read *ctl, char *buf): copy hypervisor log
 * bytes into buf, from ctl->index on, at most ctl->size of them. Indices
 * count every byte ever logged, so a reader pages through the log by
 * passing back the index it was given (`hvinfo dmesg` starts at 0).
 *   in:  index, size (1..HV_CONSOLE_READ_MAX), _pad = 0
 *   out: index  the index after the last byte copied: pass it back
 *        lost   bytes from the index asked for that the ring had already
 *               overwritten, so were skipped
 *        head   the index the next logged byte will get
 * Returns the number of bytes copied (0: nothing at or after index yet).
 * An index past head is -ERANGE, size 0 -EINVAL, a size above the maximum
 * -E2BIG; nothing is written then. One call never leaves a gap inside what
 * it copies: if the ring overtakes the reader during the call, it returns
 * early and the next call reports the bytes lost.
 */
#define HV_HYPERCALL_CONSOLE 2

#define HV_CONSOLE_READ_MAX (64 * 1024)

struct hv_console_read {
	uint64_t index;
	uint64_t lost;
	uint64_t head;
	uint32_t size;
	uint32_t _pad;   /* 0 */
};

/*
 * INFO(struct hv_info *gpa): the rest of what `hvinfo` (like `xl info`)
 * shows: CPUs, memory and the command line. Fills the struct, returns 0.
 */
#define HV_HYPERCALL_INFO 3

#define HV_INFO_CMDLINE_SIZE 1024   /* including the NUL */

struct hv_info {
	uint32_t nr_cpus;          /* CPUs online in the hypervisor */
	uint32_t max_cpus;         /* CPUs it supports (CONFIG_NR_CPUS) */
	uint64_t hv_memory;        /* bytes of RAM the hypervisor owns (never dom0's) */
	char cmdline[HV_INFO_CMDLINE_SIZE];
};

/* The layouts are the ABI: the same for every compiler and word size. */
_Static_assert(sizeof(struct hv_version_info) == 144, "hv_version_info layout");
_Static_assert(sizeof(struct hv_console_read) == 32, "hv_console_read layout");
_Static_assert(sizeof(struct hv_info) == 1040, "hv_info layout");

#endif
