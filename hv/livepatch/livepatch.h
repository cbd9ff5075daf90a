/*
 * The live-patch core as the rest of the hypervisor (sysctl, boot-time
 * list, trap handler) and the hosted tools see it.
 */
#ifndef LP_LIVEPATCH_H
#define LP_LIVEPATCH_H

#include "compat.h"
#include <public/sysctl.h>

struct hv_payload;

/* Call once after the host's symbol table is ready. */
int lp_init(void);

/*
 * Load, validate, relocate and resolve a payload from an untrusted buffer.
 * On success the payload is CHECKED. On failure nothing changes, a log
 * line says what and why, and a distinct negative errno is returned.
 */
int lp_upload(const char *name, const void *elf, size_t len);

/* Is this a valid payload name (not empty, shorter than LIVEPATCH_NAME_SIZE,
 * A-Z a-z 0-9 _ - . only)? 0, or -EINVAL / -ENAMETOOLONG with a log line. */
int lp_check_name(const char *name);

/*
 * Request an action (LIVEPATCH_ACTION_*). Validation and pre-hooks run
 * now; the work itself runs on the softirq path of every CPU and the
 * payload's rc reads -EAGAIN until it is done. timeout_ns 0 = default.
 */
int lp_action(const char *name, uint32_t cmd, uint64_t timeout_ns, uint32_t flags);

/* Called by every CPU at a quiescent point (idle loop, before VMRUN). */
void lp_check_for_work(void);
/* Is an action waiting for the CPUs to rendezvous? (cheap, racy read) */
bool lp_work_pending(void);

int lp_get(const char *name, struct hv_livepatch_status *st);

/* Iteration for LIST: fills up to `max` entries from index `idx`. */
struct lp_list_entry {
	char name[LIVEPATCH_NAME_SIZE];
	struct hv_livepatch_status status;
	const char *metadata;        /* NUL-separated strings (usually key=value) */
	uint32_t metadata_len;
};
int lp_list(uint32_t idx, struct lp_list_entry *out, uint32_t max,
	    uint32_t *total, uint32_t *version);
/*
 * The same walk with `fn` called for each payload from index `idx` on
 * while the registry lock is held, so what e points to (metadata
 * included) cannot be unloaded under it: fn copies out what it needs and
 * must not call back into the core. fn returns 0 to go on, > 0 to stop
 * there, < 0 to stop and fail with that value. Returns the number of
 * payloads fn accepted, or fn's error; *total and *version as lp_list's.
 */
typedef int lp_list_fn(const struct lp_list_entry *e, uint32_t n, void *ctx);
int lp_list_each(uint32_t idx, lp_list_fn *fn, void *ctx, uint32_t *total, uint32_t *version);

/* Symbolization across payloads, for backtraces. */
const char *lp_symbol_by_addr(uint64_t addr, uint64_t *offset, uint64_t *size,
			      const char **payload);

/* Introspection, for `hvpatch check`, `info`, tests and benchmarks. */
struct lp_payload_info {
	uint32_t state;
	int32_t rc;
	uint32_t nfuncs, nrelocs, nsyms, nexports;
	uint64_t text_run, text_size, ro_size, rw_size;
	uint64_t ro_run, rw_run;     /* where rodata and data start (sizes are page multiples) */
	bool safe_to_reapply, reverted, may_have_run;
	bool has_hooks;
	char build_id[129], depends[129], hv_depends[129];
	const char *metadata;        /* NUL-separated strings (usually key=value) */
	uint32_t metadata_len;
};
struct lp_func_info {
	const char *name;
	uint64_t old_addr, new_addr;
	uint32_t old_size, new_size;
	bool applied, nop, has_expectation, has_hash;
};
int lp_payload_info(const char *name, struct lp_payload_info *info);
int lp_func_info(const char *name, uint32_t idx, struct lp_func_info *info);

/* The blackout window of the last completed action. */
struct lp_blackout {
	uint64_t cycles, ns;       /* HOLD to release: the longest any CPU was held */
	uint64_t all_held_ns;      /* the part with every CPU held: the patching */
	uint64_t gather_ns;        /* request to every CPU arrived (Xen's figure) */
	uint32_t cpus;
};
void lp_last_blackout(struct lp_blackout *out);

/* Drop every payload: for hosted tests; never used in the hypervisor. */
void lp_reset(void);

#endif
