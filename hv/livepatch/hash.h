/* xxh64 (seed 0) for symbol names and for expected-old-code checks. */
#ifndef LP_HASH_H
#define LP_HASH_H

#include "compat.h"

struct lp_hash_state {
	uint64_t opaque[12];
};

uint64_t lp_hash_bytes(const void *p, size_t len);
uint64_t lp_hash_name(const char *name);
void lp_hash_begin(struct lp_hash_state *st);
void lp_hash_update(struct lp_hash_state *st, const void *p, size_t len);
uint64_t lp_hash_end(struct lp_hash_state *st);

#endif
