/*
 * The payload as the core keeps it, shared by the loader stages, the state
 * machine and the patch engine. Not visible outside hv/livepatch/.
 */
#ifndef LP_PAYLOAD_H
#define LP_PAYLOAD_H

#include "compat.h"
#include "arch.h"
#include "host.h"
#include "symtab.h"
#include "elf.h"
#include "errno_name.h"
#include <public/livepatch.h>
#include <public/sysctl.h>

#define LP_BUILD_ID_MAX 64
#define LP_MAX_FUNCS 4096

struct lp_build_id {
	uint8_t bytes[LP_BUILD_ID_MAX];
	uint32_t len;            /* 0: absent */
};

/* Per-function state kept outside the payload's own (untrusted) memory. */
struct lp_func {
	const struct livepatch_func *desc;  /* inside the payload's rw memory */
	const char *name;                   /* the payload's string, or label */
	char label[20];                     /* "@0x<old_addr>" when it has none */
	uint64_t old_addr;
	uint64_t new_addr;                  /* 0: NOP */
	uint32_t old_size, new_size;
	uint32_t patch_len;                 /* bytes the engine writes */
	uint8_t insn[LP_ARCH_MAX_PATCH];    /* bytes written when applied */
	uint8_t saved[LP_ARCH_MAX_PATCH];   /* bytes replaced, for revert */
	bool applied;
	bool has_hash;
	uint64_t hash;
	uint32_t hash_len;
};

struct lp_hooks {
	livepatch_loadcall_t *const *load;
	uint32_t nload;
	livepatch_unloadcall_t *const *unload;
	uint32_t nunload;
	livepatch_precall_t *preapply, *prerevert;
	livepatch_actioncall_t *apply, *revert;
	livepatch_postcall_t *postapply, *postrevert;
};

struct hv_payload {
	char name[LIVEPATCH_NAME_SIZE];
	struct hv_payload *next;          /* all payloads, upload order */
	struct hv_payload *applied_prev;  /* applied stack, top -> bottom */

	uint32_t state;                   /* LIVEPATCH_STATE_* */
	volatile int32_t rc;
	bool reverted;                    /* was applied once and reverted */
	struct lp_grace grace;            /* unload: freed after a grace period */
	bool may_have_run;                /* its code was or may be called: retire, never free */
	bool safe_to_reapply;             /* no .data/.bss of its own */

	struct lp_mem mem;
	uint64_t text_run, text_size;     /* for symbolization and reach */
	size_t text_off, text_len, ro_off, ro_len, rw_off, rw_len;

	struct lp_func *funcs;
	uint32_t nfuncs;
	struct lp_hooks hooks;

	struct lp_build_id id, dep, hv_dep;

	char *metadata;                   /* .modinfo copy, NUL separated */
	uint32_t metadata_len;

	/* Symbols: all defined ones (backtraces), exported subset by name. */
	struct lp_sym *syms;
	uint32_t nsyms;
	char *sym_names;
	struct lp_symtab symtab;          /* every defined symbol (by addr) */
	struct lp_sym *exports;
	uint32_t nexports;
	struct lp_symtab exptab;          /* STB_GLOBAL new symbols */

	uint32_t nrelocs;                 /* statistics for `hvpatch check` */

	/* Payloads its relocations point into: they stay loaded while it is. */
	struct hv_payload **uses;
	uint32_t nuses;
};

/* Registry (payload.c). Callers hold lp_lock. */
extern struct hv_payload *lp_payloads;
extern struct hv_payload *lp_applied_top;
extern uint32_t lp_payload_version;
struct hv_payload *lp_find(const char *name);
void lp_lock(void);
void lp_unlock(void);

void lp_log(enum lp_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define lp_err(p, fmt, ...)  lp_log(LP_LOG_ERR, "livepatch: %s: " fmt "\n", (p), ##__VA_ARGS__)
#define lp_warn(p, fmt, ...) lp_log(LP_LOG_WARN, "livepatch: %s: " fmt "\n", (p), ##__VA_ARGS__)
#define lp_info(p, fmt, ...) lp_log(LP_LOG_INFO, "livepatch: %s: " fmt "\n", (p), ##__VA_ARGS__)

/* Loader stages, in order (load.c drives them). */
int lp_layout(struct hv_payload *p, struct lp_elf *elf);
int lp_resolve(struct hv_payload *p, struct lp_elf *elf);
int lp_relocate(struct hv_payload *p, struct lp_elf *elf);
int lp_read_build_ids(struct hv_payload *p, const struct lp_elf *elf);
int lp_check_unsupported_sections(const struct hv_payload *p, const struct lp_elf *elf);
int lp_read_funcs(struct hv_payload *p, const struct lp_elf *elf);
int lp_read_hooks(struct hv_payload *p, const struct lp_elf *elf);
int lp_read_metadata(struct hv_payload *p, const struct lp_elf *elf);
int lp_collect_symbols(struct hv_payload *p, const struct lp_elf *elf);
int lp_protect(struct hv_payload *p);
void lp_payload_free(struct hv_payload *p);

/* Symbol resolution across hypervisor and payloads (resolve.c). */
/* Hypervisor first, then payload exports; *provider: the exporting payload or NULL. */
int lp_lookup_symbol(const char *payload, const char *name, uint64_t *addr,
		     uint64_t *size, struct hv_payload **provider);
int lp_check_export_clash(const struct hv_payload *p, const struct hv_payload *provider);

/* Checks at action time (funcs.c, buildid.c). */
int lp_check_old_code(const struct hv_payload *p, bool as_if_unpatched);
int lp_check_depends(const struct hv_payload *p, const struct hv_payload *top);
int lp_check_hv_build_id(const struct hv_payload *p);
/* Every APPLY rule but the pre-apply hook (action.c); *rule names the refusing one. */
int lp_check_apply(const struct hv_payload *p, uint32_t flags, const char **rule);
void lp_format_build_id(const struct lp_build_id *id, char *out, size_t outlen);

/* Patch engine (engine.c) */
int lp_engine_schedule(struct hv_payload *p, uint32_t cmd, uint64_t timeout_ns);
void lp_engine_reset(void);
bool lp_engine_busy(void);
/* Before any of its code is called (engine.c). */
void lp_mark_may_run(struct hv_payload *p);
/* `hvpatch check`: the registry as APPLY leaves it, no text written, no code run. */
int lp_assume_applied(struct hv_payload *p);

/* A hook's failure as the action's result (hooks.c). */
int lp_hook_errno(int rc);

#endif
