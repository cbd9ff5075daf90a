/*
 * The live-patch payload format: what a payload object carries in its
 * .livepatch.* sections. Shared by the hypervisor, the hosted core, the
 * tools and the payloads themselves.
 *
 * struct livepatch_func has the byte layout of Xen's payload version 2 so
 * Xen's documentation, build tooling and habits carry over unchanged.
 */
#ifndef PUBLIC_LIVEPATCH_H
#define PUBLIC_LIVEPATCH_H

#include <stdint.h>

#define LIVEPATCH_PAYLOAD_VERSION 2
#define LIVEPATCH_OPAQUE_SIZE     31

struct livepatch_expectation {
	uint8_t enabled : 1;
	uint8_t len : 5;     /* bytes of data[] to compare, <= LIVEPATCH_OPAQUE_SIZE */
	uint8_t rsv : 2;     /* must be zero */
	uint8_t data[LIVEPATCH_OPAQUE_SIZE];
};

struct livepatch_func {
	const char *name;    /* symbol to patch; "file.c#name" for a file-local */
	void *new_addr;      /* replacement; NULL: NOP out new_size bytes */
	void *old_addr;      /* NULL: resolve name through the symbol table */
	uint32_t new_size;
	uint32_t old_size;
	uint8_t version;     /* LIVEPATCH_PAYLOAD_VERSION */
	uint8_t opaque[LIVEPATCH_OPAQUE_SIZE]; /* unused by hv: state is kept outside */
	uint8_t applied;     /* unused by hv, kept for layout */
	uint8_t patch_offset;
	uint8_t _pad[6];
	struct livepatch_expectation expect;
};

_Static_assert(sizeof(struct livepatch_func) == 104, "Xen v2 layout");

/*
 * Beyond Xen: .livepatch.old_hash, an array parallel to .livepatch.funcs.
 * Entry i, when enabled, holds the xxh64 (seed 0) of the first `len` bytes
 * the payload expects at funcs[i].old_addr, so a payload that does not
 * stack on others can still be checked against the code actually in memory.
 */
#define LIVEPATCH_OLD_HASH_ENABLED 1u

struct livepatch_old_hash {
	uint64_t xxh64;
	uint32_t len;        /* 0 means old_size */
	uint32_t flags;      /* LIVEPATCH_OLD_HASH_ENABLED */
};

_Static_assert(sizeof(struct livepatch_old_hash) == 16, "ABI");

/* Section names a payload may carry. */
#define LIVEPATCH_SEC_FUNCS       ".livepatch.funcs"
#define LIVEPATCH_SEC_OLD_HASH    ".livepatch.old_hash"
#define LIVEPATCH_SEC_HV_DEPENDS  ".livepatch.xen_depends"
#define LIVEPATCH_SEC_DEPENDS     ".livepatch.depends"
#define LIVEPATCH_SEC_BUILD_ID    ".note.gnu.build-id"
#define LIVEPATCH_SEC_MODINFO     ".modinfo"
#define LIVEPATCH_SEC_HOOKS       ".livepatch.hooks."

/*
 * Hooks, as in Xen. load/unload sections are arrays of
 * livepatch_loadcall_t pointers; the others hold exactly one pointer.
 *  - preapply/prerevert: run when the action is requested, before any CPU
 *    is stopped; a non-zero return vetoes the action.
 *  - apply/revert: replace the default patching inside the rendezvous.
 *  - postapply/postrevert: run after the CPUs are released, whenever the
 *    action ran in the rendezvous (also when it failed; not on a timeout).
 *  - load/unload: run inside the rendezvous, load before patching and
 *    unload after unpatching, as part of the default patching (an action
 *    hook that replaces it runs them by calling lp_payload_apply_funcs /
 *    lp_payload_revert_funcs), as in Xen.
 */
struct hv_payload;
typedef void livepatch_loadcall_t(void);
typedef void livepatch_unloadcall_t(void);
typedef int livepatch_precall_t(struct hv_payload *payload);
typedef int livepatch_actioncall_t(struct hv_payload *payload);
typedef void livepatch_postcall_t(struct hv_payload *payload);

/* The default patching, for apply/revert action hooks that wrap it. */
int lp_payload_apply_funcs(struct hv_payload *payload);
int lp_payload_revert_funcs(struct hv_payload *payload);

#define LIVEPATCH_SECTION(s) __attribute__((__section__(s), __used__))

#define LIVEPATCH_LOAD_HOOK(f) \
	static livepatch_loadcall_t *const __lp_load_##f \
	LIVEPATCH_SECTION(".livepatch.hooks.load") = f
#define LIVEPATCH_UNLOAD_HOOK(f) \
	static livepatch_unloadcall_t *const __lp_unload_##f \
	LIVEPATCH_SECTION(".livepatch.hooks.unload") = f
#define LIVEPATCH_PREAPPLY_HOOK(f) \
	static livepatch_precall_t *const __lp_preapply \
	LIVEPATCH_SECTION(".livepatch.hooks.preapply") = f
#define LIVEPATCH_APPLY_HOOK(f) \
	static livepatch_actioncall_t *const __lp_apply \
	LIVEPATCH_SECTION(".livepatch.hooks.apply") = f
#define LIVEPATCH_POSTAPPLY_HOOK(f) \
	static livepatch_postcall_t *const __lp_postapply \
	LIVEPATCH_SECTION(".livepatch.hooks.postapply") = f
#define LIVEPATCH_PREREVERT_HOOK(f) \
	static livepatch_precall_t *const __lp_prerevert \
	LIVEPATCH_SECTION(".livepatch.hooks.prerevert") = f
#define LIVEPATCH_REVERT_HOOK(f) \
	static livepatch_actioncall_t *const __lp_revert \
	LIVEPATCH_SECTION(".livepatch.hooks.revert") = f
#define LIVEPATCH_POSTREVERT_HOOK(f) \
	static livepatch_postcall_t *const __lp_postrevert \
	LIVEPATCH_SECTION(".livepatch.hooks.postrevert") = f

#endif
