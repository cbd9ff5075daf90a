/*
 * What the live-patch core needs from whatever hosts it. The hypervisor
 * implements this in hv/ and hv/arch/x86_64/; the hosted build implements
 * it with mmap/memfd, pthreads and a barrier (tests/hosted/), and the offline
 * checker with plain buffers and a synthetic address space (tools/hvpatch/).
 * Nothing else of the hypervisor is visible to the core.
 */
#ifndef LP_HOST_H
#define LP_HOST_H

#include "compat.h"

struct lp_symtab;

/* ---- logging ---- */
enum lp_log_level { LP_LOG_ERR, LP_LOG_WARN, LP_LOG_INFO, LP_LOG_DEBUG };
void lp_host_vlog(enum lp_log_level level, const char *fmt, va_list ap);

/* ---- heap for the core's own bookkeeping ---- */
void *lp_host_zalloc(size_t size);
void lp_host_free(void *p);

/*
 * ---- payload memory ----
 * One contiguous allocation per payload. `write` is where the loader
 * stores bytes; `run` is the address the code will execute at. They are
 * equal in the hypervisor and in the hosted engine, and differ in the
 * offline checker. The run range lies within +-2 GiB of hypervisor text.
 * Fresh memory is readable and writable, never executable.
 */
enum lp_perm { LP_PERM_R = 1, LP_PERM_W = 2, LP_PERM_X = 4 };
struct lp_mem {
	uint8_t *write;
	uint64_t run;
	size_t size;          /* page multiple */
	void *host_cookie;
};
int lp_host_mem_alloc(size_t size, struct lp_mem *mem);
/* Set permissions of [off, off+len), both page aligned. W and X never together. */
int lp_host_mem_protect(struct lp_mem *mem, size_t off, size_t len, unsigned perms);
/* Memory of a payload whose code never ran: give it back. */
void lp_host_mem_free(struct lp_mem *mem);
/* Memory of a payload whose code ran: make it inaccessible, never reuse it. */
void lp_host_mem_retire(struct lp_mem *mem);
size_t lp_host_page_size(void);

/*
 * Deferred reclamation: an unloaded payload is unlinked at once, but
 * lock-free readers (the trap handler's symbol lookup) may still hold a
 * pointer into it. lp_host_after_grace() calls fn(g) once every CPU has
 * passed a point where it holds no such pointer (the hypervisor: its
 * softirq/VMEXIT path); where nothing reads without the lock (the hosted
 * tests, hvpatch check) that may be at once. `g` lives in the object
 * being freed.
 */
struct lp_grace {
	struct lp_grace *next;
	uint64_t seq;
	void (*fn)(struct lp_grace *g);
};
void lp_host_after_grace(struct lp_grace *g, void (*fn)(struct lp_grace *g));

/* ---- the hypervisor image ---- */
const struct lp_symtab *lp_host_symtab(void);
int lp_host_build_id(const uint8_t **id, uint32_t *len);
/* Bounds of the hypervisor's text, to tell whether old_addr may be patched. */
void lp_host_text_bounds(uint64_t *start, uint64_t *end);
/* Bounds of .text.nopatch: the live-patch core, rendezvous and entry paths. */
void lp_host_nopatch_bounds(uint64_t *start, uint64_t *end);
/* Read live code at a run address (for expectations and saving old bytes). */
int lp_host_text_read(uint64_t run, void *dst, size_t len);
/* Write code through a writable alias; only called inside the rendezvous. */
int lp_host_text_write(uint64_t run, const void *src, size_t len);

/* ---- CPUs ---- */
unsigned lp_host_nr_cpus(void);
unsigned lp_host_cpu_id(void);
/* Make every other CPU reach lp_check_for_work() soon (IPI + softirq). */
void lp_host_kick_cpus(void);
unsigned long lp_host_irq_save(void);
void lp_host_irq_restore(unsigned long flags);
/* Instruction-stream serialization after code was modified. */
void lp_host_serialize(void);
void lp_host_cpu_relax(void);
uint64_t lp_host_now_ns(void);
uint64_t lp_host_cycles(void);
/* Cycle counter frequency in kHz, for turning blackout cycles into time. */
uint64_t lp_host_cycles_khz(void);

#endif
