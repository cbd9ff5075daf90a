/* Shared set-up for the hosted cmocka suites. */
#ifndef TESTS_UNIT_COMMON_H
#define TESTS_UNIT_COMMON_H

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "hosted/hosted.h"
#include "livepatch/livepatch.h"

#define TEST_IMAGE_PATH "build/tests/image/hvimg.elf"
#define SEC(n) ((uint64_t)(n) * 1000000000ull)

typedef int int_fn0(void);
typedef int int_fn2(int, int);

static inline int_fn0 *fn0(const char *name)
{
	uint64_t a = hosted_sym(name);

	assert_true(a != 0);
	return (int_fn0 *)(uintptr_t)a;
}

static inline int_fn2 *fn2(const char *name)
{
	uint64_t a = hosted_sym(name);

	assert_true(a != 0);
	return (int_fn2 *)(uintptr_t)a;
}

static inline int setup_image(void **state)
{
	(void)state;
	return hosted_boot(getenv("HV_TEST_IMAGE") ? getenv("HV_TEST_IMAGE") : TEST_IMAGE_PATH);
}

static inline int teardown_image(void **state)
{
	(void)state;
	hosted_shutdown();
	return 0;
}

/* Each test starts from an empty registry and a clean log. */
static inline int reset_each(void **state)
{
	(void)state;
	hosted_cpus_stop();
	lp_reset();
	hosted_log_clear();
	return 0;
}

static inline int apply(const char *name)
{
	return hosted_action(name, LIVEPATCH_ACTION_APPLY, SEC(10), 0);
}

static inline int revert(const char *name)
{
	return hosted_action(name, LIVEPATCH_ACTION_REVERT, SEC(10), 0);
}

static inline int replace(const char *name)
{
	return hosted_action(name, LIVEPATCH_ACTION_REPLACE, SEC(10), 0);
}

static inline int unload(const char *name)
{
	return hosted_action(name, LIVEPATCH_ACTION_UNLOAD, 0, 0);
}

static inline uint32_t state_of(const char *name)
{
	struct hv_livepatch_status st;

	assert_int_equal(lp_get(name, &st), 0);
	return st.state;
}

#endif
