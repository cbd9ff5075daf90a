/*
 * Hooks (order, veto, action hooks, REPLACE refusal: Xen semantics as in
 * include/public/livepatch.h), NOP patching, and the checks of the code a
 * payload expects to replace: Xen expectations and our xxh64, including
 * their evaluation "as if unpatched" for REPLACE.
 */
#include <stdio.h>
#include <string.h>

#include "common.h"

static volatile int *hook_log;
static volatile int *hook_pos;
typedef void hook_observer_fn(int code);
static hook_observer_fn *volatile *hook_observer;

static int reset_hooks(void **state)
{
	reset_each(state);
	hook_log = (volatile int *)(uintptr_t)hosted_sym("lp_hook_log");
	hook_pos = (volatile int *)(uintptr_t)hosted_sym("lp_hook_pos");
	assert_non_null(hook_log);
	assert_non_null(hook_pos);
	*hook_pos = 0;
	for (int i = 0; i < 32; i++)
		hook_log[i] = 0;
	hook_observer = (hook_observer_fn *volatile *)(uintptr_t)hosted_sym("lp_hook_observer");
	assert_non_null(hook_observer);
	*hook_observer = NULL;
	return 0;
}

/* The hook log since the last call, as a comparable string "3,1,4". */
static const char *take_log(void)
{
	static char buf[256];
	size_t o = 0;

	buf[0] = 0;
	for (int i = 0; i < *hook_pos && o < sizeof(buf) - 8; i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%d", i ? "," : "", hook_log[i]);
	*hook_pos = 0;
	return buf;
}

static void hooks_run_in_xen_order(void **state)
{
	int_fn2 *mul = fn2("lp_target_mul");

	assert_int_equal(hosted_upload_file("p_hooks"), 0);
	/* Upload runs nothing of the payload. */
	assert_string_equal(take_log(), "");

	assert_int_equal(apply("p_hooks"), 0);
	/* pre-apply before the rendezvous, load inside it, post-apply after. */
	assert_string_equal(take_log(), "3,1,4");
	assert_int_equal(mul(3, 4), 13);

	assert_int_equal(revert("p_hooks"), 0);
	assert_string_equal(take_log(), "5,2,6");
	assert_int_equal(mul(3, 4), 12);

	/* Refused actions call no hook at all. */
	assert_int_equal(revert("p_hooks"), -EINVAL);
	assert_int_equal(unload("p_hooks"), 0);
	assert_string_equal(take_log(), "");
}

static void hooks_run_with_cpu_threads(void **state)
{
	assert_int_equal(hosted_upload_file("p_hooks"), 0);
	assert_int_equal(hosted_cpus_start(4, NULL, NULL), 0);
	assert_int_equal(apply("p_hooks"), 0);
	assert_string_equal(take_log(), "3,1,4");
	assert_int_equal(revert("p_hooks"), 0);
	assert_string_equal(take_log(), "5,2,6");
	hosted_cpus_stop();
}

static void preapply_veto_stops_the_apply(void **state)
{
	int_fn2 *mul = fn2("lp_target_mul");
	struct hv_livepatch_status st;

	assert_int_equal(hosted_upload_file("p_veto"), 0);
	/* The hook's own return value (-16, -EBUSY) is what the caller sees. */
	assert_int_equal(apply("p_veto"), -EBUSY);
	assert_string_equal(take_log(), "13");
	assert_true(hosted_log_has("p_veto: pre-apply hook vetoed the apply: -16 (EBUSY)"));
	assert_false(lp_work_pending());
	assert_int_equal(mul(3, 4), 12);
	/* GET reports the hook's refusal as the payload's rc. */
	assert_int_equal(lp_get("p_veto", &st), 0);
	assert_int_equal(st.state, LIVEPATCH_STATE_CHECKED);
	assert_int_equal(st.rc, -16);

	/* Vetoed each time it is asked; unload still works. */
	assert_int_equal(apply("p_veto"), -16);
	assert_string_equal(take_log(), "13");
	assert_int_equal(unload("p_veto"), 0);
}

/*
 * Regression: a veto of -EAGAIN was stored as the payload's rc, which is
 * what "action in progress" reads as: every later action, unload included,
 * was refused -EBUSY for good.
 */
static void preapply_eagain_veto_does_not_wedge_the_payload(void **state)
{
	int_fn2 *mul = fn2("lp_target_mul");
	struct hv_livepatch_status st;

	assert_int_equal(hosted_upload_file("p_veto_again"), 0);
	assert_int_equal(apply("p_veto_again"), -ECANCELED);
	assert_string_equal(take_log(), "14");
	assert_int_equal(unload("p_veto_again"), 0);
	assert_int_equal(hosted_upload_file("p_veto_again"), 0);
	assert_int_equal(apply("p_veto_again"), -ECANCELED);
	assert_string_equal(take_log(), "14");
	assert_true(hosted_log_has("p_veto_again: pre-apply hook vetoed the apply: -11 (EAGAIN), reported as -125 (ECANCELED)"));
	assert_int_equal(lp_get("p_veto_again", &st), 0);
	assert_int_equal(st.state, LIVEPATCH_STATE_CHECKED);
	assert_int_equal(st.rc, -ECANCELED);
	assert_int_equal(mul(3, 4), 12);

	/* Asked again, the hook is asked again: the payload is not "busy". */
	assert_int_equal(apply("p_veto_again"), -ECANCELED);
	assert_string_equal(take_log(), "14");
	assert_int_equal(unload("p_veto_again"), 0);
}

/*
 * Regression: an apply action hook that patched and then failed left the
 * function patched while the payload stayed CHECKED (and unloadable), and
 * REPLACE's rollback re-applied the old stack on top of that jump.
 */
static void failed_apply_hook_changes_nothing(void **state)
{
	int_fn2 *mul = fn2("lp_target_mul"), *add = fn2("lp_target_add");
	struct lp_func_info fi;
	struct lp_payload_info info;

	assert_int_equal(hosted_upload_file("p_apply_fail"), 0);
	assert_int_equal(apply("p_apply_fail"), -EIO);
	assert_string_equal(take_log(), "23");
	assert_int_equal(mul(3, 4), 12);
	assert_int_equal(state_of("p_apply_fail"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(lp_func_info("p_apply_fail", 0, &fi), 0);
	assert_false(fi.applied);
	assert_true(hosted_log_has("p_apply_fail: apply action hook failed: -5 (EIO)"));

	/* REPLACE over a re-applied payload fails the same way; the stack is as it was. */
	assert_int_equal(hosted_upload_file("p_add"), 0);
	assert_int_equal(apply("p_add"), 0);
	assert_int_equal(revert("p_add"), 0);
	assert_int_equal(apply("p_add"), 0);
	assert_int_equal(lp_payload_info("p_add", &info), 0);
	assert_true(info.reverted);
	assert_int_equal(replace("p_apply_fail"), -EIO);
	assert_string_equal(take_log(), "23");
	assert_int_equal(mul(3, 4), 12);
	assert_int_equal(add(1, 1), 102);
	assert_int_equal(state_of("p_add"), LIVEPATCH_STATE_APPLIED);
	assert_int_equal(state_of("p_apply_fail"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(lp_payload_info("p_add", &info), 0);
	assert_true(info.reverted);

	/* p_add saved the original bytes, not p_apply_fail's jump. */
	assert_int_equal(revert("p_add"), 0);
	assert_int_equal(add(1, 1), 2);
	assert_int_equal(mul(3, 4), 12);
	assert_int_equal(unload("p_apply_fail"), 0);
	assert_int_equal(mul(3, 4), 12);
}

/* Xen runs the post hook whenever the action ran, failed or not; never after a timeout. */
static void post_hook_runs_when_the_action_ran(void **state)
{
	int_fn2 *mul = fn2("lp_target_mul");

	assert_int_equal(hosted_upload_file("p_post_on_fail"), 0);
	assert_int_equal(apply("p_post_on_fail"), -EIO);
	assert_string_equal(take_log(), "41,42,43");
	assert_true(hosted_log_has("calling post-apply hook (apply rc=-5)"));
	assert_int_equal(state_of("p_post_on_fail"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(mul(3, 4), 12);

	/* A CPU that never arrives: the action never runs, so neither does the post hook. */
	assert_int_equal(hosted_cpus_start(2, NULL, NULL), 0);
	hosted_cpus_phantom(1);
	assert_int_equal(hosted_action("p_post_on_fail", LIVEPATCH_ACTION_APPLY, 20 * 1000 * 1000, 0),
			 -ETIMEDOUT);
	hosted_cpus_stop();
	assert_string_equal(take_log(), "41");
	assert_int_equal(mul(3, 4), 12);
}

/* Regression: a revert action hook that unpatched and then failed left the payload APPLIED but unpatched. */
static void failed_revert_hook_changes_nothing(void **state)
{
	int_fn2 *add = fn2("lp_target_add");
	struct lp_func_info fi;

	assert_int_equal(hosted_upload_file("p_revert_fail"), 0);
	assert_int_equal(apply("p_revert_fail"), 0);
	assert_int_equal(add(1, 1), 11);
	assert_int_equal(revert("p_revert_fail"), -EIO);
	assert_string_equal(take_log(), "24");
	assert_int_equal(add(1, 1), 11);
	assert_int_equal(state_of("p_revert_fail"), LIVEPATCH_STATE_APPLIED);
	assert_int_equal(lp_func_info("p_revert_fail", 0, &fi), 0);
	assert_true(fi.applied);
	assert_true(hosted_log_has("p_revert_fail: revert action hook failed: -5 (EIO)"));

	/* Inside REPLACE too: nothing is swapped. */
	assert_int_equal(hosted_upload_file("p_replace"), 0);
	assert_int_equal(replace("p_replace"), -EIO);
	assert_string_equal(take_log(), "24");
	assert_int_equal(state_of("p_revert_fail"), LIVEPATCH_STATE_APPLIED);
	assert_int_equal(state_of("p_replace"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(add(1, 1), 11);
}

/*
 * One action, run to completion on this thread (no CPU threads): the
 * payload's rc as GET reports it, without hosted_action's wait for it to
 * stop reading -EAGAIN (which a wedged payload never does).
 */
static int act_once(const char *name, uint32_t cmd)
{
	struct hv_livepatch_status st;
	int rc = lp_action(name, cmd, SEC(10), 0);

	if (rc)
		return rc;
	lp_check_for_work();
	assert_false(lp_work_pending());
	assert_int_equal(lp_get(name, &st), 0);
	return st.rc;
}

/*
 * Regression: an action hook's -EAGAIN became the payload's rc, which reads
 * as "in progress", and lp_action() took that rc for "busy": every later
 * action on the payload, unload included, was refused for good.
 */
static void apply_hook_eagain_does_not_wedge_the_payload(void **state)
{
	int_fn2 *mul = fn2("lp_target_mul");

	assert_int_equal(hosted_upload_file("p_apply_again"), 0);
	assert_int_equal(act_once("p_apply_again", LIVEPATCH_ACTION_APPLY), -ECANCELED);
	assert_string_equal(take_log(), "25");
	assert_true(hosted_log_has("p_apply_again: apply action hook failed"));
	assert_true(hosted_log_has("reported as -125"));
	assert_int_equal(state_of("p_apply_again"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(mul(3, 4), 12);

	/* Asked again, the hook is called again: the payload is not busy. */
	assert_int_equal(act_once("p_apply_again", LIVEPATCH_ACTION_APPLY), -ECANCELED);
	assert_string_equal(take_log(), "25");
	assert_int_equal(unload("p_apply_again"), 0);
}

static void revert_hook_eagain_does_not_wedge_the_payload(void **state)
{
	int_fn2 *add = fn2("lp_target_add");

	assert_int_equal(hosted_upload_file("p_revert_again"), 0);
	assert_int_equal(act_once("p_revert_again", LIVEPATCH_ACTION_APPLY), 0);
	assert_int_equal(add(1, 1), 12);
	assert_int_equal(act_once("p_revert_again", LIVEPATCH_ACTION_REVERT), -ECANCELED);
	assert_string_equal(take_log(), "26");
	assert_true(hosted_log_has("p_revert_again: revert action hook failed"));
	assert_int_equal(state_of("p_revert_again"), LIVEPATCH_STATE_APPLIED);
	assert_int_equal(add(1, 1), 12);

	/* Still usable: asked again, the hook runs again. */
	assert_int_equal(act_once("p_revert_again", LIVEPATCH_ACTION_REVERT), -ECANCELED);
	assert_string_equal(take_log(), "26");
	assert_int_equal(add(1, 1), 12);
}

static int action_from_post_hook = 1;

/* p_hooks' post-apply hook (4) asks for another action while it runs. */
static void request_apply_of_p_add(int code)
{
	if (code == 4)
		action_from_post_hook = lp_action("p_add", LIVEPATCH_ACTION_APPLY, SEC(10), 0);
}

/*
 * The engine is busy until the action's rc is recorded, post hooks
 * included: "busy" is the engine's own state, not the CPUs' work flag
 * (already clear by then) nor a payload's rc.
 */
static void no_other_action_while_post_hooks_run(void **state)
{
	int_fn2 *add = fn2("lp_target_add");

	assert_int_equal(hosted_upload_file("p_hooks"), 0);
	assert_int_equal(hosted_upload_file("p_add"), 0);
	*hook_observer = request_apply_of_p_add;
	assert_int_equal(apply("p_hooks"), 0);
	*hook_observer = NULL;
	assert_string_equal(take_log(), "3,1,4");
	assert_int_equal(action_from_post_hook, -EBUSY);
	assert_true(hosted_log_has("p_add: another action is still in progress"));
	assert_false(lp_work_pending());
	assert_int_equal(state_of("p_add"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(add(1, 1), 2);

	/* Once the rc is recorded, the engine takes the next action. */
	assert_int_equal(hosted_action("p_add", LIVEPATCH_ACTION_APPLY, SEC(10),
				       LIVEPATCH_ACTION_APPLY_NODEPS), 0);
	assert_int_equal(add(1, 1), 102);
}

/*
 * Regression: REPLACE's rollback ignored a failure to re-apply a payload it
 * had reverted: the stack changed while the log said "nothing changed",
 * and the payload's reverted flag was reset (so its used .bss could be
 * applied again).
 */
static void failed_replace_rollback_is_reported(void **state)
{
	int_fn2 *mul = fn2("lp_target_mul"), *add = fn2("lp_target_add");
	struct lp_payload_info info;
	struct lp_func_info fi;
	struct hv_livepatch_status st;

	assert_int_equal(hosted_upload_file("p_reapply_fail"), 0);
	assert_int_equal(hosted_upload_file("p_add"), 0);
	assert_int_equal(hosted_upload_file("p_apply_fail"), 0);
	assert_int_equal(apply("p_reapply_fail"), 0);
	assert_string_equal(take_log(), "27");
	assert_int_equal(add(1, 1), 22);
	assert_int_equal(hosted_action("p_add", LIVEPATCH_ACTION_APPLY, SEC(10),
				       LIVEPATCH_ACTION_APPLY_NODEPS), 0);
	assert_int_equal(add(1, 1), 102);

	/*
	 * p_apply_fail's hook fails; re-applying p_reapply_fail (the bottom)
	 * fails too, so p_add, stacked on it, is not re-applied either.
	 */
	hosted_log_clear();
	assert_int_equal(replace("p_apply_fail"), -ENOTRECOVERABLE);
	assert_string_equal(take_log(), "23,28");
	assert_true(hosted_log_has("p_apply_fail: replace rollback: could not re-apply p_reapply_fail"));
	assert_true(hosted_log_has("p_apply_fail: replace rollback: p_add stays reverted"));
	assert_true(hosted_log_has("p_apply_fail: replace rollback: no payload is applied now"));
	assert_true(hosted_log_has("p_apply_fail: replace failed and could not be rolled back"));
	assert_false(hosted_log_has("nothing changed"));
	assert_int_equal(state_of("p_add"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(lp_payload_info("p_add", &info), 0);
	assert_true(info.reverted);

	/* Every flag as it is: p_reapply_fail reverted and unpatched, nothing applied. */
	assert_int_equal(lp_get("p_reapply_fail", &st), 0);
	assert_int_equal(st.state, LIVEPATCH_STATE_CHECKED);
	assert_int_equal(st.rc, -EIO);
	assert_int_equal(lp_payload_info("p_reapply_fail", &info), 0);
	assert_true(info.reverted);
	assert_int_equal(lp_func_info("p_reapply_fail", 0, &fi), 0);
	assert_false(fi.applied);
	assert_int_equal(state_of("p_apply_fail"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(add(1, 1), 2);
	assert_int_equal(mul(3, 4), 12);

	/* Its .bss was used: re-apply stays refused, unload works. */
	assert_int_equal(apply("p_reapply_fail"), -ESTALE);
	assert_int_equal(unload("p_add"), 0);
	assert_int_equal(unload("p_reapply_fail"), 0);
	assert_int_equal(unload("p_apply_fail"), 0);
}

static void action_hooks_wrap_the_default(void **state)
{
	int_fn2 *mul = fn2("lp_target_mul");

	assert_int_equal(hosted_upload_file("p_action"), 0);
	assert_int_equal(apply("p_action"), 0);
	assert_string_equal(take_log(), "21");
	assert_true(hosted_log_has("p_action: calling apply action hook"));
	assert_int_equal(mul(3, 4), 15);
	assert_int_equal(revert("p_action"), 0);
	assert_string_equal(take_log(), "22");
	assert_int_equal(mul(3, 4), 12);
}

static void replace_refuses_pre_post_hooks(void **state)
{
	int_fn2 *mul = fn2("lp_target_mul"), *add = fn2("lp_target_add");

	assert_int_equal(hosted_upload_file("p_hooks"), 0);
	assert_int_equal(hosted_upload_file("p_replace"), 0);

	/* The new payload has them. */
	assert_int_equal(replace("p_hooks"), -EOPNOTSUPP);
	assert_true(hosted_log_has("p_hooks: REPLACE is not supported for payloads with pre/post hooks"));
	assert_string_equal(take_log(), "");
	assert_int_equal(state_of("p_hooks"), LIVEPATCH_STATE_CHECKED);

	/* An applied one has them. */
	assert_int_equal(apply("p_hooks"), 0);
	assert_string_equal(take_log(), "3,1,4");
	hosted_log_clear();
	assert_int_equal(replace("p_replace"), -EOPNOTSUPP);
	assert_true(hosted_log_has("applied payload p_hooks has pre/post hooks"));
	assert_string_equal(take_log(), "");
	assert_int_equal(state_of("p_hooks"), LIVEPATCH_STATE_APPLIED);
	assert_int_equal(state_of("p_replace"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(mul(3, 4), 13);
	assert_int_equal(add(1, 1), 2);
}

static void replace_over_action_hooks_runs_them(void **state)
{
	int_fn2 *mul = fn2("lp_target_mul"), *add = fn2("lp_target_add");

	/* Apply/revert action hooks are not pre/post hooks: REPLACE goes ahead. */
	assert_int_equal(hosted_upload_file("p_action"), 0);
	assert_int_equal(hosted_upload_file("p_replace"), 0);
	assert_int_equal(apply("p_action"), 0);
	assert_string_equal(take_log(), "21");
	assert_int_equal(replace("p_replace"), 0);
	/* p_action's revert action hook undid its patch inside the rendezvous. */
	assert_string_equal(take_log(), "22");
	assert_int_equal(mul(3, 4), 12);
	assert_int_equal(add(1, 1), 202);
}

static void nop_patching(void **state)
{
	int_fn0 *target = fn0("lp_nop_target");
	volatile int *count = (volatile int *)(uintptr_t)hosted_sym("lp_side_count");
	int before;
	struct lp_func_info fi;

	assert_non_null(count);
	before = *count;
	assert_int_equal(target(), 7);
	assert_int_equal(*count, before + 1);

	assert_int_equal(hosted_upload_file("p_nop"), 0);
	assert_int_equal(lp_func_info("p_nop", 0, &fi), 0);
	assert_true(fi.nop);
	assert_int_equal(fi.old_addr, hosted_sym("lp_nop_target"));
	assert_int_equal(apply("p_nop"), 0);
	/* The call is gone; the rest of the function still runs. */
	assert_int_equal(target(), 7);
	assert_int_equal(target(), 7);
	assert_int_equal(*count, before + 1);

	assert_int_equal(revert("p_nop"), 0);
	assert_int_equal(target(), 7);
	assert_int_equal(*count, before + 2);
}

static void expectation_met(void **state)
{
	int_fn0 *t = fn0("lp_asm_target");
	struct lp_func_info fi;

	assert_int_equal(t(), 1);
	assert_int_equal(hosted_upload_file("p_expect"), 0);
	assert_int_equal(lp_func_info("p_expect", 0, &fi), 0);
	assert_true(fi.has_expectation);
	assert_int_equal(apply("p_expect"), 0);
	assert_int_equal(t(), 2);
	assert_int_equal(revert("p_expect"), 0);
	assert_int_equal(t(), 1);
}

static void expectation_not_met(void **state)
{
	int_fn0 *t = fn0("lp_asm_target");
	uint8_t before[16], after[16];

	memcpy(before, (const void *)(uintptr_t)hosted_sym("lp_asm_target"), sizeof(before));
	/* The bytes are only compared when applying: upload is fine. */
	assert_int_equal(hosted_upload_file("p_expect_bad"), 0);
	assert_int_equal(apply("p_expect_bad"), -EBADMSG);
	assert_true(hosted_log_has("p_expect_bad: lp_asm_target: code at"));
	assert_true(hosted_log_has("does not match the expected 6 bytes"));
	assert_int_equal(state_of("p_expect_bad"), LIVEPATCH_STATE_CHECKED);
	assert_false(lp_work_pending());
	memcpy(after, (const void *)(uintptr_t)hosted_sym("lp_asm_target"), sizeof(after));
	assert_memory_equal(before, after, sizeof(before));
	assert_int_equal(t(), 1);
	/* REPLACE compares the same way. */
	assert_int_equal(replace("p_expect_bad"), -EBADMSG);
	assert_int_equal(t(), 1);
}

static void old_code_hash(void **state)
{
	int_fn0 *t = fn0("lp_asm_target");
	struct lp_func_info fi;

	/* One object with two .livepatch.old_hash sections: one build-id, so one at a time. */
	assert_int_equal(hosted_upload_file("p_hash_bad"), 0);
	assert_int_equal(apply("p_hash_bad"), -EBADMSG);
	assert_true(hosted_log_has("p_hash_bad: lp_asm_target: xxh64 of"));
	assert_int_equal(state_of("p_hash_bad"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(t(), 1);
	assert_int_equal(unload("p_hash_bad"), 0);

	assert_int_equal(hosted_upload_file("p_hash"), 0);
	assert_int_equal(lp_func_info("p_hash", 0, &fi), 0);
	assert_true(fi.has_hash);
	assert_int_equal(apply("p_hash"), 0);
	assert_int_equal(t(), 3);
	assert_int_equal(revert("p_hash"), 0);
	assert_int_equal(t(), 1);
}

static void replace_checks_code_as_if_unpatched(void **state)
{
	int_fn0 *t = fn0("lp_asm_target");

	assert_int_equal(hosted_upload_file("p_hash"), 0);
	assert_int_equal(hosted_upload_file("p_expect"), 0);
	assert_int_equal(apply("p_hash"), 0);
	assert_int_equal(t(), 3);

	/* Stacked on p_hash, p_expect would see p_hash's jump: mismatch. */
	assert_int_equal(hosted_action("p_expect", LIVEPATCH_ACTION_APPLY, SEC(10),
				       LIVEPATCH_ACTION_APPLY_NODEPS), -EBADMSG);
	assert_int_equal(t(), 3);

	/* After REPLACE reverts p_hash, the original bytes are what it patches. */
	assert_int_equal(replace("p_expect"), 0);
	assert_int_equal(t(), 2);
	assert_int_equal(state_of("p_hash"), LIVEPATCH_STATE_CHECKED);

	/* The xxh64 check is evaluated the same way, in the other direction. */
	assert_int_equal(replace("p_hash"), 0);
	assert_int_equal(t(), 3);
	assert_int_equal(revert("p_hash"), 0);
	assert_int_equal(t(), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(hooks_run_in_xen_order, reset_hooks),
		cmocka_unit_test_setup(hooks_run_with_cpu_threads, reset_hooks),
		cmocka_unit_test_setup(preapply_veto_stops_the_apply, reset_hooks),
		cmocka_unit_test_setup(preapply_eagain_veto_does_not_wedge_the_payload, reset_hooks),
		cmocka_unit_test_setup(action_hooks_wrap_the_default, reset_hooks),
		cmocka_unit_test_setup(failed_apply_hook_changes_nothing, reset_hooks),
		cmocka_unit_test_setup(failed_revert_hook_changes_nothing, reset_hooks),
		cmocka_unit_test_setup(post_hook_runs_when_the_action_ran, reset_hooks),
		cmocka_unit_test_setup(apply_hook_eagain_does_not_wedge_the_payload, reset_hooks),
		cmocka_unit_test_setup(revert_hook_eagain_does_not_wedge_the_payload, reset_hooks),
		cmocka_unit_test_setup(no_other_action_while_post_hooks_run, reset_hooks),
		cmocka_unit_test_setup(failed_replace_rollback_is_reported, reset_hooks),
		cmocka_unit_test_setup(replace_refuses_pre_post_hooks, reset_hooks),
		cmocka_unit_test_setup(replace_over_action_hooks_runs_them, reset_hooks),
		cmocka_unit_test_setup(nop_patching, reset_hooks),
		cmocka_unit_test_setup(expectation_met, reset_hooks),
		cmocka_unit_test_setup(expectation_not_met, reset_hooks),
		cmocka_unit_test_setup(old_code_hash, reset_hooks),
		cmocka_unit_test_setup(replace_checks_code_as_if_unpatched, reset_hooks),
	};

	return cmocka_run_group_tests_name("hooks", tests, setup_image, teardown_image);
}
