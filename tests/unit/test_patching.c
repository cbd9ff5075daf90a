/*
 * Real patching: functions of the mapped image are called before, after
 * apply, after revert and after replace, single-CPU and while other CPU
 * threads keep calling them.
 */
#include "common.h"

static void apply_and_revert_changes_behaviour(void **state)
{
	int_fn2 *add = fn2("lp_target_add");

	assert_int_equal(add(2, 3), 5);
	assert_int_equal(hosted_upload_file("p_add"), 0);
	assert_int_equal(state_of("p_add"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(add(2, 3), 5);

	assert_int_equal(apply("p_add"), 0);
	assert_int_equal(state_of("p_add"), LIVEPATCH_STATE_APPLIED);
	assert_int_equal(add(2, 3), 105);

	assert_int_equal(revert("p_add"), 0);
	assert_int_equal(state_of("p_add"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(add(2, 3), 5);

	/* No .data of its own: it may be applied again. */
	assert_int_equal(apply("p_add"), 0);
	assert_int_equal(add(2, 3), 105);
	assert_int_equal(revert("p_add"), 0);
	assert_int_equal(unload("p_add"), 0);
	assert_int_equal(lp_get("p_add", &(struct hv_livepatch_status){ 0 }), -ENOENT);
	assert_true(hosted_log_has("p_add: apply done: 1 function(s); blackout"));
}

static void replace_swaps_the_stack_atomically(void **state)
{
	int_fn0 *cnst = fn0("lp_target_const");
	int_fn2 *add = fn2("lp_target_add");

	assert_int_equal(hosted_upload_file("p_const2"), 0);
	assert_int_equal(hosted_upload_file("p_const3"), 0);
	assert_int_equal(apply("p_const2"), 0);
	assert_int_equal(cnst(), 2);
	assert_int_equal(apply("p_const3"), 0);
	assert_int_equal(cnst(), 3);

	/* Same local and global new symbols as p_const2: uploads cleanly. */
	assert_int_equal(hosted_upload_file("p_replace"), 0);
	assert_int_equal(replace("p_replace"), 0);
	assert_int_equal(cnst(), 4);
	assert_int_equal(add(1, 1), 202);
	assert_int_equal(state_of("p_const2"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(state_of("p_const3"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(state_of("p_replace"), LIVEPATCH_STATE_APPLIED);

	/* Replaced payloads may be unloaded; their code ran, so pages are retired. */
	size_t retired = hosted_region_pages_retired();
	assert_int_equal(unload("p_const3"), 0);
	assert_int_equal(unload("p_const2"), 0);
	assert_true(hosted_region_pages_retired() > retired);

	assert_int_equal(revert("p_replace"), 0);
	assert_int_equal(cnst(), 1);
	assert_int_equal(add(1, 1), 2);
}

struct hammer {
	volatile unsigned long calls, bad;
	int_fn2 *add;
};

/* Every CPU thread calls the function continuously between its quiescent points. */
static void hammer_add(unsigned cpu, void *arg)
{
	struct hammer *h = arg;

	for (int i = 0; i < 1000; i++) {
		int r = h->add(20, 22);

		if (r != 42 && r != 142 && r != 242)
			__atomic_add_fetch(&h->bad, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&h->calls, 1, __ATOMIC_RELAXED);
	}
	(void)cpu;
}

static void patching_while_cpus_call_the_function(void **state)
{
	struct hammer h = { .add = fn2("lp_target_add") };
	unsigned long before;

	assert_int_equal(hosted_upload_file("p_add"), 0);
	assert_int_equal(hosted_upload_file("p_replace"), 0);
	assert_int_equal(hosted_cpus_start(4, hammer_add, &h), 0);
	for (int round = 0; round < 5; round++) {
		before = h.calls;
		assert_int_equal(apply("p_add"), 0);
		assert_int_equal(h.add(20, 22), 142);
		assert_int_equal(replace("p_replace"), 0);
		assert_int_equal(h.add(20, 22), 242);
		assert_int_equal(revert("p_replace"), 0);
		assert_int_equal(h.add(20, 22), 42);
		assert_int_equal(unload("p_add"), 0);
		assert_int_equal(hosted_upload_file("p_add"), 0);
		assert_true(h.calls > before);
	}
	hosted_cpus_stop();
	assert_int_equal(h.bad, 0);
	assert_true(hosted_log_has("on 4 CPUs"));
}

static void rendezvous_timeout_patches_nothing(void **state)
{
	int_fn2 *add = fn2("lp_target_add");

	assert_int_equal(hosted_upload_file("p_add"), 0);
	assert_int_equal(hosted_cpus_start(2, NULL, NULL), 0);
	hosted_cpus_phantom(1); /* a CPU that never arrives */
	assert_int_equal(hosted_action("p_add", LIVEPATCH_ACTION_APPLY, 50 * 1000 * 1000, 0),
			 -ETIMEDOUT);
	hosted_cpus_stop();
	assert_int_equal(state_of("p_add"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(add(1, 2), 3);
	assert_true(hosted_log_has("other CPUs reached the rendezvous"));
	/* The engine is usable again right away. */
	assert_int_equal(apply("p_add"), 0);
	assert_int_equal(add(1, 2), 103);
	assert_int_equal(revert("p_add"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(apply_and_revert_changes_behaviour, reset_each),
		cmocka_unit_test_setup(replace_swaps_the_stack_atomically, reset_each),
		cmocka_unit_test_setup(patching_while_cpus_call_the_function, reset_each),
		cmocka_unit_test_setup(rendezvous_timeout_patches_nothing, reset_each),
	};

	return cmocka_run_group_tests_name("patching", tests, setup_image, teardown_image);
}
