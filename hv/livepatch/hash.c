/*
 * The one place that includes xxHash (Debian's libxxhash-dev, used header
 * only so the freestanding hypervisor needs no library).
 */
#include "hash.h"

#define XXH_INLINE_ALL
#define XXH_VECTOR 0 /* XXH_SCALAR: no SIMD registers in the hypervisor */
#include <xxhash.h>

_Static_assert(sizeof(XXH64_state_t) <= sizeof(struct lp_hash_state), "state fits");

uint64_t lp_hash_bytes(const void *p, size_t len)
{
	return XXH64(p, len, 0);
}

uint64_t lp_hash_name(const char *name)
{
	return XXH64(name, strlen(name), 0);
}

void lp_hash_begin(struct lp_hash_state *st)
{
	XXH64_reset((XXH64_state_t *)st, 0);
}

void lp_hash_update(struct lp_hash_state *st, const void *p, size_t len)
{
	XXH64_update((XXH64_state_t *)st, p, len);
}

uint64_t lp_hash_end(struct lp_hash_state *st)
{
	return XXH64_digest((XXH64_state_t *)st);
}
