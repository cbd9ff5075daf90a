/*
 * `make bench`: tables, never pass/fail. Runs the hosted core on the bench
 * image (the test image plus generated patch targets, mk/bench.mk):
 *   (a) symbol lookup: hash index vs sorted binary search (Xen's
 *       CONFIG_FAST_SYMBOL_LOOKUP) vs linear scan;
 *   (b) upload (parse, place, resolve, relocate) throughput;
 *   (c) the apply/revert blackout window by function and CPU count.
 *
 *   bench IMAGE PAYLOAD_DIR
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hosted/hosted.h"
#include "livepatch/host.h"
#include "livepatch/livepatch.h"
#include "livepatch/symtab.h"

static const char *payload_dir;

/* Results feed a sink so the compiler cannot drop the lookups. */
static volatile uint64_t sink;

static uint64_t now_ns(void)
{
	return lp_host_now_ns();
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

struct stats {
	uint64_t min, median, max;
};

static struct stats stats_of(uint64_t *v, unsigned n)
{
	qsort(v, n, sizeof(*v), cmp_u64);
	return (struct stats){ v[0], v[n / 2], v[n - 1] };
}

/* ---- (a) symbol lookup ---- */

/* Xorshift: a fixed query order that defeats the branch predictor, same every run. */
static uint32_t next_rand(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/*
 * Xen with CONFIG_FAST_SYMBOL_LOOKUP (the default with LIVEPATCH): names
 * sorted at build time, binary search by strcmp. Xen also expands each
 * probed name from its compressed table before comparing; plain strings
 * here, so this favours the binary search.
 */
struct sorted_names {
	const struct lp_sym **v;
	uint32_t n;
};

static int by_name(const void *a, const void *b)
{
	return strcmp((*(const struct lp_sym *const *)a)->name,
		      (*(const struct lp_sym *const *)b)->name);
}

static int sorted_build(struct sorted_names *s, const struct lp_sym *syms, uint32_t n)
{
	s->v = malloc(n * sizeof(*s->v));
	if (!s->v)
		return -ENOMEM;
	for (uint32_t i = 0; i < n; i++)
		s->v[i] = &syms[i];
	s->n = n;
	qsort(s->v, n, sizeof(*s->v), by_name);
	return 0;
}

static const struct lp_sym *sorted_lookup(const struct sorted_names *s, const char *name)
{
	uint32_t lo = 0, hi = s->n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, s->v[mid]->name);

		if (!c)
			return s->v[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

enum lookup_method { BY_HASH, BY_BSEARCH, BY_LINEAR };

static double ns_per_lookup(const struct lp_symtab *t, const struct sorted_names *sorted,
			    const char *const *queries, unsigned nq, unsigned iters,
			    enum lookup_method m)
{
	uint64_t t0 = now_ns(), acc = 0;

	for (unsigned i = 0; i < iters; i++) {
		const char *q = queries[i % nq];
		const struct lp_sym *s = m == BY_HASH	 ? lp_symtab_lookup(t, q, NULL)
					 : m == BY_BSEARCH ? sorted_lookup(sorted, q)
							   : lp_symtab_lookup_linear(t, q);

		acc += s ? s->addr : 1;
	}
	sink += acc;
	return (double)(now_ns() - t0) / iters;
}

static void bench_symbols(void)
{
	static const uint32_t sizes[] = { 1000, 10000, 100000 };
	enum { NQ = 4096 };

	printf("(a) symbol lookup by name: xxh64 hash index (lp_symtab_lookup) vs binary search\n"
	       "    over names sorted by strcmp (Xen's symbols_lookup_by_name with\n"
	       "    CONFIG_FAST_SYMBOL_LOOKUP, minus its name decompression) vs a linear scan\n"
	       "    (lp_symtab_lookup_linear, Xen without that option); synthetic tables, names\n"
	       "    like the hypervisor's (globals and file.c#locals), hits in random order\n\n");
	printf("  %8s  %10s  %10s  %12s  %13s  %12s  %10s  %10s\n", "symbols", "iters", "lin iters",
	       "hash ns/op", "bsearch ns/op", "linear ns/op", "bsrch/hash", "lin/hash");
	for (unsigned k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		uint32_t n = sizes[k], seed = 0x9e3779b9u;
		struct lp_sym *syms = calloc(n, sizeof(*syms));
		char *names = calloc(n, 40);
		const char **queries = calloc(NQ, sizeof(*queries));
		struct lp_symtab t;
		struct sorted_names sorted;
		unsigned hash_iters = 2000000, lin_iters;
		double h, b, l;

		if (!syms || !names || !queries) {
			printf("  %8u  out of memory\n", n);
			return;
		}
		for (uint32_t i = 0; i < n; i++) {
			char *nm = names + 40 * (size_t)i;

			if (i % 4 == 3)
				snprintf(nm, 40, "file_%u.c#local_%u", i / 64, i);
			else
				snprintf(nm, 40, "hv_function_number_%u", i);
			syms[i].name = nm;
			syms[i].addr = 0x40000000ull + 32ull * i;
			syms[i].size = 32;
			syms[i].is_func = 1;
		}
		if (lp_symtab_build(&t, syms, n) || sorted_build(&sorted, syms, n)) {
			printf("  %8u  building the indexes failed\n", n);
			return;
		}
		for (unsigned i = 0; i < NQ; i++)
			queries[i] = syms[next_rand(&seed) % n].name;
		/* Bound the linear scan's total work to a few tens of ms per size. */
		lin_iters = (unsigned)(40000000ull / n);
		if (lin_iters < 200)
			lin_iters = 200;
		ns_per_lookup(&t, &sorted, queries, NQ, 10000, BY_HASH); /* warm caches */
		ns_per_lookup(&t, &sorted, queries, NQ, 10000, BY_BSEARCH);
		h = ns_per_lookup(&t, &sorted, queries, NQ, hash_iters, BY_HASH);
		b = ns_per_lookup(&t, &sorted, queries, NQ, hash_iters, BY_BSEARCH);
		l = ns_per_lookup(&t, &sorted, queries, NQ, lin_iters, BY_LINEAR);
		printf("  %8u  %10u  %10u  %12.1f  %13.1f  %12.1f  %9.1fx  %9.0fx\n", n, hash_iters,
		       lin_iters, h, b, l, b / h, l / h);
		free(sorted.v);
		lp_symtab_destroy(&t);
		free(queries);
		free(names);
		free(syms);
	}
	printf("\n");
}

/* ---- (b) load + relocate + resolve ---- */

static void *read_payload(const char *name, size_t *len)
{
	char path[512];
	void *buf;

	snprintf(path, sizeof(path), "%s/%s.livepatch", payload_dir, name);
	buf = hosted_read_file(path, len);
	if (!buf)
		printf("  cannot read %s\n", path);
	return buf;
}

static void bench_load(void)
{
	enum { ITERS = 40 };
	uint64_t t[ITERS], total = 0;
	struct lp_payload_info info;
	struct stats s;
	size_t len = 0;
	void *buf = read_payload("bench_relocs", &len);
	int rc;

	printf("(b) upload throughput: lp_upload (copy, parse, place, resolve against the image,\n"
	       "    relocate, read .livepatch.*, protect) + lp_reset, generated payload;\n"
	       "    relocs/s and MB/s over the total time of all iterations\n\n");
	if (!buf)
		return;
	rc = lp_upload("bench_relocs", buf, len);
	if (rc || lp_payload_info("bench_relocs", &info)) {
		printf("  upload failed (%d)\n%s\n", rc, hosted_log());
		free(buf);
		return;
	}
	lp_reset();
	for (unsigned i = 0; i < ITERS; i++) {
		uint64_t t0 = now_ns();

		rc = lp_upload("bench_relocs", buf, len);
		lp_reset();
		t[i] = now_ns() - t0;
		total += t[i];
		if (rc) {
			printf("  upload %u failed (%d)\n", i, rc);
			break;
		}
	}
	hosted_log_clear();
	s = stats_of(t, ITERS);
	printf("  %10s  %8s  %8s  %6s  %9s  %9s  %9s  %12s  %8s\n", "bytes", "relocs", "symbols",
	       "iters", "min us", "median us", "max us", "relocs/s", "MB/s");
	printf("  %10zu  %8u  %8u  %6u  %9.1f  %9.1f  %9.1f  %12.0f  %8.1f\n\n", len, info.nrelocs,
	       info.nsyms, ITERS, s.min / 1e3, s.median / 1e3, s.max / 1e3,
	       (double)info.nrelocs * ITERS / (total / 1e9), (double)len * ITERS / (total / 1e9) / 1e6);
	free(buf);
}

/* ---- (c) blackout window ---- */

typedef int int_fn1(int);

static void print_row(unsigned cpus, unsigned funcs, const char *action, const struct stats *s,
		      uint64_t all_held_median)
{
	printf("  %4u  %5u  %6s  %10llu  %10llu  %10llu  %14llu\n", cpus, funcs, action,
	       (unsigned long long)s->min, (unsigned long long)s->median,
	       (unsigned long long)s->max, (unsigned long long)all_held_median);
}

static void bench_blackout(void)
{
	static const unsigned nfuncs[] = { 1, 10, 100 };
	static const unsigned ncpus[] = { 1, 4 };
	enum { ROUNDS = 30 };
	int_fn1 *t0 = (int_fn1 *)(uintptr_t)hosted_sym("bench_target_0");

	printf("(c) blackout window (lp_last_blackout, TSC) of the hosted engine, %u rounds of\n"
	       "    apply + revert each; CPU threads on %ld host cores. window: from HOLD to release;\n"
	       "    all held: the part with every CPU held (the patching itself)\n\n", ROUNDS,
	       sysconf(_SC_NPROCESSORS_ONLN));
	printf("  %4s  %5s  %6s  %10s  %10s  %10s  %14s\n", "cpus", "funcs", "action", "min ns",
	       "median ns", "max ns", "all held med");
	if (!t0) {
		printf("  bench_target_0 missing from the image\n");
		return;
	}
	for (unsigned c = 0; c < sizeof(ncpus) / sizeof(ncpus[0]); c++) {
		/* One CPU: this thread is CPU 0 and drives the rendezvous itself. */
		if (ncpus[c] > 1 && hosted_cpus_start(ncpus[c], NULL, NULL)) {
			printf("  cannot start %u CPU threads\n", ncpus[c]);
			continue;
		}
		for (unsigned f = 0; f < sizeof(nfuncs) / sizeof(nfuncs[0]); f++) {
			char name[32];
			uint64_t ap[ROUNDS], rv[ROUNDS], aph[ROUNDS], rvh[ROUNDS];
			struct lp_blackout b;
			struct stats sa, sr;
			size_t len = 0;
			void *buf;
			int rc = 0;

			snprintf(name, sizeof(name), "bench_patch%u", nfuncs[f]);
			buf = read_payload(name, &len);
			if (!buf)
				continue;
			rc = lp_upload(name, buf, len);
			free(buf);
			for (unsigned r = 0; !rc && r < ROUNDS; r++) {
				rc = hosted_action(name, LIVEPATCH_ACTION_APPLY, 0, 0);
				lp_last_blackout(&b);
				ap[r] = b.ns;
				aph[r] = b.all_held_ns;
				/* Not an assertion: a table from a broken engine is worthless. */
				if (!rc && t0(1) != 1001)
					rc = -EILSEQ;
				if (!rc)
					rc = hosted_action(name, LIVEPATCH_ACTION_REVERT, 0, 0);
				lp_last_blackout(&b);
				rv[r] = b.ns;
				rvh[r] = b.all_held_ns;
				if (!rc && b.cpus != ncpus[c])
					rc = -EXDEV;
			}
			if (rc) {
				printf("  %4u  %5u  failed (%d)\n%s\n", ncpus[c], nfuncs[f], rc, hosted_log());
			} else {
				sa = stats_of(ap, ROUNDS);
				sr = stats_of(rv, ROUNDS);
				print_row(ncpus[c], nfuncs[f], "apply", &sa, stats_of(aph, ROUNDS).median);
				print_row(ncpus[c], nfuncs[f], "revert", &sr, stats_of(rvh, ROUNDS).median);
			}
			hosted_log_clear();
			lp_reset();
		}
		hosted_cpus_stop();
	}
	printf("\n");
}

int main(int argc, char **argv)
{
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: %s IMAGE PAYLOAD_DIR\n", argv[0]);
		return 2;
	}
	payload_dir = argv[2];
	rc = hosted_boot(argv[1]);
	if (rc) {
		fprintf(stderr, "bench: cannot boot %s (%d)\n", argv[1], rc);
		return 1;
	}
	/* Calibrate once, outside anything measured. */
	lp_host_cycles_khz();
	setvbuf(stdout, NULL, _IOLBF, 0);
	bench_symbols();
	bench_load();
	bench_blackout();
	hosted_shutdown();
	return 0;
}
