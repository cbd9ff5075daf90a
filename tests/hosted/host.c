/*
 * lp_host_* for the hosted build (see hv/livepatch/host.h). Real
 * mechanisms throughout: code really executes from the mapped image and
 * payload region, text is really written through a second (RW) mapping of
 * the same memfd pages, permissions are really set with mprotect, and the
 * rendezvous really holds concurrently running threads.
 */
#define _GNU_SOURCE
#include "hosted.h"

#include <cpuid.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

#include "livepatch/host.h"
#include "livepatch/livepatch.h"
#include <public/livepatch.h>
#include "lib/elfimage.h"
#include "lib/image_host.h"

#define PAGE IMAGE_HOST_PAGE
#define REGION_BYTES (64ul << 20)
#define REGION_GAP (128ul << 20) /* payload region starts this far past the image */
#define LOG_BYTES (256u << 10)

struct view {
	uint8_t *run;   /* executable/readable mapping at its link address */
	uint8_t *alias; /* read-write mapping of the same pages */
	uint64_t base;
	size_t size;
};

static struct elfimage image;
/* The image's symbols plus the core's hook helpers, as the hypervisor has them. */
static struct lp_sym *all_syms;
static struct lp_symtab all_symtab;
static struct view img_view, region;
static uint8_t *page_state; /* 0 free, 1 used, 2 retired */
static size_t region_pages;

static char log_buf[LOG_BYTES];
static size_t log_len;
static pthread_mutex_t log_mutex = PTHREAD_MUTEX_INITIALIZER;

static pthread_t threads[64];
static unsigned nthreads, phantom;
static volatile bool stop_threads;
static hosted_work_fn *thread_work;
static void *thread_arg;
static __thread unsigned this_cpu;
static __thread bool is_cpu_thread; /* the test's main thread is no CPU */
/* Published by each CPU thread: interrupts off, i.e. held by the rendezvous. */
static volatile bool irqs_off[64];
static unsigned long unheld_writes;
static bool slow_writes;
static uint64_t slow_relax_ns;

/* ---- mapping ---- */

static int map_view(struct view *v, uint64_t base, size_t size, const char *tag)
{
	int fd = memfd_create(tag, MFD_CLOEXEC);
	void *run, *alias;

	if (fd < 0 || ftruncate(fd, (off_t)size)) {
		if (fd >= 0)
			close(fd);
		return -errno;
	}
	run = mmap((void *)base, size, PROT_NONE, MAP_SHARED | MAP_FIXED_NOREPLACE, fd, 0);
	alias = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (run == MAP_FAILED || run != (void *)base || alias == MAP_FAILED)
		return -EADDRINUSE;
	v->run = run;
	v->alias = alias;
	v->base = base;
	v->size = size;
	return 0;
}

static void unmap_view(struct view *v)
{
	if (v->run)
		munmap(v->run, v->size);
	if (v->alias)
		munmap(v->alias, v->size);
	memset(v, 0, sizeof(*v));
}

static int map_image(void)
{
	uint64_t lo = UINT64_MAX, hi = 0;
	int rc;

	for (unsigned i = 0; i < image.nsegs; i++) {
		const struct elfimage_segment *s = &image.segs[i];

		lo = s->vaddr < lo ? s->vaddr : lo;
		hi = s->vaddr + s->memsz > hi ? s->vaddr + s->memsz : hi;
	}
	if (!image.nsegs)
		return -ENOEXEC;
	lo &= ~(PAGE - 1);
	hi = (hi + PAGE - 1) & ~(PAGE - 1);
	rc = map_view(&img_view, lo, hi - lo, "hosted-image");
	if (rc)
		return rc;
	for (unsigned i = 0; i < image.nsegs; i++) {
		const struct elfimage_segment *s = &image.segs[i];
		uint64_t start = s->vaddr & ~(PAGE - 1);
		uint64_t end = (s->vaddr + s->memsz + PAGE - 1) & ~(PAGE - 1);

		if (s->offset + s->filesz > image.file_len)
			return -ENOEXEC;
		memcpy(img_view.alias + (s->vaddr - lo), image.file + s->offset, s->filesz);
		if (mprotect((void *)start, end - start, (int)s->prot))
			return -errno;
	}
	return 0;
}

static int index_symbols(void)
{
	const struct lp_sym extra[] = {
		{ "lp_payload_apply_funcs", (uint64_t)(uintptr_t)lp_payload_apply_funcs, 1, 1, 0 },
		{ "lp_payload_revert_funcs", (uint64_t)(uintptr_t)lp_payload_revert_funcs, 1, 1, 0 },
	};
	uint32_t n = image.nsyms + (uint32_t)(sizeof(extra) / sizeof(extra[0]));

	all_syms = calloc(n, sizeof(*all_syms));
	if (!all_syms)
		return -ENOMEM;
	memcpy(all_syms, image.syms, image.nsyms * sizeof(*all_syms));
	memcpy(all_syms + image.nsyms, extra, sizeof(extra));
	return lp_symtab_build(&all_symtab, all_syms, n);
}

int hosted_boot(const char *image_path)
{
	char err[256];
	int rc = elfimage_open(&image, image_path, err, sizeof(err));

	if (rc) {
		fprintf(stderr, "hosted: %s\n", err);
		return rc;
	}
	image_host_attach(&image);
	rc = map_image();
	if (!rc)
		rc = map_view(&region, (img_view.base + img_view.size + REGION_GAP) & ~(PAGE - 1),
			      REGION_BYTES, "hosted-payloads");
	if (rc) {
		fprintf(stderr, "hosted: cannot map image/payload region: %s\n", strerror(-rc));
		hosted_shutdown();
		return rc;
	}
	region_pages = REGION_BYTES / PAGE;
	page_state = calloc(region_pages, 1);
	if (!page_state || index_symbols())
		return -ENOMEM;
	return lp_init();
}

void hosted_shutdown(void)
{
	hosted_cpus_stop();
	lp_reset();
	unmap_view(&region);
	unmap_view(&img_view);
	free(page_state);
	page_state = NULL;
	lp_symtab_destroy(&all_symtab);
	free(all_syms);
	all_syms = NULL;
	image_host_attach(NULL);
	elfimage_close(&image);
}

uint64_t hosted_sym(const char *name)
{
	return elfimage_sym(&image, name, NULL);
}

const uint8_t *hosted_build_id(uint32_t *len)
{
	*len = image.build_id_len;
	return image.build_id;
}

/* ---- log ---- */

void lp_host_vlog(enum lp_log_level level, const char *fmt, va_list ap)
{
	va_list copy;

	va_copy(copy, ap);
	pthread_mutex_lock(&log_mutex);
	if (log_len < LOG_BYTES - 1) {
		int n = vsnprintf(log_buf + log_len, LOG_BYTES - log_len, fmt, ap);

		if (n > 0)
			log_len += (size_t)n < LOG_BYTES - log_len ? (size_t)n : LOG_BYTES - 1 - log_len;
	}
	pthread_mutex_unlock(&log_mutex);
	if (getenv("HV_LOG"))
		vfprintf(stderr, fmt, copy);
	va_end(copy);
	(void)level;
}

const char *hosted_log(void)
{
	return log_buf;
}

bool hosted_log_has(const char *needle)
{
	bool found;

	pthread_mutex_lock(&log_mutex);
	found = strstr(log_buf, needle) != NULL;
	pthread_mutex_unlock(&log_mutex);
	return found;
}

void hosted_log_clear(void)
{
	pthread_mutex_lock(&log_mutex);
	log_len = 0;
	log_buf[0] = 0;
	pthread_mutex_unlock(&log_mutex);
}

/* ---- payload memory ---- */

int lp_host_mem_alloc(size_t size, struct lp_mem *mem)
{
	size_t pages = (size + PAGE - 1) / PAGE, run = 0;

	for (size_t i = 0; i < region_pages; i++) {
		run = page_state[i] ? 0 : run + 1;
		if (run < pages)
			continue;
		size_t first = i + 1 - pages;

		memset(page_state + first, 1, pages);
		mem->run = region.base + first * PAGE;
		mem->write = (uint8_t *)mem->run;
		mem->size = pages * PAGE;
		mem->host_cookie = NULL;
		if (mprotect(mem->write, mem->size, PROT_READ | PROT_WRITE))
			return -errno;
		memset(mem->write, 0, mem->size);
		return 0;
	}
	return -ENOSPC;
}

static unsigned protect_countdown;
static int protect_err;

void hosted_fail_mem_protect(unsigned nth, int err)
{
	protect_countdown = nth;
	protect_err = err;
}

int lp_host_mem_protect(struct lp_mem *mem, size_t off, size_t len, unsigned perms)
{
	int prot = 0;

	if (protect_countdown && --protect_countdown == 0)
		return protect_err;
	if ((perms & LP_PERM_W) && (perms & LP_PERM_X))
		return -EPERM;
	if (off % PAGE || len % PAGE || off + len > mem->size)
		return -EINVAL;
	prot |= (perms & LP_PERM_R) ? PROT_READ : 0;
	prot |= (perms & LP_PERM_W) ? PROT_WRITE : 0;
	prot |= (perms & LP_PERM_X) ? PROT_EXEC : 0;
	return mprotect(mem->write + off, len, prot) ? -errno : 0;
}

static void mark_pages(struct lp_mem *mem, uint8_t state)
{
	size_t first = (mem->run - region.base) / PAGE;

	mprotect(mem->write, mem->size, PROT_NONE);
	memset(page_state + first, state, mem->size / PAGE);
	mem->size = 0;
}

void lp_host_mem_free(struct lp_mem *mem)
{
	mark_pages(mem, 0);
}

void lp_host_mem_retire(struct lp_mem *mem)
{
	mark_pages(mem, 2);
}

/* No hosted thread reads payloads without the lock: the grace period is empty. */
void lp_host_after_grace(struct lp_grace *g, void (*fn)(struct lp_grace *g))
{
	fn(g);
}

/* One page's permissions from /proc/self/maps; false when unmapped. */
static bool page_perms(FILE *maps, uint64_t page, char perms[4])
{
	char line[512];

	rewind(maps);
	while (fgets(line, sizeof(line), maps)) {
		unsigned long long lo, hi;
		char p[5];

		if (sscanf(line, "%llx-%llx %4s", &lo, &hi, p) != 3 || page < lo || page >= hi)
			continue;
		memcpy(perms, p, 3);
		perms[3] = 0;
		return true;
	}
	return false;
}

int hosted_perms(uint64_t addr, size_t len, char perms[4])
{
	FILE *maps = fopen("/proc/self/maps", "r");
	char first[4] = "", cur[4];
	int rc = 0;

	if (!maps)
		return -errno;
	for (uint64_t a = addr & ~(PAGE - 1); a < addr + len && !rc; a += PAGE) {
		if (!page_perms(maps, a, cur))
			rc = -ENOENT;
		else if (!first[0])
			memcpy(first, cur, 4);
		else if (strcmp(first, cur))
			rc = -ERANGE;
	}
	fclose(maps);
	memcpy(perms, first, 4);
	return rc;
}

static size_t count_pages(uint8_t state)
{
	size_t n = 0;

	for (size_t i = 0; i < region_pages; i++)
		n += page_state[i] == state;
	return n;
}

size_t hosted_region_pages_free(void)
{
	return count_pages(0);
}

size_t hosted_region_pages_retired(void)
{
	return count_pages(2);
}

/* ---- image ---- */

const struct lp_symtab *lp_host_symtab(void)
{
	return all_syms ? &all_symtab : NULL;
}

static uint8_t *alias_of(uint64_t run, size_t len)
{
	const struct view *views[] = { &img_view, &region };

	for (unsigned i = 0; i < 2; i++) {
		const struct view *v = views[i];

		if (v->size && run >= v->base && run - v->base <= v->size &&
		    len <= v->size - (run - v->base))
			return v->alias + (run - v->base);
	}
	return NULL;
}

int lp_host_text_read(uint64_t run, void *dst, size_t len)
{
	uint8_t *a = alias_of(run, len);

	if (!a)
		return -EFAULT;
	memcpy(dst, a, len);
	return 0;
}

static unsigned text_write_countdown;
static int text_write_err;

void hosted_fail_text_write(unsigned nth, int err)
{
	text_write_countdown = nth;
	text_write_err = err;
}

void hosted_slow_text_writes(bool on)
{
	slow_writes = on;
}

unsigned long hosted_unheld_writes(void)
{
	return __atomic_load_n(&unheld_writes, __ATOMIC_ACQUIRE);
}

static void hosted_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lp_host_vlog(LP_LOG_ERR, fmt, ap);
	va_end(ap);
}

/*
 * The rule the engine exists for: text changes only while every other CPU
 * sits in the rendezvous with interrupts off (and the writer too). A
 * breach is counted and logged, and the write still goes ahead, so that a
 * CPU running the target can be seen to execute a half-written patch.
 */
static void check_others_held(uint64_t run)
{
	bool ok = true;

	if (phantom) {
		hosted_note("hosted: text write at %#llx with %u phantom CPU(s) that are never held\n",
			    (unsigned long long)run, phantom);
		ok = false;
	}
	for (unsigned i = 0; i < nthreads; i++) {
		bool self = is_cpu_thread && i == this_cpu;

		if (__atomic_load_n(&irqs_off[i], __ATOMIC_ACQUIRE))
			continue;
		hosted_note("hosted: text write at %#llx by %s %u while CPU %u %s\n",
			    (unsigned long long)run, is_cpu_thread ? "CPU" : "the main thread",
			    is_cpu_thread ? this_cpu : 0, i,
			    self ? "(the writer) has interrupts on" : "is not held");
		ok = false;
	}
	if (!ok)
		__atomic_add_fetch(&unheld_writes, 1, __ATOMIC_ACQ_REL);
}

/* One byte at a time with pauses: any CPU not held would run a torn instruction. */
static void write_slowly(uint8_t *a, const uint8_t *src, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		uint64_t until = lp_host_now_ns() + 200 * 1000;

		__atomic_store_n(&a[i], src[i], __ATOMIC_RELEASE);
		while (lp_host_now_ns() < until)
			sched_yield();
	}
}

int lp_host_text_write(uint64_t run, const void *src, size_t len)
{
	uint8_t *a = alias_of(run, len);

	if (text_write_countdown && --text_write_countdown == 0)
		return text_write_err;
	if (!a)
		return -EFAULT;
	check_others_held(run);
	if (slow_writes)
		write_slowly(a, src, len);
	else
		memcpy(a, src, len);
	return 0;
}

/* ---- CPUs ---- */

unsigned lp_host_nr_cpus(void)
{
	return (nthreads ? nthreads : 1) + phantom;
}

unsigned lp_host_cpu_id(void)
{
	return this_cpu;
}

void lp_host_kick_cpus(void)
{
	/* The CPU threads poll; nothing to interrupt. */
}

void lp_host_serialize(void)
{
	unsigned a, b, c, d;

	__cpuid(0, a, b, c, d);
	(void)a, (void)b, (void)c, (void)d;
}

void lp_host_cpu_relax(void)
{
	/* Two cores run more "CPUs" than that: let the others get there. */
	if (slow_relax_ns)
		nanosleep(&(struct timespec){ 0, (long)slow_relax_ns }, NULL);
	else
		sched_yield();
}

void hosted_slow_relax(uint64_t ns)
{
	slow_relax_ns = ns < 1000000000ull ? ns : 999999999ull;
}

unsigned long lp_host_irq_save(void)
{
	if (is_cpu_thread)
		__atomic_store_n(&irqs_off[this_cpu], true, __ATOMIC_RELEASE);
	return 0;
}

void lp_host_irq_restore(unsigned long flags)
{
	if (is_cpu_thread)
		__atomic_store_n(&irqs_off[this_cpu], false, __ATOMIC_RELEASE);
	(void)flags;
}

uint64_t lp_host_cycles(void)
{
	return __rdtsc();
}

uint64_t lp_host_cycles_khz(void)
{
	static uint64_t khz;

	if (!khz) {
		uint64_t t0 = lp_host_now_ns(), c0 = __rdtsc(), t1, c1;

		do
			t1 = lp_host_now_ns();
		while (t1 - t0 < 10 * 1000 * 1000);
		c1 = __rdtsc();
		khz = (c1 - c0) * 1000000ull / (t1 - t0);
		if (!khz)
			khz = 1;
	}
	return khz;
}

static void *cpu_main(void *arg)
{
	this_cpu = (unsigned)(uintptr_t)arg;
	is_cpu_thread = true;
	while (!__atomic_load_n(&stop_threads, __ATOMIC_ACQUIRE)) {
		lp_check_for_work();
		if (thread_work)
			thread_work(this_cpu, thread_arg);
		else
			sched_yield();
	}
	return NULL;
}

int hosted_cpus_start(unsigned n, hosted_work_fn *work, void *arg)
{
	if (nthreads || n == 0 || n > 64)
		return -EINVAL;
	lp_host_cycles_khz(); /* calibrate before anyone measures */
	stop_threads = false;
	thread_work = work;
	thread_arg = arg;
	for (unsigned i = 0; i < n; i++) {
		if (pthread_create(&threads[i], NULL, cpu_main, (void *)(uintptr_t)i)) {
			nthreads = i;
			hosted_cpus_stop();
			return -EAGAIN;
		}
	}
	nthreads = n;
	return 0;
}

void hosted_cpus_stop(void)
{
	__atomic_store_n(&stop_threads, true, __ATOMIC_RELEASE);
	for (unsigned i = 0; i < nthreads; i++)
		pthread_join(threads[i], NULL);
	nthreads = 0;
	phantom = 0;
	thread_work = NULL;
	slow_writes = false;
	slow_relax_ns = 0;
}

void hosted_cpus_phantom(unsigned extra)
{
	phantom = extra;
}

int hosted_action(const char *name, uint32_t cmd, uint64_t timeout_ns, uint32_t flags)
{
	struct hv_livepatch_status st;
	uint64_t give_up = lp_host_now_ns() + 20ull * 1000 * 1000 * 1000;
	unsigned long unheld = hosted_unheld_writes();
	int rc = lp_action(name, cmd, timeout_ns, flags);

	if (rc || cmd == LIVEPATCH_ACTION_UNLOAD)
		return rc;
	for (;;) {
		if (!nthreads)
			lp_check_for_work();
		if (lp_get(name, &st))
			return -ENOENT;
		if (st.rc != -EAGAIN && hosted_unheld_writes() != unheld) {
			fprintf(stderr, "hosted: action %u on %s wrote text with a CPU not held:\n%s",
				cmd, name, hosted_log());
			return -EPROTO;
		}
		if (st.rc != -EAGAIN)
			return st.rc;
		if (lp_host_now_ns() > give_up) {
			fprintf(stderr, "hosted: action %u on %s never completed\n", cmd, name);
			return -EDEADLK;
		}
		sched_yield();
	}
}

/* ---- payload files ---- */

void *hosted_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	void *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) > 0 && !fseek(f, 0, SEEK_SET)) {
		buf = malloc((size_t)n);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return buf;
}

const char *hosted_payload_path(const char *name)
{
	static __thread char path[512];
	const char *dir = getenv("HV_PAYLOAD_DIR");

	snprintf(path, sizeof(path), "%s/%s.livepatch", dir ? dir : "build/tests/payloads", name);
	return path;
}

int hosted_upload_file(const char *name)
{
	size_t len = 0;
	void *buf = hosted_read_file(hosted_payload_path(name), &len);
	int rc;

	if (!buf) {
		fprintf(stderr, "hosted: cannot read %s\n", hosted_payload_path(name));
		return -ENOENT;
	}
	rc = lp_upload(name, buf, len);
	free(buf);
	return rc;
}
