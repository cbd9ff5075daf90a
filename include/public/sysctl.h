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


/*
 * ---- the hypercalls (ops in RAX, beside include/public/hypercall.h's) ----
 *
 * dom0 only, as every hypercall. Each op validates every field before it
 * acts: a pad that is not 0 or a size out of bounds is refused with the
 * errno documented for it, the hypervisor logs one line naming the field,
 * and nothing is read beyond the control struct, nothing is written and
 * nothing changes. Fields marked "out" are ignored on input. A name is
 * NUL-terminated inside its LIVEPATCH_NAME_SIZE bytes, not empty, of
 * A-Z a-z 0-9 _ - . only, and every byte after the NUL is 0 (-EINVAL;
 * no NUL at all is -ENAMETOOLONG). Buffers are arguments of their own;
 * a buffer of size 0 must be passed as 0, any other must lie wholly in
 * dom0 RAM (-EFAULT, checked before anything is copied).
 */
#define HV_HYPERCALL_LIVEPATCH_UPLOAD 16
#define HV_HYPERCALL_LIVEPATCH_GET    17
#define HV_HYPERCALL_LIVEPATCH_LIST   18
#define HV_HYPERCALL_LIVEPATCH_ACTION 19

/* The largest payload UPLOAD takes (as Xen's bound, 2 MiB). */
#define LIVEPATCH_PAYLOAD_MAX     (2u << 20)
/* The most entries one LIST call returns. */
#define LIVEPATCH_LIST_MAX        64
/* Bounds of LIST's name and metadata buffers. */
#define LIVEPATCH_LIST_NAMES_MAX    (LIVEPATCH_LIST_MAX * LIVEPATCH_NAME_SIZE)
#define LIVEPATCH_LIST_METADATA_MAX (64u * 1024)
/* The longest rendezvous bound an ACTION may ask for (60 s). */
#define LIVEPATCH_TIMEOUT_MAX_NS  (60ull * 1000 * 1000 * 1000)

/*
 * UPLOAD(const struct hv_livepatch_upload *ctl, const void *payload):
 * copy ctl->size bytes of ELF from payload, load and check them through
 * the live-patch core; the payload is then CHECKED. Returns 0, or:
 *   -EINVAL        size 0, a bad name
 *   -E2BIG         size above LIVEPATCH_PAYLOAD_MAX (refused before any copy)
 *   -EFAULT        ctl or [payload, payload + size) is not dom0 RAM
 *   -EEXIST        a payload of this name is already loaded
 *   -ENOMEM        no memory for the copy
 *   other          the core's refusal of the payload (the log says why)
 */
struct hv_livepatch_upload {
	char name[LIVEPATCH_NAME_SIZE];
	uint64_t size;
};

/*
 * GET(struct hv_livepatch_get *ctl): the state and rc of one payload.
 * status.rc is -EAGAIN while an action on it runs, then its result (0 or
 * -errno). Returns 0, -ENOENT (no such payload), -EINVAL (bad name),
 * -EFAULT.
 */
struct hv_livepatch_get {
	char name[LIVEPATCH_NAME_SIZE];
	struct hv_livepatch_status status;   /* out */
};

/*
 * LIST(struct hv_livepatch_list *ctl, struct hv_livepatch_list_entry
 *      *entries, char *names, char *metadata):
 * payloads in upload order from index idx on, Xen's paging contract:
 *   in:  idx            the first payload wanted (0..number of payloads)
 *        nr             entries wanted, 0..LIVEPATCH_LIST_MAX (above:
 *                       -E2BIG); 0 probes: nothing is copied
 *        name_size      bytes at names (at most LIVEPATCH_LIST_NAMES_MAX)
 *        metadata_size  bytes at metadata (at most LIVEPATCH_LIST_METADATA_MAX)
 *        _pad           0
 *   out: version        changes whenever the set of payloads changes: a
 *                       caller paging through compares it to detect stale data
 *        nr             payloads after those returned (probe: from idx on)
 *        name_total_size, metadata_total_size
 *                       bytes the returned entries used in names and
 *                       metadata (probe: all payloads from idx on would need)
 * entries[i] gets the state, rc and lengths of the i-th payload returned;
 * names gets their names one after another, each with its NUL (name_len
 * counts it); metadata gets their .modinfo strings (NUL separated) one
 * after another, metadata_len bytes each. Copying stops at the first
 * payload that does not fit the buffers. Returns the number of entries
 * filled; -ERANGE for idx past the last payload; -ENOBUFS when nr > 0 and
 * not even one entry fits; -E2BIG, -EINVAL, -EFAULT as above.
 */
struct hv_livepatch_list {
	uint32_t version;              /* out */
	uint32_t idx;
	uint32_t nr;                   /* in and out */
	uint32_t _pad;
	uint32_t name_size;
	uint32_t metadata_size;
	uint32_t name_total_size;      /* out */
	uint32_t metadata_total_size;  /* out */
};

struct hv_livepatch_list_entry {
	struct hv_livepatch_status status;
	uint32_t name_len;             /* bytes in names, the NUL included */
	uint32_t metadata_len;         /* bytes in metadata */
};

/*
 * ACTION(const struct hv_livepatch_action *ctl): request cmd on the named
 * payload. APPLY, REVERT and REPLACE are asynchronous: the request is
 * checked and recorded, the call returns 0, and the work runs on every
 * CPU's softirq path; GET's rc reads -EAGAIN until it is done, then the
 * result. UNLOAD is done before the call returns. Returns 0, or:
 *   -EINVAL     unknown cmd, unknown flags, NODEPS with another cmd than
 *               APPLY, timeout_ns above LIVEPATCH_TIMEOUT_MAX_NS, bad name;
 *               or the payload is not in a state the cmd applies to
 *   -ENOENT     no such payload
 *   -EBUSY      another action is still running
 *   other       the core's refusal (dependency, .bss re-apply -ESTALE, ...)
 * timeout_ns bounds the rendezvous (0: the default); one that does not
 * complete in time patches nothing and records -ETIMEDOUT as rc.
 */
struct hv_livepatch_action {
	char name[LIVEPATCH_NAME_SIZE];
	uint32_t cmd;                  /* LIVEPATCH_ACTION_* */
	uint32_t flags;                /* LIVEPATCH_ACTION_APPLY_NODEPS */
	uint64_t timeout_ns;
};

#endif
