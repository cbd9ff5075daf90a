/*
 * The state table (DESIGN-BRIEF section 5): every action from every state,
 * with the exact errno of each refusal, and that a refusal changes nothing
 * (state, rc, the code that runs). Also the GET/LIST view of the registry
 * and what unload does with payload memory.
 */
#include <sched.h>
#include <string.h>

#include "common.h"

static int get_rc(const char *name)
{
	struct hv_livepatch_status st;

	assert_int_equal(lp_get(name, &st), 0);
	return st.rc;
}

static struct lp_payload_info info_of(const char *name)
{
	struct lp_payload_info info;

	assert_int_equal(lp_payload_info(name, &info), 0);
	return info;
}

static void apply_only_from_checked(void **state)
{
	int_fn2 *add = fn2("lp_target_add");

	assert_int_equal(hosted_upload_file("p_add"), 0);
	assert_int_equal(state_of("p_add"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(get_rc("p_add"), 0);
	assert_int_equal(apply("p_add"), 0);
	assert_int_equal(add(1, 1), 102);

	hosted_log_clear();
	assert_int_equal(apply("p_add"), -EINVAL);
	assert_true(hosted_log_has("p_add: cannot apply: already applied"));
	/* The refused request neither moved the state nor touched rc. */
	assert_int_equal(state_of("p_add"), LIVEPATCH_STATE_APPLIED);
	assert_int_equal(get_rc("p_add"), 0);
	assert_int_equal(add(1, 1), 102);
}

static void revert_only_the_topmost(void **state)
{
	int_fn0 *cnst = fn0("lp_target_const");

	assert_int_equal(hosted_upload_file("p_const2"), 0);
	assert_int_equal(hosted_upload_file("p_const3"), 0);

	/* Not applied yet: nothing to revert. */
	assert_int_equal(revert("p_const2"), -EINVAL);
	assert_true(hosted_log_has("p_const2: cannot revert: not applied"));
	assert_int_equal(state_of("p_const2"), LIVEPATCH_STATE_CHECKED);

	assert_int_equal(apply("p_const2"), 0);
	assert_int_equal(apply("p_const3"), 0);
	assert_int_equal(cnst(), 3);

	hosted_log_clear();
	assert_int_equal(revert("p_const2"), -ENOTEMPTY);
	assert_true(hosted_log_has("p_const3 is applied on top of it"));
	assert_int_equal(state_of("p_const2"), LIVEPATCH_STATE_APPLIED);
	assert_int_equal(state_of("p_const3"), LIVEPATCH_STATE_APPLIED);
	assert_int_equal(cnst(), 3);

	/* Top first, then the one below becomes revertible. */
	assert_int_equal(revert("p_const3"), 0);
	assert_int_equal(cnst(), 2);
	assert_int_equal(revert("p_const2"), 0);
	assert_int_equal(cnst(), 1);
	assert_int_equal(revert("p_const2"), -EINVAL);
}

static void unload_only_from_checked(void **state)
{
	int_fn2 *add = fn2("lp_target_add");

	assert_int_equal(hosted_upload_file("p_add"), 0);
	assert_int_equal(apply("p_add"), 0);
	assert_int_equal(unload("p_add"), -EINVAL);
	assert_true(hosted_log_has("p_add: cannot unload: applied"));
	assert_int_equal(state_of("p_add"), LIVEPATCH_STATE_APPLIED);
	/* Still patched: the payload's code must still be there to run. */
	assert_int_equal(add(1, 1), 102);

	assert_int_equal(revert("p_add"), 0);
	assert_int_equal(unload("p_add"), 0);
	assert_int_equal(lp_get("p_add", &(struct hv_livepatch_status){ 0 }), -ENOENT);
	assert_int_equal(add(1, 1), 2);
}

static void replace_reverts_the_stack_in_one_rendezvous(void **state)
{
	int_fn0 *cnst = fn0("lp_target_const");
	int_fn2 *add = fn2("lp_target_add");

	assert_int_equal(hosted_upload_file("p_add"), 0);
	assert_int_equal(hosted_upload_file("p_const2"), 0);
	assert_int_equal(hosted_upload_file("p_replace"), 0);
	assert_int_equal(apply("p_add"), 0);
	/* p_const2 carries no depends note: stack it over p_add by force. */
	assert_int_equal(hosted_action("p_const2", LIVEPATCH_ACTION_APPLY, SEC(10),
				       LIVEPATCH_ACTION_APPLY_NODEPS), 0);
	assert_int_equal(add(1, 1), 102);
	assert_int_equal(cnst(), 2);

	hosted_log_clear();
	assert_int_equal(replace("p_replace"), 0);
	assert_int_equal(add(1, 1), 202);
	assert_int_equal(cnst(), 4);
	assert_int_equal(state_of("p_add"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(state_of("p_const2"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(state_of("p_replace"), LIVEPATCH_STATE_APPLIED);
	/* One rendezvous: a single completed action, no separate reverts. */
	assert_true(hosted_log_has("p_replace: replace done: 2 function(s)"));
	assert_false(hosted_log_has("revert done"));
	assert_false(hosted_log_has("apply done"));

	/* The replaced ones are ordinary CHECKED payloads now. */
	assert_true(info_of("p_add").reverted);
	assert_int_equal(unload("p_add"), 0);
	assert_int_equal(unload("p_const2"), 0);

	/* REPLACE wants a CHECKED payload, like APPLY. */
	assert_int_equal(replace("p_replace"), -EINVAL);
	assert_true(hosted_log_has("p_replace: cannot replace with it: already applied"));
	assert_int_equal(revert("p_replace"), 0);
	assert_int_equal(add(1, 1), 2);
	assert_int_equal(cnst(), 1);
}

static void replace_with_nothing_applied_is_an_apply(void **state)
{
	int_fn2 *add = fn2("lp_target_add");

	assert_int_equal(hosted_upload_file("p_replace"), 0);
	assert_int_equal(replace("p_replace"), 0);
	assert_int_equal(add(1, 1), 202);
	assert_int_equal(state_of("p_replace"), LIVEPATCH_STATE_APPLIED);
}

static void replace_with_a_stacked_payload_is_refused(void **state)
{
	assert_int_equal(hosted_upload_file("p_const2"), 0);
	assert_int_equal(hosted_upload_file("p_const3"), 0);
	assert_int_equal(apply("p_const2"), 0);
	/* After the swap p_const3 would sit on the bare hypervisor, not on p_const2. */
	assert_int_equal(replace("p_const3"), -ENOLINK);
	assert_int_equal(state_of("p_const2"), LIVEPATCH_STATE_APPLIED);
	assert_int_equal(state_of("p_const3"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(fn0("lp_target_const")(), 2);
}

static void bad_requests(void **state)
{
	uint32_t total, version, before;
	struct lp_list_entry e[1];

	assert_int_equal(hosted_upload_file("p_add"), 0);
	lp_list(0, e, 1, &total, &before);

	assert_int_equal(lp_action("p_add", 99, 0, 0), -EOPNOTSUPP);
	assert_true(hosted_log_has("p_add: unknown action 99"));
	assert_int_equal(lp_action("p_add", 0, 0, 0), -EOPNOTSUPP);
	assert_int_equal(lp_action("p_add", LIVEPATCH_ACTION_APPLY, 0, 1u << 5), -EINVAL);
	assert_true(hosted_log_has("unknown action flags 0x20"));
	/* Flags are checked before the action, whatever the action is. */
	assert_int_equal(lp_action("p_add", LIVEPATCH_ACTION_UNLOAD, 0, 0x80000000u), -EINVAL);
	assert_int_equal(lp_action("p_nothere", LIVEPATCH_ACTION_APPLY, 0, 0), -ENOENT);
	assert_true(hosted_log_has("p_nothere: no such payload"));
	assert_int_equal(lp_action("p_nothere", LIVEPATCH_ACTION_UNLOAD, 0, 0), -ENOENT);
	assert_int_equal(lp_action(NULL, LIVEPATCH_ACTION_APPLY, 0, 0), -ENOENT);
	assert_int_equal(lp_get("p_nothere", &(struct hv_livepatch_status){ 0 }), -ENOENT);

	/* None of these scheduled anything or touched the registry. */
	assert_false(lp_work_pending());
	assert_int_equal(state_of("p_add"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(get_rc("p_add"), 0);
	lp_list(0, e, 1, &total, &version);
	assert_int_equal(version, before);
	assert_int_equal(fn2("lp_target_add")(1, 1), 2);
}

/*
 * Without CPU threads nobody runs the scheduled work until this thread
 * calls lp_check_for_work(): the "in progress" window is exact.
 */
static void action_in_progress_no_threads(void **state)
{
	int_fn2 *add = fn2("lp_target_add");

	assert_int_equal(hosted_upload_file("p_add"), 0);
	assert_int_equal(hosted_upload_file("p_data"), 0);
	assert_int_equal(lp_action("p_add", LIVEPATCH_ACTION_APPLY, SEC(10), 0), 0);
	assert_true(lp_work_pending());
	assert_int_equal(get_rc("p_add"), -EAGAIN);
	assert_int_equal(state_of("p_add"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(add(1, 1), 2);

	/* Same payload, another payload, and even an unload: all wait their turn. */
	assert_int_equal(lp_action("p_add", LIVEPATCH_ACTION_REVERT, SEC(10), 0), -EBUSY);
	assert_int_equal(lp_action("p_data", LIVEPATCH_ACTION_APPLY, SEC(10), 0), -EBUSY);
	assert_int_equal(lp_action("p_data", LIVEPATCH_ACTION_UNLOAD, 0, 0), -EBUSY);
	assert_true(hosted_log_has("another action is still in progress"));
	assert_int_equal(state_of("p_data"), LIVEPATCH_STATE_CHECKED);

	lp_check_for_work();
	assert_false(lp_work_pending());
	assert_int_equal(get_rc("p_add"), 0);
	assert_int_equal(state_of("p_add"), LIVEPATCH_STATE_APPLIED);
	assert_int_equal(add(1, 1), 102);
	/* And the engine takes the next request. */
	assert_int_equal(revert("p_add"), 0);
	assert_int_equal(add(1, 1), 2);
}

/* A CPU that never arrives keeps the rendezvous open for the whole timeout. */
static void action_in_progress_phantom_cpu(void **state)
{
	int_fn2 *add = fn2("lp_target_add");
	struct hv_livepatch_status st;

	assert_int_equal(hosted_upload_file("p_add"), 0);
	assert_int_equal(hosted_upload_file("p_data"), 0);
	assert_int_equal(hosted_cpus_start(2, NULL, NULL), 0);
	hosted_cpus_phantom(1);

	assert_int_equal(lp_action("p_add", LIVEPATCH_ACTION_APPLY, SEC(2), 0), 0);
	assert_int_equal(get_rc("p_add"), -EAGAIN);
	assert_int_equal(lp_action("p_data", LIVEPATCH_ACTION_APPLY, SEC(10), 0), -EBUSY);
	assert_int_equal(lp_action("p_add", LIVEPATCH_ACTION_APPLY, SEC(10), 0), -EBUSY);

	do {
		assert_int_equal(lp_get("p_add", &st), 0);
		sched_yield();
	} while (st.rc == -EAGAIN);
	hosted_cpus_stop();
	/* GET reports the failure, and the refused second request left p_data alone. */
	assert_int_equal(st.rc, -ETIMEDOUT);
	assert_int_equal(st.state, LIVEPATCH_STATE_CHECKED);
	assert_int_equal(state_of("p_data"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(add(1, 1), 2);

	/* A later success overwrites the recorded error. */
	assert_int_equal(apply("p_add"), 0);
	assert_int_equal(get_rc("p_add"), 0);
}

static void reapply_after_revert_depends_on_data(void **state)
{
	int_fn2 *add = fn2("lp_target_add"), *mul = fn2("lp_target_mul");

	assert_int_equal(hosted_upload_file("p_add"), 0);
	assert_int_equal(hosted_upload_file("p_data"), 0);
	assert_true(info_of("p_add").safe_to_reapply);
	assert_false(info_of("p_data").safe_to_reapply);

	assert_int_equal(apply("p_add"), 0);
	assert_int_equal(revert("p_add"), 0);
	assert_int_equal(apply("p_add"), 0);
	assert_int_equal(add(2, 2), 104);
	assert_int_equal(revert("p_add"), 0);

	assert_int_equal(apply("p_data"), 0);
	assert_int_equal(mul(3, 3), 13);
	assert_int_equal(revert("p_data"), 0);
	assert_int_equal(mul(3, 3), 9);
	hosted_log_clear();
	assert_int_equal(apply("p_data"), -ESTALE);
	assert_true(hosted_log_has("p_data: cannot re-apply after revert"));
	assert_int_equal(replace("p_data"), -ESTALE);
	assert_int_equal(state_of("p_data"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(mul(3, 3), 9);

	/* A fresh upload has pristine data again. */
	assert_int_equal(unload("p_data"), 0);
	assert_int_equal(hosted_upload_file("p_data"), 0);
	assert_int_equal(apply("p_data"), 0);
	assert_int_equal(mul(3, 3), 13);
}

static void unload_never_applied_frees_pages(void **state)
{
	size_t free0 = hosted_region_pages_free(), retired0 = hosted_region_pages_retired();
	uint64_t first;

	assert_int_equal(hosted_upload_file("p_add"), 0);
	assert_true(hosted_region_pages_free() < free0);
	first = info_of("p_add").text_run;
	assert_false(info_of("p_add").may_have_run);

	assert_int_equal(unload("p_add"), 0);
	assert_int_equal(hosted_region_pages_free(), free0);
	assert_int_equal(hosted_region_pages_retired(), retired0);

	/* Freed pages are ordinary free memory again: the allocator hands them back out. */
	assert_int_equal(hosted_upload_file("p_add"), 0);
	assert_int_equal(info_of("p_add").text_run, first);
}

/* Pages a payload's upload took. */
static size_t upload_pages(const char *name)
{
	size_t before = hosted_region_pages_free();

	assert_int_equal(hosted_upload_file(name), 0);
	return before - hosted_region_pages_free();
}

/* Has the payload hook that records `code` in the image's log run since the reset? */
static bool hook_ran(int code)
{
	volatile int *log = (volatile int *)(uintptr_t)hosted_sym("lp_hook_log");
	volatile int *pos = (volatile int *)(uintptr_t)hosted_sym("lp_hook_pos");

	for (int i = 0; i < *pos; i++)
		if (log[i] == code)
			return true;
	return false;
}

static void hook_log_reset(void)
{
	*(volatile int *)(uintptr_t)hosted_sym("lp_hook_pos") = 0;
}

/* Unloading `name` retires the `used` pages it took: none come back free. */
static void unload_retires(const char *name, size_t used)
{
	size_t free0 = hosted_region_pages_free(), retired0 = hosted_region_pages_retired();

	assert_true(info_of(name).may_have_run);
	assert_int_equal(unload(name), 0);
	assert_int_equal(hosted_region_pages_retired(), retired0 + used);
	assert_int_equal(hosted_region_pages_free(), free0);
}

/*
 * Regression: payload code that ran without a successful apply did not
 * mark the payload "may have run", so unload freed its pages and the next
 * payload reused them. Each case calls the payload's code one way only.
 */
static void vetoing_preapply_hook_retires_pages(void **state)
{
	size_t used = upload_pages("p_veto");

	hook_log_reset();
	assert_int_equal(apply("p_veto"), -EBUSY);
	assert_true(hook_ran(13));
	unload_retires("p_veto", used);
}

static void failed_apply_hook_retires_pages(void **state)
{
	size_t used = upload_pages("p_apply_fail");

	hook_log_reset();
	assert_int_equal(apply("p_apply_fail"), -EIO);
	assert_true(hook_ran(23));
	unload_retires("p_apply_fail", used);
}

static void load_hook_of_failed_apply_retires_pages(void **state)
{
	size_t used = upload_pages("p_load_hook");
	int_fn2 *mul = fn2("lp_target_mul");

	hook_log_reset();
	hosted_fail_text_write(1, -EIO);
	assert_int_equal(apply("p_load_hook"), -EIO);
	hosted_fail_text_write(0, 0);
	assert_true(hook_ran(51));
	assert_int_equal(mul(3, 4), 12);
	unload_retires("p_load_hook", used);
}

static void post_hook_of_failed_apply_retires_pages(void **state)
{
	size_t used = upload_pages("p_post_hook");
	int_fn2 *mul = fn2("lp_target_mul");

	hook_log_reset();
	hosted_fail_text_write(1, -EIO);
	assert_int_equal(apply("p_post_hook"), -EIO);
	hosted_fail_text_write(0, 0);
	assert_true(hook_ran(52));
	assert_int_equal(mul(3, 4), 12);
	unload_retires("p_post_hook", used);
}

/* The other side: a failed apply that called none of its code gives its pages back. */
static void failed_apply_without_hooks_frees_pages(void **state)
{
	size_t free0 = hosted_region_pages_free(), retired0 = hosted_region_pages_retired();
	int_fn2 *add = fn2("lp_target_add");

	assert_int_equal(hosted_upload_file("p_add"), 0);
	hosted_fail_text_write(1, -EIO);
	assert_int_equal(apply("p_add"), -EIO);
	hosted_fail_text_write(0, 0);
	assert_int_equal(add(1, 1), 2);
	assert_false(info_of("p_add").may_have_run);
	assert_int_equal(unload("p_add"), 0);
	assert_int_equal(hosted_region_pages_free(), free0);
	assert_int_equal(hosted_region_pages_retired(), retired0);
}

static void unload_after_running_retires_pages(void **state)
{
	size_t free0 = hosted_region_pages_free(), retired0 = hosted_region_pages_retired();
	size_t used;
	struct lp_payload_info old, fresh;

	assert_int_equal(hosted_upload_file("p_add"), 0);
	used = free0 - hosted_region_pages_free();
	assert_true(used > 0);
	old = info_of("p_add");
	assert_int_equal(apply("p_add"), 0);
	assert_int_equal(revert("p_add"), 0);
	assert_true(info_of("p_add").may_have_run);

	hosted_log_clear();
	assert_int_equal(unload("p_add"), 0);
	assert_true(hosted_log_has("its code pages are retired"));
	assert_int_equal(hosted_region_pages_retired(), retired0 + used);
	assert_int_equal(hosted_region_pages_free(), free0 - used);

	/* Code that once ran may still be referenced: its addresses never come back. */
	assert_int_equal(hosted_upload_file("p_add"), 0);
	fresh = info_of("p_add");
	assert_true(fresh.text_run != old.text_run);
	assert_true(fresh.text_run >= old.text_run + old.text_size ||
		    fresh.text_run + fresh.text_size <= old.text_run);
	assert_int_equal(apply("p_add"), 0);
	assert_int_equal(fn2("lp_target_add")(1, 1), 102);
}

static void list_pages_and_versions(void **state)
{
	struct lp_list_entry e[2];
	uint32_t total = 99, v0, v1, v2, v3;
	static const char desc[] = "description=adds one hundred";

	assert_int_equal(lp_list(0, e, 2, &total, &v0), 0);
	assert_int_equal(total, 0);

	assert_int_equal(hosted_upload_file("p_add"), 0);
	assert_int_equal(hosted_upload_file("p_const2"), 0);
	assert_int_equal(hosted_upload_file("p_data"), 0);
	assert_int_equal(lp_list(0, e, 2, &total, &v1), 2);
	assert_int_equal(total, 3);
	assert_true(v1 != v0);
	assert_string_equal(e[0].name, "p_add");
	assert_string_equal(e[1].name, "p_const2");
	assert_int_equal(e[0].status.state, LIVEPATCH_STATE_CHECKED);
	assert_int_equal(e[0].metadata_len, sizeof(desc));
	assert_memory_equal(e[0].metadata, desc, sizeof(desc));
	assert_int_equal(e[1].metadata_len, 0);

	/* The next page holds the rest; past the end is empty, not an error. */
	assert_int_equal(lp_list(2, e, 2, &total, &v2), 1);
	assert_string_equal(e[0].name, "p_data");
	assert_int_equal(total, 3);
	assert_int_equal(v2, v1);
	assert_int_equal(lp_list(3, e, 2, &total, &v2), 0);
	assert_int_equal(lp_list(1, e, 0, &total, &v2), 0);
	assert_int_equal(total, 3);

	/* State changes show in the entries but do not change the version. */
	assert_int_equal(apply("p_add"), 0);
	assert_int_equal(lp_list(0, e, 1, &total, &v2), 1);
	assert_int_equal(e[0].status.state, LIVEPATCH_STATE_APPLIED);
	assert_int_equal(e[0].status.rc, 0);
	assert_int_equal(v2, v1);
	/* A refused action neither. */
	assert_int_equal(unload("p_add"), -EINVAL);
	assert_int_equal(lp_list(0, e, 1, &total, &v2), 1);
	assert_int_equal(v2, v1);

	assert_int_equal(unload("p_const2"), 0);
	assert_int_equal(lp_list(0, e, 2, &total, &v3), 2);
	assert_true(v3 != v2);
	assert_int_equal(total, 2);
	assert_string_equal(e[1].name, "p_data");

	/* A failed upload adds nothing and keeps the version. */
	assert_int_equal(hosted_upload_file("p_unresolved"), -ENOENT);
	assert_int_equal(hosted_upload_file("p_data"), -EEXIST);
	assert_int_equal(lp_list(0, e, 2, &total, &v2), 2);
	assert_int_equal(v2, v3);
	assert_int_equal(total, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(apply_only_from_checked, reset_each),
		cmocka_unit_test_setup(revert_only_the_topmost, reset_each),
		cmocka_unit_test_setup(unload_only_from_checked, reset_each),
		cmocka_unit_test_setup(replace_reverts_the_stack_in_one_rendezvous, reset_each),
		cmocka_unit_test_setup(replace_with_nothing_applied_is_an_apply, reset_each),
		cmocka_unit_test_setup(replace_with_a_stacked_payload_is_refused, reset_each),
		cmocka_unit_test_setup(bad_requests, reset_each),
		cmocka_unit_test_setup(action_in_progress_no_threads, reset_each),
		cmocka_unit_test_setup(action_in_progress_phantom_cpu, reset_each),
		cmocka_unit_test_setup(reapply_after_revert_depends_on_data, reset_each),
		cmocka_unit_test_setup(unload_never_applied_frees_pages, reset_each),
		cmocka_unit_test_setup(vetoing_preapply_hook_retires_pages, reset_each),
		cmocka_unit_test_setup(failed_apply_hook_retires_pages, reset_each),
		cmocka_unit_test_setup(load_hook_of_failed_apply_retires_pages, reset_each),
		cmocka_unit_test_setup(post_hook_of_failed_apply_retires_pages, reset_each),
		cmocka_unit_test_setup(failed_apply_without_hooks_frees_pages, reset_each),
		cmocka_unit_test_setup(unload_after_running_retires_pages, reset_each),
		cmocka_unit_test_setup(list_pages_and_versions, reset_each),
	};

	return cmocka_run_group_tests_name("state", tests, setup_image, teardown_image);
}
