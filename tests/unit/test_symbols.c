/*
 * Symbol rules (seed 004) and build-id/dependency rules: payload locals are
 * private, payload globals are exported to later payloads and clash only
 * when applied side by side, hypervisor file-locals are reachable as
 * "file.c#name", and the hash index agrees with the linear reference.
 */
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "livepatch/host.h"
#include "livepatch/symtab.h"

/* Every distinct symbol lp_symbol_by_addr reports inside a payload's text. */
static bool payload_text_has_symbol(const char *payload, const char *sym, uint64_t *where)
{
	struct lp_payload_info info;

	assert_int_equal(lp_payload_info(payload, &info), 0);
	for (uint64_t a = info.text_run; a < info.text_run + info.text_size; a++) {
		uint64_t off, size;
		const char *owner = NULL;
		const char *name = lp_symbol_by_addr(a, &off, &size, &owner);

		if (name && !strcmp(name, sym) && off == 0) {
			assert_string_equal(owner, payload);
			*where = a;
			return true;
		}
	}
	return false;
}

static void payload_locals_never_collide(void **state)
{
	uint64_t a2 = 0, ar = 0;
	int_fn0 *cnst = fn0("lp_target_const");

	/* Both define a static counter_base (kept out of line on purpose). */
	assert_int_equal(hosted_upload_file("p_const2"), 0);
	assert_int_equal(hosted_upload_file("p_replace"), 0);
	assert_true(payload_text_has_symbol("p_const2", "counter_base", &a2));
	assert_true(payload_text_has_symbol("p_replace", "counter_base", &ar));
	assert_true(a2 != ar);

	/* Each payload's code calls its own counter_base (1 + 1 vs 2 + 2). */
	assert_int_equal(apply("p_const2"), 0);
	assert_int_equal(cnst(), 2);
	assert_int_equal(replace("p_replace"), 0);
	assert_int_equal(cnst(), 4);
}

static void payload_locals_are_not_exported(void **state)
{
	assert_int_equal(hosted_upload_file("p_const2"), 0);
	assert_int_equal(apply("p_const2"), 0);
	/* Even applied, p_const2's static counter_base is invisible to others. */
	assert_int_equal(hosted_upload_file("p_uses_local"), -ENOENT);
	assert_true(hosted_log_has("p_uses_local: unresolved symbol counter_base"));
	assert_int_equal(lp_get("p_uses_local", &(struct hv_livepatch_status){ 0 }), -ENOENT);
}

static void same_global_uploads_and_replaces_but_does_not_stack(void **state)
{
	int_fn0 *cnst = fn0("lp_target_const");

	assert_int_equal(hosted_upload_file("p_const2"), 0);
	assert_int_equal(apply("p_const2"), 0);
	/* Upload does not judge export clashes: a cumulative successor must load. */
	assert_int_equal(hosted_upload_file("p_replace"), 0);

	/* Plain APPLY first fails the stacking rule: p_replace has no depends note. */
	assert_int_equal(apply("p_replace"), -ENOLINK);
	/* Past that, two applied payloads may not both provide p_const_helper. */
	hosted_log_clear();
	assert_int_equal(hosted_action("p_replace", LIVEPATCH_ACTION_APPLY, SEC(10),
				       LIVEPATCH_ACTION_APPLY_NODEPS), -EEXIST);
	assert_true(hosted_log_has("p_replace: new symbol p_const_helper is already provided by applied payload p_const2"));
	assert_int_equal(state_of("p_replace"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(cnst(), 2);

	/* REPLACE swaps the provider in one go. */
	assert_int_equal(replace("p_replace"), 0);
	assert_int_equal(cnst(), 4);
	assert_int_equal(state_of("p_const2"), LIVEPATCH_STATE_CHECKED);
	/* And now p_const2 is the one that would clash. */
	assert_int_equal(hosted_action("p_const2", LIVEPATCH_ACTION_APPLY, SEC(10),
				       LIVEPATCH_ACTION_APPLY_NODEPS), -EEXIST);
}

/* Stacked correctly (depends satisfied), yet re-introducing an applied global: refused. */
static void stacked_payload_may_not_shadow_an_applied_global(void **state)
{
	int_fn0 *cnst = fn0("lp_target_const");

	assert_int_equal(hosted_upload_file("p_const2"), 0);
	assert_int_equal(apply("p_const2"), 0);
	assert_int_equal(hosted_upload_file("p_clash"), 0);
	hosted_log_clear();
	assert_int_equal(apply("p_clash"), -EEXIST);
	assert_true(hosted_log_has("new symbol p_const_helper is already provided by applied payload p_const2"));
	assert_int_equal(state_of("p_clash"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(cnst(), 2);
	/* Nor can it REPLACE: a replacement sits on the hypervisor, not on p_const2. */
	assert_int_equal(replace("p_clash"), -ENOLINK);
	assert_int_equal(cnst(), 2);
	assert_int_equal(revert("p_const2"), 0);
	assert_int_equal(cnst(), 1);
}

static void later_payload_uses_earlier_global(void **state)
{
	int_fn0 *cnst = fn0("lp_target_const");
	struct lp_func_info fi;
	uint64_t off, size;
	const char *owner = NULL, *name;

	assert_int_equal(hosted_upload_file("p_const2"), 0);
	assert_int_equal(hosted_upload_file("p_const3"), 0);
	assert_int_equal(apply("p_const2"), 0);
	assert_int_equal(apply("p_const3"), 0);
	/* p_const3's code ran p_const2's p_const_helper (2) and added one. */
	assert_int_equal(cnst(), 3);

	/* Backtraces name payload code by symbol, offset and payload. */
	assert_int_equal(lp_func_info("p_const3", 0, &fi), 0);
	name = lp_symbol_by_addr(fi.new_addr + 3, &off, &size, &owner);
	assert_non_null(name);
	assert_string_equal(name, "p_const3_new");
	assert_int_equal(off, 3);
	assert_true(size > 3);
	assert_string_equal(owner, "p_const3");
	assert_int_equal(lp_func_info("p_const2", 0, &fi), 0);
	name = lp_symbol_by_addr(fi.new_addr, &off, &size, &owner);
	assert_non_null(name);
	assert_string_equal(name, "p_const2_new");
	assert_int_equal(off, 0);
	assert_string_equal(owner, "p_const2");
	/* Hypervisor text is not payload text. */
	assert_null(lp_symbol_by_addr(hosted_sym("lp_target_const"), &off, &size, &owner));
}

static void applied_exporter_wins_over_loaded_ones(void **state)
{
	assert_int_equal(hosted_upload_file("p_const2"), 0);
	assert_int_equal(hosted_upload_file("p_replace"), 0);
	/* Two loaded, neither applied: which p_const_helper is meant is unknowable. */
	assert_int_equal(hosted_upload_file("p_const3"), -ENOTUNIQ);
	assert_true(hosted_log_has("symbol p_const_helper is ambiguous"));

	assert_int_equal(apply("p_const2"), 0);
	assert_int_equal(hosted_upload_file("p_const3"), 0);
	assert_int_equal(apply("p_const3"), 0);
	/* p_replace's helper would give 4 + 1. */
	assert_int_equal(fn0("lp_target_const")(), 3);
}

static void exporter_stays_loaded_while_a_user_is(void **state)
{
	assert_int_equal(hosted_upload_file("p_const2"), 0);
	assert_int_equal(hosted_upload_file("p_const3"), 0);
	/*
	 * p_const3's call to p_const_helper is a relocation into p_const2's
	 * pages: freeing them would leave p_const3 calling whatever is
	 * uploaded there next, even after p_const2 is uploaded again with the
	 * same build-id (so the depends check would pass).
	 */
	hosted_log_clear();
	assert_int_equal(unload("p_const2"), -EBUSY);
	assert_true(hosted_log_has("p_const2: cannot unload: p_const3 was linked against its symbols"));
	assert_int_equal(state_of("p_const2"), LIVEPATCH_STATE_CHECKED);

	assert_int_equal(hosted_action("p_const3", LIVEPATCH_ACTION_APPLY, SEC(10),
				       LIVEPATCH_ACTION_APPLY_NODEPS), 0);
	assert_int_equal(unload("p_const2"), -EBUSY);
	assert_int_equal(fn0("lp_target_const")(), 3);

	assert_int_equal(revert("p_const3"), 0);
	assert_int_equal(unload("p_const3"), 0);
	assert_int_equal(unload("p_const2"), 0);
}

/*
 * Regression (seed 000): p_const2 was never applied, but its code ran,
 * called by p_const3. Its pages were freed on unload and handed out again.
 */
static void exporter_whose_code_ran_is_retired(void **state)
{
	size_t free0 = hosted_region_pages_free(), retired0 = hosted_region_pages_retired();
	size_t used;
	struct lp_payload_info info;

	assert_int_equal(hosted_upload_file("p_const2"), 0);
	assert_int_equal(hosted_upload_file("p_const3"), 0);
	used = free0 - hosted_region_pages_free();
	assert_int_equal(hosted_action("p_const3", LIVEPATCH_ACTION_APPLY, SEC(10),
				       LIVEPATCH_ACTION_APPLY_NODEPS), 0);
	assert_int_equal(fn0("lp_target_const")(), 3);
	assert_int_equal(lp_payload_info("p_const2", &info), 0);
	assert_int_equal(info.state, LIVEPATCH_STATE_CHECKED);
	assert_true(info.may_have_run);

	assert_int_equal(revert("p_const3"), 0);
	assert_int_equal(unload("p_const3"), 0);
	hosted_log_clear();
	assert_int_equal(unload("p_const2"), 0);
	assert_true(hosted_log_has("p_const2: unloaded (its code pages are retired"));
	/* Both payloads' pages, p_const2's included, are retired, none freed. */
	assert_int_equal(hosted_region_pages_retired(), retired0 + used);
	assert_int_equal(hosted_region_pages_free(), free0 - used);
}

static void missing_global_is_unresolved(void **state)
{
	assert_int_equal(hosted_upload_file("p_add"), 0);
	assert_int_equal(hosted_upload_file("p_const3"), -ENOENT);
	assert_true(hosted_log_has("p_const3: unresolved symbol p_const_helper"));
	assert_int_equal(lp_get("p_const3", &(struct hv_livepatch_status){ 0 }), -ENOENT);
}

static void hypervisor_file_locals_by_file_name(void **state)
{
	int_fn0 *a = fn0("lp_call_a"), *b = fn0("lp_call_b");
	struct lp_func_info fi;

	assert_int_equal(a(), 10);
	assert_int_equal(b(), 20);
	assert_int_equal(hosted_upload_file("p_local"), 0);
	assert_int_equal(lp_func_info("p_local", 0, &fi), 0);
	assert_int_equal(fi.old_addr, hosted_sym("image_a.c#local_helper"));
	assert_true(fi.old_addr != hosted_sym("image_b.c#local_helper"));

	assert_int_equal(apply("p_local"), 0);
	assert_int_equal(a(), 11);
	/* The other file's local_helper of the same name is untouched. */
	assert_int_equal(b(), 20);
	assert_int_equal(revert("p_local"), 0);
	assert_int_equal(a(), 10);
}

static void ambiguous_file_local_is_refused(void **state)
{
	assert_int_equal(hosted_upload_file("p_ambiguous"), -ENOTUNIQ);
	assert_true(hosted_log_has("symbol dup.c#dup_local is ambiguous in the hypervisor"));
	assert_int_equal(fn0("lp_call_dup_x")(), 30);
	assert_int_equal(fn0("lp_call_dup_y")(), 40);
}

static void depends_must_match_top_of_stack(void **state)
{
	int_fn0 *cnst = fn0("lp_target_const");
	struct lp_payload_info i2, i3;

	assert_int_equal(hosted_upload_file("p_const2"), 0);
	assert_int_equal(hosted_upload_file("p_const3"), 0);
	assert_int_equal(lp_payload_info("p_const2", &i2), 0);
	assert_int_equal(lp_payload_info("p_const3", &i3), 0);
	assert_true(i2.build_id[0] != 0);
	assert_string_equal(i3.depends, i2.build_id);

	/* Loaded is not enough: p_const2 must be the applied top. */
	hosted_log_clear();
	assert_int_equal(apply("p_const3"), -ENOLINK);
	assert_true(hosted_log_has("p_const3: depends on build-id"));
	assert_int_equal(state_of("p_const3"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(cnst(), 1);

	/* The override: it still resolved p_const_helper from loaded p_const2. */
	assert_int_equal(hosted_action("p_const3", LIVEPATCH_ACTION_APPLY, SEC(10),
				       LIVEPATCH_ACTION_APPLY_NODEPS), 0);
	assert_int_equal(cnst(), 3);
	assert_int_equal(revert("p_const3"), 0);
	assert_int_equal(cnst(), 1);
}

static void depends_on_wrong_top_is_refused(void **state)
{
	int_fn0 *cnst = fn0("lp_target_const");

	assert_int_equal(hosted_upload_file("p_add"), 0);
	assert_int_equal(hosted_upload_file("p_const2"), 0);
	assert_int_equal(hosted_upload_file("p_const3"), 0);
	assert_int_equal(apply("p_add"), 0);
	hosted_log_clear();
	assert_int_equal(apply("p_const3"), -ENOLINK);
	assert_true(hosted_log_has("but the top of the stack is p_add"));
	assert_int_equal(cnst(), 1);
	/* p_const2 applied but not on top still does not satisfy it. */
	assert_int_equal(revert("p_add"), 0);
	assert_int_equal(apply("p_const2"), 0);
	assert_int_equal(hosted_action("p_add", LIVEPATCH_ACTION_APPLY, SEC(10),
				       LIVEPATCH_ACTION_APPLY_NODEPS), 0);
	assert_int_equal(apply("p_const3"), -ENOLINK);
	assert_int_equal(cnst(), 2);
	/* A payload without depends may not stack silently either. */
	assert_int_equal(revert("p_add"), 0);
	assert_int_equal(apply("p_add"), -ENOLINK);
	assert_true(hosted_log_has("p_add: would sit on p_const2 but carries no .livepatch.depends"));
}

static void check_table_agrees(const struct lp_symtab *t)
{
	for (uint32_t i = 0; i < t->nsyms; i++) {
		const char *name = t->syms[i].name;
		const struct lp_sym *lin = lp_symtab_lookup_linear(t, name), *h;
		bool amb = false, want_amb = false;

		for (uint32_t j = 0; j < t->nsyms; j++)
			want_amb |= j != (uint32_t)(lin - t->syms) && !strcmp(t->syms[j].name, name);
		h = lp_symtab_lookup(t, name, &amb);
		assert_ptr_equal(h, lin);
		assert_int_equal(amb, want_amb);
		/* Without the ambiguity out-parameter the answer is the same entry. */
		assert_ptr_equal(lp_symtab_lookup(t, name, NULL), lin);
	}
	assert_null(lp_symtab_lookup(t, "no_such_symbol_here", NULL));
	assert_null(lp_symtab_lookup_linear(t, "no_such_symbol_here"));
}

static void hash_lookup_agrees_with_linear_on_the_image(void **state)
{
	const struct lp_symtab *t = lp_host_symtab();
	bool amb;

	assert_non_null(t);
	assert_true(t->nsyms > 20);
	check_table_agrees(t);
	/* The image really has a duplicate name, so the ambiguity path ran. */
	assert_non_null(lp_symtab_lookup(t, "dup.c#dup_local", &amb));
	assert_true(amb);
	assert_non_null(lp_symtab_lookup(t, "image_a.c#local_helper", &amb));
	assert_false(amb);
}

static void hash_lookup_agrees_with_linear_on_a_crowded_table(void **state)
{
	enum { N = 3000 };
	struct lp_sym *syms = calloc(N, sizeof(*syms));
	char *names = calloc(N, 16);
	struct lp_symtab t;

	assert_non_null(syms);
	assert_non_null(names);
	for (uint32_t i = 0; i < N; i++) {
		/* Every 100th name repeats an earlier one: duplicates far apart. */
		snprintf(names + 16 * i, 16, "sym%u", i % 100 == 99 ? i / 3 : i);
		syms[i].name = names + 16 * i;
		syms[i].addr = 0x1000 + 16ull * i;
		syms[i].size = 16;
	}
	assert_int_equal(lp_symtab_build(&t, syms, N), 0);
	check_table_agrees(&t);
	assert_ptr_equal(lp_symtab_by_addr(&t, 0x1000 + 16 * 1234 + 7), &syms[1234]);
	assert_null(lp_symtab_by_addr(&t, 0x0fff));
	lp_symtab_destroy(&t);
	free(names);
	free(syms);
}

/* A zero-size label inside a function (asm entry, linker symbol) must not hide it. */
static void address_lookup_skips_zero_size_labels(void **state)
{
	const struct lp_sym syms[] = {
		{ .name = "outer", .addr = 0x1000, .size = 0x40, .is_func = 1 },
		{ .name = "label_inside", .addr = 0x1010, .size = 0 },
		{ .name = "label_at_start", .addr = 0x1000, .size = 0 },
		{ .name = "next", .addr = 0x1040, .size = 0x10, .is_func = 1 },
	};
	struct lp_symtab t;

	assert_int_equal(lp_symtab_build(&t, syms, 4), 0);
	assert_ptr_equal(lp_symtab_by_addr(&t, 0x1000), &syms[0]);
	assert_ptr_equal(lp_symtab_by_addr(&t, 0x1010), &syms[0]);
	assert_ptr_equal(lp_symtab_by_addr(&t, 0x1023), &syms[0]);
	assert_ptr_equal(lp_symtab_by_addr(&t, 0x1045), &syms[3]);
	assert_null(lp_symtab_by_addr(&t, 0x1050));
	/* Labels still resolve by name. */
	assert_ptr_equal(lp_symtab_lookup(&t, "label_inside", NULL), &syms[1]);
	lp_symtab_destroy(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(payload_locals_never_collide, reset_each),
		cmocka_unit_test_setup(payload_locals_are_not_exported, reset_each),
		cmocka_unit_test_setup(same_global_uploads_and_replaces_but_does_not_stack, reset_each),
		cmocka_unit_test_setup(stacked_payload_may_not_shadow_an_applied_global, reset_each),
		cmocka_unit_test_setup(later_payload_uses_earlier_global, reset_each),
		cmocka_unit_test_setup(applied_exporter_wins_over_loaded_ones, reset_each),
		cmocka_unit_test_setup(exporter_stays_loaded_while_a_user_is, reset_each),
		cmocka_unit_test_setup(exporter_whose_code_ran_is_retired, reset_each),
		cmocka_unit_test_setup(missing_global_is_unresolved, reset_each),
		cmocka_unit_test_setup(hypervisor_file_locals_by_file_name, reset_each),
		cmocka_unit_test_setup(ambiguous_file_local_is_refused, reset_each),
		cmocka_unit_test_setup(depends_must_match_top_of_stack, reset_each),
		cmocka_unit_test_setup(depends_on_wrong_top_is_refused, reset_each),
		cmocka_unit_test_setup(hash_lookup_agrees_with_linear_on_the_image, reset_each),
		cmocka_unit_test_setup(hash_lookup_agrees_with_linear_on_a_crowded_table, reset_each),
		cmocka_unit_test_setup(address_lookup_skips_zero_size_labels, reset_each),
	};

	return cmocka_run_group_tests_name("symbols", tests, setup_image, teardown_image);
}
