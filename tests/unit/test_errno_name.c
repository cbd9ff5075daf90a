/*
 * lp_errno_name(): the names log lines carry next to the number. Pinned
 * values, the C library's strerrorname_np() as an independent oracle for
 * every name, and hv/errno.h read as text so an errno added there without
 * a name fails here.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "livepatch/errno_name.h"

#define HV_ERRNO_H_PATH "hv/include/hv/errno.h"

static void pinned_names(void **state)
{
	(void)state;
	assert_string_equal(lp_errno_name(-84), "EILSEQ");
	assert_string_equal(lp_errno_name(-22), "EINVAL");
	assert_string_equal(lp_errno_name(-1), "EPERM");
	assert_string_equal(lp_errno_name(-125), "ECANCELED");
	assert_string_equal(lp_errno_name(-95), "EOPNOTSUPP");
}

static void not_an_errno(void **state)
{
	(void)state;
	assert_string_equal(lp_errno_name(0), "unknown");
	assert_string_equal(lp_errno_name(84), "unknown");   /* positive: not an error code */
	assert_string_equal(lp_errno_name(-100000), "unknown");
	assert_string_equal(lp_errno_name(INT_MIN), "unknown");
	assert_string_equal(lp_errno_name(INT_MAX), "unknown");
}

/* Every name the table has is the C library's name for that value. */
static void names_match_libc(void **state)
{
	unsigned named = 0;

	(void)state;
	for (int e = 1; e < 4096; e++) {
		const char *ours = lp_errno_name(-e), *libc = strerrorname_np(e);

		if (!strcmp(ours, "unknown"))
			continue;
		named++;
		assert_non_null(libc);
		if (strcmp(ours, libc))
			fail_msg("errno %d: named %s, the C library says %s", e, ours, libc);
	}
	assert_true(named >= 30);
}

/* Every "#define ENAME value" of the hypervisor's errno.h has its name. */
static void every_hv_errno_named(void **state)
{
	FILE *f = fopen(HV_ERRNO_H_PATH, "r");
	char line[256], name[64];
	unsigned checked = 0;
	int value;

	(void)state;
	if (!f)
		fail_msg("cannot open %s (run from the source tree): %s", HV_ERRNO_H_PATH,
			 strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "#define %63s %d", name, &value) != 2 || name[0] != 'E')
			continue;
		if (strcmp(lp_errno_name(-value), name))
			fail_msg("%s (%d) is named \"%s\"", name, value, lp_errno_name(-value));
		checked++;
	}
	fclose(f);
	assert_true(checked >= 30);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pinned_names),
		cmocka_unit_test(not_an_errno),
		cmocka_unit_test(names_match_libc),
		cmocka_unit_test(every_hv_errno_named),
	};

	return cmocka_run_group_tests_name("errno_name", tests, NULL, NULL);
}
