/*
 * lp_host_* for `hvpatch check` (see check_host.h for the model). The core
 * runs unmodified; only where its bytes live differs from the hypervisor.
 */
#define _GNU_SOURCE
#include "check_host.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/elfimage.h"
#include "lib/image_host.h"
#include "livepatch/host.h"
#include "livepatch/payload.h"

#define PAGE IMAGE_HOST_PAGE
/* rel32 reach: every payload byte must be within 2 GiB of hypervisor text. */
#define REACH (2ull << 30)
#define LOG_LINE 1024

/* One payload allocation: bytes on the heap, a synthetic run range. */
struct region {
	struct region *next;
	uint8_t *write;
	uint64_t run;
	size_t size;
};

static struct elfimage image;
static bool image_open;
static uint64_t region_base, region_limit, next_run;
static struct region *regions;
static bool verbose;
static char first_error[LOG_LINE];

/* ---- set-up ---- */

static uint64_t page_up(uint64_t x)
{
	return (x + PAGE - 1) & ~(PAGE - 1);
}

/*
 * Payloads go on the first free page past the image, as close to text as
 * the hypervisor's own allocator could place them; reach is then measured
 * from the start of text, the farthest point a patched function can be.
 */
static int place_region(char *err, size_t errlen)
{
	uint64_t end = 0;

	for (unsigned i = 0; i < image.nsegs; i++) {
		const struct elfimage_segment *s = &image.segs[i];

		if (s->vaddr + s->memsz < s->vaddr) {
			snprintf(err, errlen, "%s: PT_LOAD segment at %#llx wraps the address space",
				 image.path, (unsigned long long)s->vaddr);
			return -ENOEXEC;
		}
		if (s->vaddr + s->memsz > end)
			end = s->vaddr + s->memsz;
	}
	if (!image.nsegs || image.text_end <= image.text_start) {
		snprintf(err, errlen, "%s: no PT_LOAD segments or no .text: not a linked image",
			 image.path);
		return -ENOEXEC;
	}
	region_base = page_up(end);
	region_limit = image.text_start + REACH;
	if (region_limit < image.text_start)
		region_limit = UINT64_MAX;
	next_run = region_base;
	return 0;
}

int check_host_open(const char *path, char *err, size_t errlen)
{
	int rc = elfimage_open(&image, path, err, errlen);

	if (rc)
		return rc;
	image_open = true;
	image_host_attach(&image);
	rc = place_region(err, errlen);
	if (rc)
		check_host_close();
	return rc;
}

void check_host_close(void)
{
	while (regions) {
		struct region *r = regions;

		regions = r->next;
		free(r->write);
		free(r);
	}
	image_host_attach(NULL);
	if (image_open)
		elfimage_close(&image);
	image_open = false;
}

const uint8_t *check_host_build_id(uint32_t *len)
{
	*len = image.build_id_len;
	return image.build_id;
}

void check_host_region(uint64_t *base, uint64_t *limit)
{
	*base = region_base;
	*limit = region_limit;
}

/* ---- log ---- */

void check_host_set_verbose(bool on)
{
	verbose = on;
}

void check_host_clear_error(void)
{
	first_error[0] = 0;
}

const char *check_host_first_error(void)
{
	return first_error[0] ? first_error : NULL;
}

void lp_host_vlog(enum lp_log_level level, const char *fmt, va_list ap)
{
	char line[LOG_LINE];
	size_t n;

	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	while (n && line[n - 1] == '\n')
		line[--n] = 0;
	/* The first error is the cause; later ones ("upload failed") are consequences. */
	if (level == LP_LOG_ERR && !first_error[0])
		snprintf(first_error, sizeof(first_error), "%s", line);
	if (level != LP_LOG_DEBUG || verbose)
		fprintf(stderr, "hvpatch: %s\n", line);
}

/* ---- payload memory ---- */

int lp_host_mem_alloc(size_t size, struct lp_mem *mem)
{
	struct region *r;
	size_t bytes = page_up(size ? size : 1);

	if (bytes < size || next_run > region_limit || bytes > region_limit - next_run)
		return -ENOSPC;
	r = calloc(1, sizeof(*r));
	/* Page-aligned like the run range, so the core's alignment checks agree. */
	if (r)
		r->write = aligned_alloc(PAGE, bytes);
	if (!r || !r->write) {
		free(r);
		return -ENOMEM;
	}
	memset(r->write, 0, bytes);
	r->run = next_run;
	r->size = bytes;
	r->next = regions;
	regions = r;
	/* Run addresses are never reused: a retired range stays retired. */
	next_run += bytes;
	*mem = (struct lp_mem){ .write = r->write, .run = r->run, .size = bytes, .host_cookie = r };
	return 0;
}

int lp_host_mem_protect(struct lp_mem *mem, size_t off, size_t len, unsigned perms)
{
	/* Nothing to protect in a heap buffer, but refuse what the hypervisor refuses. */
	if ((perms & LP_PERM_W) && (perms & LP_PERM_X))
		return -EPERM;
	if (off % PAGE || len % PAGE || off > mem->size || len > mem->size - off)
		return -EINVAL;
	return 0;
}

static void drop_region(struct lp_mem *mem)
{
	for (struct region **pp = &regions; *pp; pp = &(*pp)->next) {
		if (*pp != mem->host_cookie)
			continue;
		struct region *r = *pp;

		*pp = r->next;
		free(r->write);
		free(r);
		break;
	}
	mem->size = 0;
	mem->write = NULL;
}

void lp_host_mem_free(struct lp_mem *mem)
{
	drop_region(mem);
}

void lp_host_mem_retire(struct lp_mem *mem)
{
	drop_region(mem);
}

/* One thread, no lock-free readers: nothing to wait for. */
void lp_host_after_grace(struct lp_grace *g, void (*fn)(struct lp_grace *g))
{
	fn(g);
}

/* ---- the image ---- */

const struct lp_symtab *lp_host_symtab(void)
{
	return image_open ? &image.symtab : NULL;
}

/* Bytes at `run` from one PT_LOAD segment of IMAGE; returns how many, 0 if none. */
static size_t read_segment(uint64_t run, uint8_t *dst, size_t len)
{
	for (unsigned i = 0; i < image.nsegs; i++) {
		const struct elfimage_segment *s = &image.segs[i];
		uint64_t off = run - s->vaddr;
		size_t n;

		if (run < s->vaddr || off >= s->memsz)
			continue;
		n = len < s->memsz - off ? len : (size_t)(s->memsz - off);
		/* Past p_filesz is bss: zero in memory, absent from the file. */
		for (size_t b = 0; b < n; b++) {
			uint64_t at = off + b;

			if (at < s->filesz && s->offset + at < image.file_len)
				dst[b] = image.file[s->offset + at];
			else if (at < s->filesz)
				return 0;
			else
				dst[b] = 0;
		}
		return n;
	}
	return 0;
}

/* Bytes at `run` from an earlier payload (its text may be patched too). */
static size_t read_payload(uint64_t run, uint8_t *dst, size_t len)
{
	for (const struct region *r = regions; r; r = r->next) {
		uint64_t off = run - r->run;
		size_t n;

		if (run < r->run || off >= r->size)
			continue;
		n = len < r->size - off ? len : (size_t)(r->size - off);
		memcpy(dst, r->write + off, n);
		return n;
	}
	return 0;
}

/*
 * What the core's applied stack (lp_assume_applied) would have written over
 * [run, run+len): `p` and everything below it, bottom first. The caller
 * holds lp_lock (text is only read from inside the core).
 */
static void overlay_applied(const struct hv_payload *p, uint64_t run, uint8_t *dst, size_t len)
{
	if (!p)
		return;
	overlay_applied(p->applied_prev, run, dst, len);
	for (uint32_t i = 0; i < p->nfuncs; i++) {
		const struct lp_func *f = &p->funcs[i];

		for (uint32_t b = 0; f->applied && b < f->patch_len; b++)
			if (f->old_addr + b >= run && f->old_addr + b - run < len)
				dst[f->old_addr + b - run] = f->insn[b];
	}
}

int lp_host_text_read(uint64_t run, void *dst, size_t len)
{
	uint8_t *out = dst;
	uint64_t at = run;

	for (size_t done = 0; done < len;) {
		size_t n = read_segment(at, out + done, len - done);

		if (!n)
			n = read_payload(at, out + done, len - done);
		if (!n)
			return -EFAULT;
		done += n;
		at += n;
	}
	overlay_applied(lp_applied_top, run, out, len);
	return 0;
}

int lp_host_text_write(uint64_t run, const void *src, size_t len)
{
	/* `check` only predicts; reaching here would be a bug in the checker. */
	(void)run, (void)src, (void)len;
	return -EPERM;
}

/* ---- one CPU, no interrupts, no rendezvous ---- */

unsigned lp_host_nr_cpus(void)
{
	return 1;
}

unsigned lp_host_cpu_id(void)
{
	return 0;
}

void lp_host_kick_cpus(void)
{
}

void lp_host_serialize(void)
{
}

void lp_host_cpu_relax(void)
{
}

/* One CPU, no interrupts to hold off. */
unsigned long lp_host_irq_save(void)
{
	return 0;
}

void lp_host_irq_restore(unsigned long flags)
{
	(void)flags;
}

/* Cycles are nanoseconds here: nothing is timed that a TSC would sharpen. */
uint64_t lp_host_cycles(void)
{
	return lp_host_now_ns();
}

uint64_t lp_host_cycles_khz(void)
{
	return 1000000;
}
