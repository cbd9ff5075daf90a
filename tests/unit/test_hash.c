/*
 * The core's xxh64 (hv/livepatch/hash.c): symbol-table slots and the
 * .livepatch.old_hash check depend on it being exactly XXH64 with seed 0,
 * because payload build tools compute the expected hashes on their own.
 * The values are pinned from `xxhsum -H64` of Debian's xxhash package, not
 * computed by the code under test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "livepatch/hash.h"

static const char fox[] = "The quick brown fox jumps over the lazy dog";

/* 300 bytes, (i * 7 + 3) mod 256: several 32-byte stripes and a tail. */
static void pattern(uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(i * 7 + 3);
}

static void pinned_values(void **state)
{
	uint8_t pat[300];

	(void)state;
	pattern(pat, sizeof(pat));
	assert_int_equal(lp_hash_bytes("", 0), 0xef46db3751d8e999ull);
	assert_int_equal(lp_hash_bytes("a", 1), 0xd24ec4f1a98c6e5bull);
	assert_int_equal(lp_hash_bytes("abc", 3), 0x44bc2cf5ad770999ull);
	assert_int_equal(lp_hash_bytes(fox, strlen(fox)), 0x0b242d361fda71bcull);
	assert_int_equal(lp_hash_bytes(pat, sizeof(pat)), 0x240004dbee0ba6dcull);
	assert_int_equal(lp_hash_name("lp_check_for_work"), 0x0675cd9eb62e57a9ull);
}

/* Streaming over uneven pieces gives the one-shot value. */
static void streaming_matches(void **state)
{
	static const size_t cuts[] = { 1, 7, 31, 32, 33, 64, 100, 299 };
	uint8_t pat[300];
	struct lp_hash_state st;

	(void)state;
	pattern(pat, sizeof(pat));
	for (size_t c = 0; c < sizeof(cuts) / sizeof(cuts[0]); c++) {
		lp_hash_begin(&st);
		lp_hash_update(&st, pat, cuts[c]);
		lp_hash_update(&st, pat + cuts[c], sizeof(pat) - cuts[c]);
		assert_int_equal(lp_hash_end(&st), 0x240004dbee0ba6dcull);
	}
	lp_hash_begin(&st);
	assert_int_equal(lp_hash_end(&st), 0xef46db3751d8e999ull);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pinned_values),
		cmocka_unit_test(streaming_matches),
	};

	return cmocka_run_group_tests_name("hash", tests, NULL, NULL);
}
