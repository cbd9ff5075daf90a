/*
 * Flat hash-indexed symbol table. Lookups by name are one xxh64 and a short
 * probe; lookups by address are a binary search over an address-sorted
 * index. Both are needed: names for resolution, addresses for backtraces.
 */
#include "symtab.h"
#include "hash.h"
#include "host.h"

static uint32_t slots_for(uint32_t nsyms)
{
	uint32_t n = 16;

	/* Keep the load factor at or under 1/2 so probes stay short. */
	while (n < 2 * (uint64_t)nsyms)
		n <<= 1;
	return n;
}

static void sift_down(uint32_t *idx, uint32_t root, uint32_t n, const struct lp_sym *syms)
{
	for (uint32_t child; (child = 2 * root + 1) < n; root = child) {
		if (child + 1 < n && syms[idx[child + 1]].addr > syms[idx[child]].addr)
			child++;
		if (syms[idx[root]].addr >= syms[idx[child]].addr)
			return;
		uint32_t t = idx[root];
		idx[root] = idx[child];
		idx[child] = t;
	}
}

/* Heapsort: O(n log n), no recursion, no allocation. */
static void sort_by_addr(uint32_t *idx, uint32_t n, const struct lp_sym *syms)
{
	for (uint32_t start = n / 2; start-- > 0;)
		sift_down(idx, start, n, syms);
	for (uint32_t end = n; end-- > 1;) {
		uint32_t t = idx[0];
		idx[0] = idx[end];
		idx[end] = t;
		sift_down(idx, 0, end, syms);
	}
}

int lp_symtab_build(struct lp_symtab *t, const struct lp_sym *syms, uint32_t nsyms)
{
	memset(t, 0, sizeof(*t));
	t->syms = syms;
	t->nsyms = nsyms;
	t->nslots = slots_for(nsyms);
	t->slots = lp_host_zalloc(sizeof(*t->slots) * (size_t)t->nslots);
	t->by_addr = lp_host_zalloc(sizeof(*t->by_addr) * (size_t)(nsyms ? nsyms : 1));
	if (!t->slots || !t->by_addr) {
		lp_symtab_destroy(t);
		return -ENOMEM;
	}
	for (uint32_t i = 0; i < nsyms; i++) {
		uint32_t s = (uint32_t)lp_hash_name(syms[i].name) & (t->nslots - 1);

		while (t->slots[s])
			s = (s + 1) & (t->nslots - 1);
		t->slots[s] = i + 1;
		/*
		 * Only symbols with a size answer "what contains this address":
		 * a zero-size label (an asm entry point, a linker symbol) inside
		 * a function would otherwise hide the function it sits in.
		 */
		if (syms[i].size)
			t->by_addr[t->naddr++] = i;
	}
	sort_by_addr(t->by_addr, t->naddr, syms);
	return 0;
}

void lp_symtab_destroy(struct lp_symtab *t)
{
	lp_host_free(t->slots);
	lp_host_free(t->by_addr);
	memset(t, 0, sizeof(*t));
}

const struct lp_sym *lp_symtab_lookup(const struct lp_symtab *t, const char *name,
				      bool *ambiguous)
{
	const struct lp_sym *found = NULL;

	if (ambiguous)
		*ambiguous = false;
	if (!t->nslots)
		return NULL;
	/*
	 * Keep probing past the first match: a second entry with the same
	 * name makes the name ambiguous, and the caller must say so.
	 */
	for (uint32_t s = (uint32_t)lp_hash_name(name) & (t->nslots - 1);
	     t->slots[s]; s = (s + 1) & (t->nslots - 1)) {
		const struct lp_sym *e = &t->syms[t->slots[s] - 1];

		if (strcmp(e->name, name))
			continue;
		if (!found) {
			found = e;
			if (!ambiguous)
				break;
		} else {
			*ambiguous = true;
			break;
		}
	}
	return found;
}

const struct lp_sym *lp_symtab_lookup_linear(const struct lp_symtab *t, const char *name)
{
	for (uint32_t i = 0; i < t->nsyms; i++)
		if (!strcmp(t->syms[i].name, name))
			return &t->syms[i];
	return NULL;
}

const struct lp_sym *lp_symtab_by_addr(const struct lp_symtab *t, uint64_t addr)
{
	uint32_t lo = 0, hi = t->naddr;

	/* Last entry whose start is <= addr. */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (t->syms[t->by_addr[mid]].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Among equal starts, prefer one whose size covers addr. */
	while (lo > 0) {
		const struct lp_sym *s = &t->syms[t->by_addr[lo - 1]];

		if (addr - s->addr < s->size)
			return s;
		if (lo < 2 || t->syms[t->by_addr[lo - 2]].addr != s->addr)
			break;
		lo--;
	}
	return NULL;
}
