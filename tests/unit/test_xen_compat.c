/*
 * Xen payload compatibility (issue 6): what Xen's loader accepts and its own
 * test payloads rely on loads here too, and what Xen refuses is refused
 * with the same errno. Each rule has a payload or a one-change fixture
 * (fixture.h); the Xen-shaped test payloads (p_xen_*) must load and act.
 */
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "image/compat_targets.h"

#include <public/livepatch.h>

/* The image's functions, at their addresses in the hosted machine. */
static int nop_long(int x)
{
	return ((int (*)(int))(uintptr_t)hosted_sym("lp_nop_long"))(x);
}

static void minor_store(int *out)
{
	((void (*)(int *))(uintptr_t)hosted_sym("lp_minor_store"))(out);
}

static const uint8_t *code_of(const char *name)
{
	return (const uint8_t *)(uintptr_t)hosted_sym(name);
}

static const char *extra_version(void)
{
	return ((const char *(*)(void))(uintptr_t)hosted_sym("xen_extra_version"))();
}

static volatile int *hook_log;
static volatile int *hook_pos;

static int reset(void **state)
{
	reset_each(state);
	hook_log = (volatile int *)(uintptr_t)hosted_sym("lp_hook_log");
	hook_pos = (volatile int *)(uintptr_t)hosted_sym("lp_hook_pos");
	assert_non_null(hook_log);
	assert_non_null(hook_pos);
	*hook_pos = 0;
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	fx_free(*state);
	*state = NULL;
	return 0;
}

/* The hook log since the last call, as "31,32". */
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

/* Upload fails with `err`, logs `msg`, and nothing is registered or kept. */
static void refused(const char *name, const void *buf, size_t len, int err, const char *msg)
{
	size_t pages = hosted_region_pages_free();
	int rc;

	hosted_log_clear();
	rc = lp_upload(name, buf, len);
	if (rc != err || !hosted_log_has(msg))
		print_error("upload rc %d (want %d), want log \"%s\"; log:\n%s", rc, err, msg,
			    hosted_log());
	assert_int_equal(rc, err);
	assert_true(hosted_log_has(msg));
	assert_int_equal(lp_get(name, &(struct hv_livepatch_status){ 0 }), -ENOENT);
	assert_int_equal(hosted_region_pages_free(), pages);
}

static void refused_file(const char *payload, int err, const char *msg)
{
	struct fx *f = fx_load(payload);

	refused(payload, f->buf, f->len, err, msg);
	fx_free(f);
}

static struct livepatch_func *fx_func(struct fx *f)
{
	return (struct livepatch_func *)fx_data(f, LIVEPATCH_SEC_FUNCS);
}

/* ---- .modinfo ---- */

static void modinfo_entry_without_equals_loads(void **state)
{
	struct fx *f = fx_load("p_add");
	struct lp_payload_info info;

	*state = f;
	*strchr((char *)fx_data(f, LIVEPATCH_SEC_MODINFO), '=') = '_';
	assert_int_equal(lp_upload("p_add", f->buf, f->len), 0);
	assert_int_equal(lp_payload_info("p_add", &info), 0);
	assert_string_equal(info.metadata, "description_adds one hundred");
}

/* ---- .livepatch.funcs ---- */

static void jump_new_size_past_text_loads(void **state)
{
	struct fx *f = fx_load("p_add");
	int_fn2 *add = fn2("lp_target_add");
	struct lp_payload_info info;

	*state = f;
	fx_func(f)->new_size = 1u << 20;
	assert_int_equal(lp_upload("p_add", f->buf, f->len), 0);
	assert_int_equal(lp_payload_info("p_add", &info), 0);
	assert_true(info.text_size < (1u << 20));
	assert_int_equal(apply("p_add"), 0);
	assert_int_equal(add(1, 2), 103);
	assert_int_equal(revert("p_add"), 0);
	assert_int_equal(add(1, 2), 3);
}

/* Only the start must be in text: new_addr one past the end still is not. */
static void jump_target_past_text_refused(void **state)
{
	struct fx *f = fx_load("p_add");

	*state = f;
	fx_rela(f, ".rela.livepatch.funcs", 1)->r_addend = 1 << 16;
	refused("p_add", f->buf, f->len, -EINVAL, "lp_target_add: new code at 0x");
	assert_true(hosted_log_has("is not inside the payload's text"));
}

static void nameless_function_with_address_loads(void **state)
{
	int out = 0;
	struct lp_func_info fi;
	char label[32];

	minor_store(&out);
	assert_int_equal(out, 8);
	assert_int_equal(hosted_upload_file("p_xen_nop"), 0);
	assert_int_equal(lp_func_info("p_xen_nop", 0, &fi), 0);
	snprintf(label, sizeof(label), "@0x%016llx", (unsigned long long)hosted_sym("lp_minor_store"));
	assert_string_equal(fi.name, label);
	assert_true(fi.nop);
	assert_int_equal(fi.new_size, LP_MINOR_STORE_SIZE - 1);

	assert_int_equal(apply("p_xen_nop"), 0);
	out = 0;
	minor_store(&out);
	assert_int_equal(out, 0);
	assert_int_equal(revert("p_xen_nop"), 0);
	minor_store(&out);
	assert_int_equal(out, 8);
}

/* A name is what old_addr 0 is resolved by: without either, nothing says what to patch. */
static void no_name_and_no_address_refused(void **state)
{
	struct fx *f = fx_load("p_add");

	*state = f;
	fx_set_reloc_type(fx_rela(f, ".rela.livepatch.funcs", 0), R_X86_64_NONE); /* name NULL */
	refused("p_add", f->buf, f->len, -EINVAL,
		"p_add: function 0: neither a name nor an old_addr: nothing says what to patch");
}

static void nop_of_31_bytes(void **state)
{
	uint8_t before[48];
	struct lp_func_info fi;

	memcpy(before, code_of("lp_nop_long"), sizeof(before));
	assert_int_equal(nop_long(5), 114);
	assert_int_equal(hosted_upload_file("p_nop31"), 0);
	assert_int_equal(lp_func_info("p_nop31", 0, &fi), 0);
	assert_int_equal(fi.new_size, 31);
	assert_int_equal(apply("p_nop31"), 0);
	assert_int_equal(nop_long(5), 5);
	/* Exactly 31 bytes written: the 32nd on is the original code. */
	assert_memory_equal(code_of("lp_nop_long") + 31, before + 31, 17);
	assert_int_equal(revert("p_nop31"), 0);
	assert_int_equal(nop_long(5), 114);
	assert_memory_equal(code_of("lp_nop_long"), before, sizeof(before));
}

static void nop_of_32_bytes_refused(void **state)
{
	struct fx *f = fx_load("p_nop31");

	*state = f;
	fx_func(f)->new_size = 32;
	refused("p_nop31", f->buf, f->len, -EINVAL, "lp_nop_long: NOP of 32 bytes (old_size 48, at most 31)");
}

/* ---- hooks-only payloads ---- */

static void hooks_only_payload_loads_and_runs(void **state)
{
	struct lp_payload_info info;

	assert_int_equal(hosted_upload_file("p_xen_hooks_only"), 0);
	assert_int_equal(lp_payload_info("p_xen_hooks_only", &info), 0);
	assert_int_equal(info.nfuncs, 0);
	assert_true(info.has_hooks);
	assert_string_equal(take_log(), "");
	assert_int_equal(apply("p_xen_hooks_only"), 0);
	assert_int_equal(state_of("p_xen_hooks_only"), LIVEPATCH_STATE_APPLIED);
	assert_string_equal(take_log(), "41");
	assert_int_equal(revert("p_xen_hooks_only"), 0);
	assert_string_equal(take_log(), "42,43");
	assert_int_equal(unload("p_xen_hooks_only"), 0);
}

/* Neither functions nor hooks: nothing to do, as Xen says. */
static void neither_funcs_nor_hooks_refused(void **state)
{
	struct fx *f = fx_load("p_add");

	*state = f;
	fx_sh(f, LIVEPATCH_SEC_FUNCS)->sh_name = 0; /* unnamed: not found */
	refused("p_add", f->buf, f->len, -ENODATA, "p_add: no .livepatch.funcs and no hooks: nothing to patch");
}

/* ---- symbols ---- */

static void global_named_like_hypervisor_symbol_refused(void **state)
{
	refused_file("p_shadow", -EEXIST,
		     "p_shadow: global lp_call_b has the name of a hypervisor symbol and replaces no function");
}

/* The replacement may carry the replaced function's name (build tools do that). */
static void replacement_named_like_its_target_loads(void **state)
{
	int_fn2 *mul = fn2("lp_target_mul");

	assert_int_equal(hosted_upload_file("p_same_name"), 0);
	assert_int_equal(apply("p_same_name"), 0);
	assert_int_equal(mul(3, 4), 17);
	assert_int_equal(revert("p_same_name"), 0);
	assert_int_equal(mul(3, 4), 12);
}

static void undefined_weak_symbol_refused(void **state)
{
	refused_file("p_weak", -ENOENT, "p_weak: unresolved weak symbol lp_absent_function");
}

/* ---- build-ids ---- */

static void duplicate_build_id_refused(void **state)
{
	struct fx *f = fx_load("p_add");
	struct lp_payload_info info;
	char msg[256];

	*state = f;
	assert_int_equal(lp_upload("first", f->buf, f->len), 0);
	assert_int_equal(lp_payload_info("first", &info), 0);
	snprintf(msg, sizeof(msg), "second: build-id %s is already loaded as first", info.build_id);
	refused("second", f->buf, f->len, -EEXIST, msg);
	/* Once the first is gone the same object loads again. */
	assert_int_equal(unload("first"), 0);
	assert_int_equal(lp_upload("second", f->buf, f->len), 0);
}

/* ---- sections Xen gives a meaning we do not implement ---- */

/* Rename p_add's .modinfo (allocated, otherwise harmless) to `name`. */
static void rename_modinfo(struct fx *f, const char *name)
{
	Elf64_Shdr *names = fx_shi(f, fx_eh(f)->e_shstrndx);
	size_t old = names->sh_size, len = strlen(name) + 1;
	unsigned idx = fx_shndx(f, LIVEPATCH_SEC_MODINFO);
	uint8_t *d = fx_grow(f, ".shstrtab", old + len);

	memcpy(d + old, name, len);
	fx_shi(f, idx)->sh_name = (uint32_t)old;
}

static void unsupported_section_refused(const char *name)
{
	struct fx *f = fx_load("p_add");
	char msg[128];

	rename_modinfo(f, name);
	snprintf(msg, sizeof(msg), "p_add: section %s is not supported yet", name);
	refused("p_add", f->buf, f->len, -EOPNOTSUPP, msg);
	fx_free(f);
}

static void altinstructions_refused(void **state)
{
	unsupported_section_refused(".altinstructions");
}

static void ex_table_refused(void **state)
{
	unsupported_section_refused(".ex_table");
}

static void bug_frames_refused(void **state)
{
	unsupported_section_refused(".bug_frames.0");
	unsupported_section_refused(".bug_frames.3");
}

/* Renaming alone is not what gets refused: a neutral new name loads. */
static void renamed_section_otherwise_loads(void **state)
{
	struct fx *f = fx_load("p_add");

	*state = f;
	rename_modinfo(f, ".rodata.renamed");
	assert_int_equal(lp_upload("p_add", f->buf, f->len), 0);
}

/* ---- Xen's own test payloads, in Xen's style ---- */

static void xen_hello_world(void **state)
{
	struct lp_payload_info info;
	const char *log;
	bool forward;

	assert_string_equal(extra_version(), "-hv");
	assert_int_equal(hosted_upload_file("p_xen_hello_world"), 0);
	assert_int_equal(lp_payload_info("p_xen_hello_world", &info), 0);
	assert_int_equal(info.metadata_len, sizeof("LIVEPATCH_RULEZ"));
	assert_string_equal(info.metadata, "LIVEPATCH_RULEZ");
	assert_int_equal(apply("p_xen_hello_world"), 0);
	assert_string_equal(extra_version(), "Hello World");
	/*
	 * Both load hooks, in the order of the section's array, which is the
	 * compiler's to choose (GCC emits these in reverse source order).
	 */
	log = take_log();
	forward = !strcmp(log, "31,32");
	if (!forward)
		assert_string_equal(log, "32,31");
	assert_int_equal(revert("p_xen_hello_world"), 0);
	assert_string_equal(extra_version(), "-hv");
	/* All three unload hooks; check_fnc records how often hi_func had run (1..2 in Xen). */
	assert_string_equal(take_log(), forward ? "33,32,342" : "341,32,33");
}

static void xen_replace_world_over_hello_world(void **state)
{
	assert_int_equal(hosted_upload_file("p_xen_hello_world"), 0);
	assert_int_equal(hosted_upload_file("p_xen_replace_world"), 0);
	assert_int_equal(apply("p_xen_hello_world"), 0);
	assert_string_equal(extra_version(), "Hello World");
	assert_int_equal(replace("p_xen_replace_world"), 0);
	assert_string_equal(extra_version(), "Hello Again World");
	assert_int_equal(state_of("p_xen_hello_world"), LIVEPATCH_STATE_CHECKED);
	assert_int_equal(state_of("p_xen_replace_world"), LIVEPATCH_STATE_APPLIED);
	assert_int_equal(revert("p_xen_replace_world"), 0);
	assert_string_equal(extra_version(), "-hv");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, reset, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(modinfo_entry_without_equals_loads),
		T(jump_new_size_past_text_loads),
		T(jump_target_past_text_refused),
		T(nameless_function_with_address_loads),
		T(no_name_and_no_address_refused),
		T(nop_of_31_bytes),
		T(nop_of_32_bytes_refused),
		T(hooks_only_payload_loads_and_runs),
		T(neither_funcs_nor_hooks_refused),
		T(global_named_like_hypervisor_symbol_refused),
		T(replacement_named_like_its_target_loads),
		T(undefined_weak_symbol_refused),
		T(duplicate_build_id_refused),
		T(altinstructions_refused),
		T(ex_table_refused),
		T(bug_frames_refused),
		T(renamed_section_otherwise_loads),
		T(xen_hello_world),
		T(xen_replace_world_over_hello_world),
	};

	return cmocka_run_group_tests_name("xen_compat", tests, setup_image, teardown_image);
}
