/*
 * Real patching: functions of the mapped image are called before, after
 * apply, after revert and after replace, single-CPU and while other CPU
 * threads keep calling them.
 */
#include <signal.h>

#include "common.h"
#include "livepatch/host.h"

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

/*
 * The engine's one promise: while text is written every other CPU is held
 * with interrupts off. CPUs here notice each phase change up to 5 ms late,
 * so a master that wrote without waiting for them would be caught by the
 * hosted writer's check (hosted_unheld_writes) every time.
 */
static void text_is_written_only_with_every_other_cpu_held(void **state)
{
	int_fn2 *add = fn2("lp_target_add");
	unsigned long unheld = hosted_unheld_writes();
	uint8_t bytes[5];
	uint64_t at = hosted_sym("lp_target_add");

	assert_int_equal(hosted_upload_file("p_add"), 0);
	assert_int_equal(hosted_cpus_start(4, NULL, NULL), 0);
	hosted_slow_relax(5 * 1000 * 1000);
	for (int round = 0; round < 3; round++) {
		assert_int_equal(apply("p_add"), 0);
		assert_int_equal(add(1, 2), 103);
		assert_int_equal(revert("p_add"), 0);
		assert_int_equal(add(1, 2), 3);
	}
	assert_int_equal(hosted_unheld_writes(), unheld);

	/* The check itself: the same bytes written back outside the rendezvous are flagged. */
	assert_int_equal(lp_host_text_read(at, bytes, sizeof(bytes)), 0);
	assert_int_equal(lp_host_text_write(at, bytes, sizeof(bytes)), 0);
	assert_int_equal(hosted_unheld_writes(), unheld + 1);
	assert_true(hosted_log_has("by the main thread 0 while CPU "));
	assert_true(hosted_log_has(" is not held"));
	hosted_cpus_stop();
}

/*
 * Workers execute the target continuously across each apply and revert
 * while the text is written one byte at a time with pauses: a worker that
 * was not held would run a torn jump (a wrong result or a fault, caught
 * here and counted).
 */
static __thread sigjmp_buf torn_env;
static __thread volatile int torn_armed;
static volatile unsigned long torn_faults;

static void torn_fault(int sig)
{
	if (!torn_armed) {
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	__atomic_add_fetch(&torn_faults, 1, __ATOMIC_RELAXED);
	siglongjmp(torn_env, 1);
}

static void call_across_writes(unsigned cpu, void *arg)
{
	struct hammer *h = arg;
	uint64_t until = lp_host_now_ns() + 2 * 1000 * 1000;

	if (sigsetjmp(torn_env, 1)) {
		torn_armed = 0;
		return;
	}
	torn_armed = 1;
	while (lp_host_now_ns() < until) {
		int r = h->add(20, 22);

		if (r != 42 && r != 142)
			__atomic_add_fetch(&h->bad, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&h->calls, 1, __ATOMIC_RELAXED);
	}
	torn_armed = 0;
	(void)cpu;
}

static void workers_inside_the_target_never_see_a_half_written_patch(void **state)
{
	static const int sigs[] = { SIGSEGV, SIGILL, SIGBUS, SIGTRAP, SIGFPE };
	struct sigaction sa = { .sa_handler = torn_fault }, old[5];
	struct hammer h = { .add = fn2("lp_target_add") };
	unsigned long unheld = hosted_unheld_writes(), before;

	torn_faults = 0;
	for (unsigned i = 0; i < 5; i++)
		sigaction(sigs[i], &sa, &old[i]);
	assert_int_equal(hosted_upload_file("p_add"), 0);
	assert_int_equal(hosted_cpus_start(4, call_across_writes, &h), 0);
	hosted_slow_text_writes(true);
	for (int round = 0; round < 5; round++) {
		before = h.calls;
		assert_int_equal(apply("p_add"), 0);
		assert_int_equal(revert("p_add"), 0);
		assert_true(h.calls > before);
	}
	hosted_cpus_stop();
	for (unsigned i = 0; i < 5; i++)
		sigaction(sigs[i], &old[i], NULL);
	assert_int_equal(torn_faults, 0);
	assert_int_equal(h.bad, 0);
	assert_int_equal(hosted_unheld_writes(), unheld);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(apply_and_revert_changes_behaviour, reset_each),
		cmocka_unit_test_setup(replace_swaps_the_stack_atomically, reset_each),
		cmocka_unit_test_setup(patching_while_cpus_call_the_function, reset_each),
		cmocka_unit_test_setup(rendezvous_timeout_patches_nothing, reset_each),
		cmocka_unit_test_setup(text_is_written_only_with_every_other_cpu_held, reset_each),
		cmocka_unit_test_setup(workers_inside_the_target_never_see_a_half_written_patch,
				       reset_each),
	};

	return cmocka_run_group_tests_name("patching", tests, setup_image, teardown_image);
}
