/*
 * Payload memory permissions as the kernel enforces them: text r-x,
 * rodata r--, data rw- (never w and x together) after upload, apply and
 * revert, and nothing accessible after unload. Read from /proc/self/maps,
 * and probed: a write into text or rodata must fault.
 */
#include <signal.h>
#include <string.h>

#include "common.h"

static uint64_t page_up(uint64_t x)
{
	return (x + 4095) & ~4095ull;
}

static void assert_perms(uint64_t addr, uint64_t len, const char *want, const char *what)
{
	char perms[4];
	int rc = hosted_perms(addr, (size_t)len, perms);

	if (rc || strcmp(perms, want))
		fail_msg("%s at %#llx (+%llu): %s (rc %d), want %s", what, (unsigned long long)addr,
			 (unsigned long long)len, rc ? "?" : perms, rc, want);
}

static sigjmp_buf probe_env;

static void probe_fault(int sig)
{
	siglongjmp(probe_env, sig);
}

/* Does writing one byte (its own value) at addr fault? */
static bool write_faults(uint64_t addr)
{
	struct sigaction sa = { .sa_handler = probe_fault }, old_segv, old_bus;
	volatile uint8_t *b = (volatile uint8_t *)(uintptr_t)addr;
	bool faulted = false;

	sigaction(SIGSEGV, &sa, &old_segv);
	sigaction(SIGBUS, &sa, &old_bus);
	if (sigsetjmp(probe_env, 1))
		faulted = true;
	else
		*b = *b;
	sigaction(SIGSEGV, &old_segv, NULL);
	sigaction(SIGBUS, &old_bus, NULL);
	return faulted;
}

static struct lp_payload_info info_of(const char *name)
{
	struct lp_payload_info info;

	assert_int_equal(lp_payload_info(name, &info), 0);
	return info;
}

static void assert_ranges(const char *name, const char *when)
{
	struct lp_payload_info i = info_of(name);

	(void)when;
	assert_true(i.text_size > 0);
	assert_perms(i.text_run, page_up(i.text_size), "r-x", "text");
	assert_true(write_faults(i.text_run));
	if (i.ro_size) {
		assert_perms(i.ro_run, i.ro_size, "r--", "rodata");
		assert_true(write_faults(i.ro_run));
	}
	if (i.rw_size) {
		assert_perms(i.rw_run, i.rw_size, "rw-", "data");
		assert_false(write_faults(i.rw_run));
	}
}

static void ranges_keep_their_permissions(const char *name, bool with_ro, bool with_rw)
{
	struct lp_payload_info i;

	assert_int_equal(hosted_upload_file(name), 0);
	i = info_of(name);
	assert_int_equal(i.ro_size != 0, with_ro);
	assert_int_equal(i.rw_size != 0, with_rw);
	assert_ranges(name, "upload");
	assert_int_equal(apply(name), 0);
	assert_ranges(name, "apply");
	assert_int_equal(revert(name), 0);
	assert_ranges(name, "revert");
	assert_int_equal(unload(name), 0);
	/* Freed or retired, never left accessible. */
	assert_perms(i.text_run, page_up(i.text_size), "---", "unloaded text");
	if (with_ro)
		assert_perms(i.ro_run, i.ro_size, "---", "unloaded rodata");
	if (with_rw)
		assert_perms(i.rw_run, i.rw_size, "---", "unloaded data");
}

static void text_rodata_data_permissions(void **state)
{
	ranges_keep_their_permissions("p_three", true, true);
}

static void xen_hello_world_permissions(void **state)
{
	ranges_keep_their_permissions("p_xen_hello_world", true, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(text_rodata_data_permissions, reset_each),
		cmocka_unit_test_setup(xen_hello_world_permissions, reset_each),
	};

	return cmocka_run_group_tests_name("perms", tests, setup_image, teardown_image);
}
