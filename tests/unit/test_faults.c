/*
 * Failure half-way through an action or an upload, by fault injection in
 * the hosted host: the nth text write or permission change fails. Whatever
 * n, a failed action leaves every function's bytes as they were, the
 * payload's state unchanged and the errno reported; a failed upload
 * leaves no payload and no pages behind.
 */
#include <string.h>

#include "common.h"
#include "livepatch/host.h"

#define NTARGETS 3
#define SNAP 16

static const char *const targets[NTARGETS] = { "lp_target_add", "lp_target_mul",
					       "lp_target_const" };

struct snap {
	uint8_t b[NTARGETS][SNAP];
};

static struct snap snapshot(void)
{
	struct snap s;

	for (unsigned i = 0; i < NTARGETS; i++)
		assert_int_equal(lp_host_text_read(hosted_sym(targets[i]), s.b[i], SNAP), 0);
	return s;
}

static void assert_bytes_are(const struct snap *want)
{
	struct snap now = snapshot();

	for (unsigned i = 0; i < NTARGETS; i++)
		if (memcmp(now.b[i], want->b[i], SNAP))
			fail_msg("%s's bytes changed", targets[i]);
}

static void assert_funcs_applied(const char *name, uint32_t n, bool applied)
{
	struct lp_func_info fi;

	for (uint32_t i = 0; i < n; i++) {
		assert_int_equal(lp_func_info(name, i, &fi), 0);
		assert_int_equal(fi.applied, applied);
	}
}

static void assert_original_behaviour(void)
{
	assert_int_equal(fn2("lp_target_add")(1, 2), 3);
	assert_int_equal(fn2("lp_target_mul")(3, 4), 12);
	assert_int_equal(fn0("lp_target_const")(), 1);
}

static void assert_patched_behaviour(void)
{
	assert_int_equal(fn2("lp_target_add")(1, 2), 1003);
	assert_int_equal(fn2("lp_target_mul")(3, 4), 2012);
	assert_int_equal(fn0("lp_target_const")(), 3000);
}

static void apply_failing_at_any_write_patches_nothing(void **state)
{
	struct snap orig = snapshot();

	assert_int_equal(hosted_upload_file("p_three"), 0);
	for (unsigned nth = 1; nth <= NTARGETS; nth++) {
		hosted_log_clear();
		hosted_fail_text_write(nth, -EIO);
		assert_int_equal(apply("p_three"), -EIO);
		hosted_fail_text_write(0, 0);
		assert_bytes_are(&orig);
		assert_original_behaviour();
		assert_int_equal(state_of("p_three"), LIVEPATCH_STATE_CHECKED);
		assert_funcs_applied("p_three", NTARGETS, false);
		assert_true(hosted_log_has("failed: -5 (EIO); rolling back"));
		assert_true(hosted_log_has("apply failed: -5 (EIO); nothing changed"));
	}
	/* Nothing was left half-done: the same payload applies cleanly now. */
	assert_int_equal(apply("p_three"), 0);
	assert_patched_behaviour();
	assert_int_equal(revert("p_three"), 0);
	assert_bytes_are(&orig);
}

static void revert_failing_at_any_write_unpatches_nothing(void **state)
{
	struct snap orig = snapshot(), patched;

	assert_int_equal(hosted_upload_file("p_three"), 0);
	assert_int_equal(apply("p_three"), 0);
	patched = snapshot();
	for (unsigned nth = 1; nth <= NTARGETS; nth++) {
		hosted_log_clear();
		hosted_fail_text_write(nth, -EIO);
		assert_int_equal(revert("p_three"), -EIO);
		hosted_fail_text_write(0, 0);
		assert_bytes_are(&patched);
		assert_patched_behaviour();
		assert_int_equal(state_of("p_three"), LIVEPATCH_STATE_APPLIED);
		assert_funcs_applied("p_three", NTARGETS, true);
		assert_true(hosted_log_has("revert failed: -5 (EIO); nothing changed"));
	}
	assert_int_equal(revert("p_three"), 0);
	assert_bytes_are(&orig);
	assert_original_behaviour();
}

/* REPLACE reverts p_const2 (1 write), then applies p_three (3 writes). */
static void replace_failing_at_any_write_changes_nothing(void **state)
{
	struct snap before;

	assert_int_equal(hosted_upload_file("p_const2"), 0);
	assert_int_equal(hosted_upload_file("p_three"), 0);
	assert_int_equal(apply("p_const2"), 0);
	before = snapshot();
	for (unsigned nth = 1; nth <= 1 + NTARGETS; nth++) {
		hosted_log_clear();
		hosted_fail_text_write(nth, -EIO);
		assert_int_equal(replace("p_three"), -EIO);
		hosted_fail_text_write(0, 0);
		assert_bytes_are(&before);
		assert_int_equal(fn0("lp_target_const")(), 2);
		assert_int_equal(fn2("lp_target_add")(1, 2), 3);
		assert_int_equal(state_of("p_const2"), LIVEPATCH_STATE_APPLIED);
		assert_int_equal(state_of("p_three"), LIVEPATCH_STATE_CHECKED);
		assert_funcs_applied("p_three", NTARGETS, false);
		assert_true(hosted_log_has("replace failed: -5 (EIO); nothing changed"));
	}
	assert_int_equal(replace("p_three"), 0);
	assert_patched_behaviour();
}

/* Each allocated range (text, rodata, data) has its permissions set in turn. */
static void upload_failing_at_any_permission_change_loads_nothing(void **state)
{
	size_t free0 = hosted_region_pages_free();
	struct lp_payload_info info;
	unsigned nth, ranges;

	for (nth = 1; nth < 10; nth++) {
		hosted_log_clear();
		hosted_fail_mem_protect(nth, -ENOMEM);
		int rc = hosted_upload_file("p_three");

		hosted_fail_mem_protect(0, 0);
		if (rc == 0)
			break;
		assert_int_equal(rc, -ENOMEM);
		assert_int_equal(lp_get("p_three", &(struct hv_livepatch_status){ 0 }), -ENOENT);
		assert_int_equal(hosted_region_pages_free(), free0);
		assert_true(hosted_log_has("cannot set section permissions: -12 (ENOMEM)"));
		assert_original_behaviour();
	}
	assert_int_equal(lp_payload_info("p_three", &info), 0);
	ranges = (info.text_size != 0) + (info.ro_size != 0) + (info.rw_size != 0);
	assert_int_equal(ranges, 3);
	assert_int_equal(nth, ranges + 1);
	assert_int_equal(apply("p_three"), 0);
	assert_patched_behaviour();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(apply_failing_at_any_write_patches_nothing, reset_each),
		cmocka_unit_test_setup(revert_failing_at_any_write_unpatches_nothing, reset_each),
		cmocka_unit_test_setup(replace_failing_at_any_write_changes_nothing, reset_each),
		cmocka_unit_test_setup(upload_failing_at_any_permission_change_loads_nothing,
				       reset_each),
	};

	return cmocka_run_group_tests_name("faults", tests, setup_image, teardown_image);
}
