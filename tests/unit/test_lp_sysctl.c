/*
 * The live-patch hypercalls (hv/livepatch_sysctl.c) with the real
 * guest_mem and the hosted core on the test image. "dom0 RAM" is a page
 * aligned block of this process registered with guest_mem_add(); the page
 * after it is not dom0's. Every refusal must leave RAM and the registry
 * as they were.
 */
#include <stdio.h>
#include <string.h>

#include "common.h"
#include <hv/guest_mem.h>
#include <hv/hypercall.h>
#include <hv/livepatch_sysctl.h>
#include <public/sysctl.h>
#include "livepatch/host.h"

/* ---- what the hypervisor around the sysctl provides ---- */

static char last_log[512];

void printk_level(int lvl, const char *fmt, ...);
void printk_level(int lvl, const char *fmt, ...)
{
	va_list ap;

	(void)lvl;
	va_start(ap, fmt);
	vsnprintf(last_log, sizeof(last_log), fmt, ap);
	va_end(ap);
}

static size_t nr_allocs;

void *xzalloc(size_t size);
void *xzalloc(size_t size)
{
	nr_allocs++;
	return calloc(1, size);
}

void xfree(void *p);
void xfree(void *p)
{
	free(p);
}

/* ---- dom0 RAM ---- */

#define RAM_PAGES 64
#define RAM_SIZE ((uint64_t)RAM_PAGES * 4096)
static uint8_t *ram;
#define GPA(off) ((uint64_t)(uintptr_t)(ram + (off)))
#define BEYOND GPA(RAM_SIZE)

#define CTL 0          /* control structs */
#define BUF 4096       /* payloads, entries */
#define NAMES (32 * 4096)
#define META (40 * 4096)

static int setup(void **state)
{
	ram = aligned_alloc(4096, RAM_SIZE + 4096);
	if (!ram || guest_mem_add(GPA(0), RAM_SIZE))
		return -1;
	return setup_image(state);
}

static int reset(void **state)
{
	memset(ram, 0x5a, RAM_SIZE + 4096);
	last_log[0] = 0;
	nr_allocs = 0;
	return reset_each(state);
}

static int untouched(uint64_t off, uint64_t len)
{
	for (uint64_t i = 0; i < len; i++)
		if (ram[off + i] != 0x5a)
			return 0;
	return 1;
}

static long hc(long (*fn)(const struct hypercall_args *), uint64_t a0, uint64_t a1, uint64_t a2,
	       uint64_t a3)
{
	struct hypercall_args a = { .op = 0, .arg = { a0, a1, a2, a3 } };

	return fn(&a);
}

static void set_name(char *field, const char *name)
{
	memset(field, 0, LIVEPATCH_NAME_SIZE);
	strcpy(field, name);
}

/* The payload file's bytes at BUF, the control struct at CTL. */
static struct hv_livepatch_upload *upload_ctl(const char *name, const char *file)
{
	struct hv_livepatch_upload *u = (void *)(ram + CTL);
	size_t len = 0;
	void *elf = hosted_read_file(hosted_payload_path(file), &len);

	assert_non_null(elf);
	assert_true(len < NAMES - BUF);
	memcpy(ram + BUF, elf, len);
	free(elf);
	memset(u, 0, sizeof(*u));
	set_name(u->name, name);
	u->size = len;
	return u;
}

static long upload(const char *name, const char *file)
{
	upload_ctl(name, file);
	return hc(hc_livepatch_upload, GPA(CTL), GPA(BUF), 0, 0);
}

static long get(const char *name, struct hv_livepatch_status *st)
{
	struct hv_livepatch_get *g = (void *)(ram + CTL);
	long rc;

	memset(g, 0, sizeof(*g));
	set_name(g->name, name);
	g->status.rc = 12345;   /* out only: ignored */
	rc = hc(hc_livepatch_get, GPA(CTL), 0, 0, 0);
	if (st)
		*st = g->status;
	return rc;
}

static struct hv_livepatch_action *action_ctl(const char *name, uint32_t cmd)
{
	struct hv_livepatch_action *a = (void *)(ram + CTL);

	memset(a, 0, sizeof(*a));
	set_name(a->name, name);
	a->cmd = cmd;
	return a;
}

static long action(const char *name, uint32_t cmd)
{
	action_ctl(name, cmd);
	return hc(hc_livepatch_action, GPA(CTL), 0, 0, 0);
}

/* No CPU threads: this thread is the only CPU and runs the work itself. */
static int32_t run_work(const char *name)
{
	struct hv_livepatch_status st;

	lp_check_for_work();
	assert_int_equal(get(name, &st), 0);
	return st.rc;
}

static uint32_t list_version(void)
{
	uint32_t total, version;
	struct lp_list_entry e;

	lp_list(0, &e, 0, &total, &version);
	return version;
}

/* ---- UPLOAD, GET, ACTION: the round trip ---- */

static void upload_apply_revert_unload(void **state)
{
	int_fn2 *add = fn2("lp_target_add");
	struct hv_livepatch_status st;

	(void)state;
	assert_int_equal(upload("p_add", "p_add"), 0);
	assert_int_equal(get("p_add", &st), 0);
	assert_int_equal(st.state, LIVEPATCH_STATE_CHECKED);
	assert_int_equal(st.rc, 0);

	/* Asynchronous: recorded, rc -EAGAIN, nothing patched until the CPUs meet. */
	assert_int_equal(action("p_add", LIVEPATCH_ACTION_APPLY), 0);
	assert_int_equal(get("p_add", &st), 0);
	assert_int_equal(st.rc, -EAGAIN);
	assert_int_equal(add(1, 2), 3);
	assert_int_equal(action("p_add", LIVEPATCH_ACTION_REVERT), -EBUSY);
	assert_int_equal(action("p_add", LIVEPATCH_ACTION_UNLOAD), -EBUSY);
	assert_int_equal(run_work("p_add"), 0);
	assert_int_equal(get("p_add", &st), 0);
	assert_int_equal(st.state, LIVEPATCH_STATE_APPLIED);
	assert_int_equal(add(1, 2), 103);

	/* Unload of an applied payload is refused and changes nothing. */
	assert_int_equal(action("p_add", LIVEPATCH_ACTION_UNLOAD), -EINVAL);
	assert_int_equal(add(1, 2), 103);

	assert_int_equal(action("p_add", LIVEPATCH_ACTION_REVERT), 0);
	assert_int_equal(run_work("p_add"), 0);
	assert_int_equal(add(1, 2), 3);
	assert_int_equal(action("p_add", LIVEPATCH_ACTION_UNLOAD), 0);
	assert_int_equal(get("p_add", NULL), -ENOENT);
	assert_int_equal(action("p_add", LIVEPATCH_ACTION_UNLOAD), -ENOENT);
}

/* A rendezvous that cannot complete in 1 ns patches nothing. */
static void one_ns_timeout_patches_nothing(void **state)
{
	int_fn2 *add = fn2("lp_target_add");
	struct hv_livepatch_status st;

	(void)state;
	assert_int_equal(upload("p_add", "p_add"), 0);
	assert_int_equal(hosted_cpus_start(2, NULL, NULL), 0);
	hosted_cpus_phantom(1);
	action_ctl("p_add", LIVEPATCH_ACTION_APPLY)->timeout_ns = 1;
	assert_int_equal(hc(hc_livepatch_action, GPA(CTL), 0, 0, 0), 0);
	do {
		assert_int_equal(get("p_add", &st), 0);
	} while (st.rc == -EAGAIN);
	hosted_cpus_stop();
	assert_int_equal(st.rc, -ETIMEDOUT);
	assert_int_equal(st.state, LIVEPATCH_STATE_CHECKED);
	assert_int_equal(add(1, 2), 3);
}

/* The engine reports the gather time (request to every CPU in) with the blackout. */
static void action_reports_gather_time(void **state)
{
	struct hv_livepatch_status st;
	struct lp_blackout b;
	uint64_t before, after;

	(void)state;
	assert_int_equal(upload("p_add", "p_add"), 0);
	assert_int_equal(hosted_cpus_start(3, NULL, NULL), 0);
	before = lp_host_now_ns();
	assert_int_equal(action("p_add", LIVEPATCH_ACTION_APPLY), 0);
	do {
		assert_int_equal(get("p_add", &st), 0);
	} while (st.rc == -EAGAIN);
	after = lp_host_now_ns();
	hosted_cpus_stop();
	assert_int_equal(st.rc, 0);
	lp_last_blackout(&b);
	assert_int_equal(b.cpus, 3);
	assert_true(b.gather_ns > 0);
	assert_true(b.gather_ns <= after - before);
	assert_true(hosted_log_has("apply done: 1 function(s); blackout "));
	assert_true(hosted_log_has(" on 3 CPUs; gather "));
}

static void duplicate_upload_is_eexist(void **state)
{
	uint32_t v;

	(void)state;
	assert_int_equal(upload("p_add", "p_add"), 0);
	v = list_version();
	assert_int_equal(upload("p_add", "p_data"), -EEXIST);
	assert_int_equal(list_version(), v);
}

/* ---- UPLOAD's refusals ---- */

static void upload_refusals_change_nothing(void **state)
{
	struct hv_livepatch_upload *u;
	uint32_t v = list_version();

	(void)state;
	/* Too big: refused before the payload pointer is even looked at. */
	u = upload_ctl("p_add", "p_add");
	u->size = LIVEPATCH_PAYLOAD_MAX + 1ull;
	assert_int_equal(hc(hc_livepatch_upload, GPA(CTL), BEYOND + (1ull << 40), 0, 0), -E2BIG);
	assert_non_null(strstr(last_log, "above"));
	assert_int_equal(nr_allocs, 0);
	u->size = ~0ull;
	assert_int_equal(hc(hc_livepatch_upload, GPA(CTL), GPA(BUF), 0, 0), -E2BIG);

	u = upload_ctl("p_add", "p_add");
	u->size = 0;
	assert_int_equal(hc(hc_livepatch_upload, GPA(CTL), GPA(BUF), 0, 0), -EINVAL);
	assert_non_null(strstr(last_log, "size 0"));

	/* The payload runs one byte past dom0 RAM. */
	u = upload_ctl("p_add", "p_add");
	assert_int_equal(hc(hc_livepatch_upload, GPA(CTL), BEYOND - u->size + 1, 0, 0), -EFAULT);
	assert_non_null(strstr(last_log, "payload"));
	assert_int_equal(nr_allocs, 0);
	/* The control struct is not dom0's. */
	assert_int_equal(hc(hc_livepatch_upload, BEYOND - 8, GPA(BUF), 0, 0), -EFAULT);
	assert_non_null(strstr(last_log, "control struct"));

	/* Names: no NUL, junk after the NUL, empty, a bad character. */
	u = upload_ctl("p_add", "p_add");
	memset(u->name, 'a', sizeof(u->name));
	assert_int_equal(hc(hc_livepatch_upload, GPA(CTL), GPA(BUF), 0, 0), -ENAMETOOLONG);
	assert_non_null(strstr(last_log, "no NUL"));
	u = upload_ctl("p_add", "p_add");
	u->name[LIVEPATCH_NAME_SIZE - 1] = 'x';
	assert_int_equal(hc(hc_livepatch_upload, GPA(CTL), GPA(BUF), 0, 0), -EINVAL);
	assert_non_null(strstr(last_log, "name byte 127 after the NUL is 0x78"));
	u = upload_ctl("", "p_add");
	assert_int_equal(hc(hc_livepatch_upload, GPA(CTL), GPA(BUF), 0, 0), -EINVAL);
	u = upload_ctl("p/add", "p_add");
	assert_int_equal(hc(hc_livepatch_upload, GPA(CTL), GPA(BUF), 0, 0), -EINVAL);
	assert_non_null(strstr(last_log, "not a payload name"));
	/* The longest name fits: 127 bytes and the NUL. */
	u = upload_ctl("p_add", "p_add");
	memset(u->name, 'n', LIVEPATCH_NAME_SIZE - 1);
	assert_int_equal(list_version(), v);
	assert_int_equal(hc(hc_livepatch_upload, GPA(CTL), GPA(BUF), 0, 0), 0);
	assert_int_not_equal(list_version(), v);
}

/* A payload the core refuses: its error comes back, nothing is loaded. */
static void upload_passes_the_cores_refusal(void **state)
{
	uint32_t v = list_version();

	(void)state;
	assert_int_equal(upload("p_unresolved", "p_unresolved"), -ENOENT);
	assert_int_equal(get("p_unresolved", NULL), -ENOENT);
	assert_int_equal(list_version(), v);
}

/* ---- GET ---- */

static void get_refusals(void **state)
{
	struct hv_livepatch_get *g = (void *)(ram + CTL);

	(void)state;
	assert_int_equal(get("p_nothere", NULL), -ENOENT);
	memset(g, 0, sizeof(*g));
	memset(g->name, 'g', sizeof(g->name));
	assert_int_equal(hc(hc_livepatch_get, GPA(CTL), 0, 0, 0), -ENAMETOOLONG);
	assert_int_equal(g->status.rc, 0);   /* nothing written back */
	assert_int_equal(hc(hc_livepatch_get, BEYOND, 0, 0, 0), -EFAULT);
	assert_true(untouched(RAM_SIZE, 4096));
}

/* ---- ACTION's refusals ---- */

static void action_refusals_schedule_nothing(void **state)
{
	struct hv_livepatch_action *a;
	struct hv_livepatch_status st;

	(void)state;
	assert_int_equal(upload("p_add", "p_add"), 0);
	assert_int_equal(action("p_add", 0), -EINVAL);
	assert_non_null(strstr(last_log, "unknown cmd 0"));
	assert_int_equal(action("p_add", LIVEPATCH_ACTION_REPLACE + 1), -EINVAL);
	a = action_ctl("p_add", LIVEPATCH_ACTION_APPLY);
	a->flags = 2;
	assert_int_equal(hc(hc_livepatch_action, GPA(CTL), 0, 0, 0), -EINVAL);
	assert_non_null(strstr(last_log, "unknown flags 0x2"));
	a = action_ctl("p_add", LIVEPATCH_ACTION_REVERT);
	a->flags = LIVEPATCH_ACTION_APPLY_NODEPS;
	assert_int_equal(hc(hc_livepatch_action, GPA(CTL), 0, 0, 0), -EINVAL);
	assert_non_null(strstr(last_log, "NODEPS is only for APPLY"));
	a = action_ctl("p_add", LIVEPATCH_ACTION_APPLY);
	a->timeout_ns = LIVEPATCH_TIMEOUT_MAX_NS + 1;
	assert_int_equal(hc(hc_livepatch_action, GPA(CTL), 0, 0, 0), -EINVAL);
	assert_non_null(strstr(last_log, "timeout"));
	assert_int_equal(action("p_nothere", LIVEPATCH_ACTION_APPLY), -ENOENT);
	assert_int_equal(action("p_add", LIVEPATCH_ACTION_REVERT), -EINVAL);
	assert_int_equal(hc(hc_livepatch_action, BEYOND - 4, 0, 0, 0), -EFAULT);

	assert_false(lp_work_pending());
	assert_int_equal(get("p_add", &st), 0);
	assert_int_equal(st.state, LIVEPATCH_STATE_CHECKED);
	assert_int_equal(st.rc, 0);
	/* The longest bound is accepted. */
	a = action_ctl("p_add", LIVEPATCH_ACTION_APPLY);
	a->timeout_ns = LIVEPATCH_TIMEOUT_MAX_NS;
	assert_int_equal(hc(hc_livepatch_action, GPA(CTL), 0, 0, 0), 0);
	assert_int_equal(run_work("p_add"), 0);
}

/* ---- LIST ---- */

static struct hv_livepatch_list *list_ctl(uint32_t idx, uint32_t nr)
{
	struct hv_livepatch_list *l = (void *)(ram + CTL);

	memset(ram + BUF, 0x5a, RAM_SIZE - BUF);   /* uploads left payloads there */
	memset(l, 0, sizeof(*l));
	l->idx = idx;
	l->nr = nr;
	l->name_size = 4096;
	l->metadata_size = 4096;
	return l;
}

static long list_call(void)
{
	struct hv_livepatch_list *l = (void *)(ram + CTL);

	return hc(hc_livepatch_list, GPA(CTL), l->nr ? GPA(BUF) : 0, l->name_size ? GPA(NAMES) : 0,
		  l->metadata_size ? GPA(META) : 0);
}

static struct hv_livepatch_list_entry *entry(unsigned i)
{
	return (struct hv_livepatch_list_entry *)(ram + BUF) + i;
}

static void list_pages_with_versions(void **state)
{
	struct hv_livepatch_list *l;
	static const char meta[] = "description=adds one hundred";
	uint32_t v1;

	(void)state;
	assert_int_equal(upload("p_add", "p_add"), 0);
	assert_int_equal(upload("p_const2", "p_const2"), 0);
	assert_int_equal(upload("p_data", "p_data"), 0);

	/* Probe: nothing copied; how many, and the sizes they need. */
	l = list_ctl(0, 0);
	assert_int_equal(list_call(), 0);
	assert_int_equal(l->nr, 3);
	assert_int_equal(l->name_total_size, sizeof("p_add") + sizeof("p_const2") + sizeof("p_data"));
	assert_true(l->metadata_total_size >= sizeof(meta));
	assert_true(untouched(BUF, 4096) && untouched(NAMES, 4096));
	v1 = l->version;

	l = list_ctl(0, 2);
	assert_int_equal(list_call(), 2);
	assert_int_equal(l->version, v1);
	assert_int_equal(l->nr, 1);   /* left after these */
	assert_int_equal(entry(0)->status.state, LIVEPATCH_STATE_CHECKED);
	assert_int_equal(entry(0)->name_len, sizeof("p_add"));
	assert_int_equal(entry(1)->name_len, sizeof("p_const2"));
	assert_memory_equal(ram + NAMES, "p_add\0p_const2\0", 15);
	assert_int_equal(l->name_total_size, 15);
	assert_int_equal(entry(0)->metadata_len, sizeof(meta));
	assert_memory_equal(ram + META, meta, sizeof(meta));
	assert_int_equal(l->metadata_total_size, entry(0)->metadata_len + entry(1)->metadata_len);
	assert_true(untouched(BUF + 2 * sizeof(*entry(0)), 64));
	assert_true(untouched(NAMES + 15, 64));

	l = list_ctl(2, 2);
	assert_int_equal(list_call(), 1);
	assert_int_equal(l->nr, 0);
	assert_string_equal((char *)ram + NAMES, "p_data");
	/* At the end: nothing left, not an error; past it: -ERANGE. */
	l = list_ctl(3, 2);
	assert_int_equal(list_call(), 0);
	assert_int_equal(l->nr, 0);
	l = list_ctl(4, 2);
	assert_int_equal(list_call(), -ERANGE);
	assert_non_null(strstr(last_log, "idx 4 is past the last of 3"));

	/* The set changes: so does the version. */
	assert_int_equal(action("p_const2", LIVEPATCH_ACTION_UNLOAD), 0);
	l = list_ctl(0, 0);
	assert_int_equal(list_call(), 0);
	assert_int_equal(l->nr, 2);
	assert_int_not_equal(l->version, v1);
}

/* Copying stops at the first payload that does not fit. */
static void list_stops_where_the_buffers_end(void **state)
{
	struct hv_livepatch_list *l;

	(void)state;
	assert_int_equal(upload("p_add", "p_add"), 0);
	assert_int_equal(upload("p_data", "p_data"), 0);
	l = list_ctl(0, 2);
	l->name_size = sizeof("p_add");
	assert_int_equal(list_call(), 1);
	assert_int_equal(l->nr, 1);
	assert_int_equal(l->name_total_size, sizeof("p_add"));
	l = list_ctl(0, 2);
	l->name_size = 3;
	assert_int_equal(list_call(), -ENOBUFS);
	assert_true(untouched(BUF, 64) && untouched(NAMES, 64));
	l = list_ctl(0, 2);
	l->metadata_size = 4;   /* p_add's metadata is longer */
	assert_int_equal(list_call(), -ENOBUFS);
}

static void list_refusals_write_nothing(void **state)
{
	struct hv_livepatch_list *l, before;

	(void)state;
	assert_int_equal(upload("p_add", "p_add"), 0);
	l = list_ctl(0, LIVEPATCH_LIST_MAX + 1);
	memcpy(&before, l, sizeof(before));
	assert_int_equal(list_call(), -E2BIG);
	assert_non_null(strstr(last_log, "nr 65 above 64"));
	assert_memory_equal(l, &before, sizeof(before));
	assert_true(untouched(BUF, 4096));

	l = list_ctl(0, 1);
	l->_pad = 1;
	assert_int_equal(list_call(), -EINVAL);
	assert_non_null(strstr(last_log, "_pad"));
	l = list_ctl(0, 1);
	l->name_size = LIVEPATCH_LIST_NAMES_MAX + 1;
	assert_int_equal(list_call(), -E2BIG);
	l = list_ctl(0, 1);
	l->metadata_size = LIVEPATCH_LIST_METADATA_MAX + 1;
	assert_int_equal(list_call(), -E2BIG);

	/* A buffer of size 0 passed as a pointer; a buffer past dom0 RAM. */
	l = list_ctl(0, 0);
	assert_int_equal(hc(hc_livepatch_list, GPA(CTL), GPA(BUF), 0, 0), -EINVAL);
	assert_non_null(strstr(last_log, "entries"));
	l = list_ctl(0, 1);
	assert_int_equal(hc(hc_livepatch_list, GPA(CTL), BEYOND - 8, GPA(NAMES), GPA(META)), -EFAULT);
	l = list_ctl(0, 1);
	assert_int_equal(hc(hc_livepatch_list, GPA(CTL), GPA(BUF), BEYOND - 100, GPA(META)), -EFAULT);
	assert_non_null(strstr(last_log, "names"));
	assert_true(untouched(BUF, 4096) && untouched(NAMES, 4096) && untouched(META, 4096));
	assert_true(untouched(RAM_SIZE, 4096));
	assert_int_equal(l->version, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(upload_apply_revert_unload, reset),
		cmocka_unit_test_setup(one_ns_timeout_patches_nothing, reset),
		cmocka_unit_test_setup(action_reports_gather_time, reset),
		cmocka_unit_test_setup(duplicate_upload_is_eexist, reset),
		cmocka_unit_test_setup(upload_refusals_change_nothing, reset),
		cmocka_unit_test_setup(upload_passes_the_cores_refusal, reset),
		cmocka_unit_test_setup(get_refusals, reset),
		cmocka_unit_test_setup(action_refusals_schedule_nothing, reset),
		cmocka_unit_test_setup(list_pages_with_versions, reset),
		cmocka_unit_test_setup(list_stops_where_the_buffers_end, reset),
		cmocka_unit_test_setup(list_refusals_write_nothing, reset),
	};

	return cmocka_run_group_tests_name("lp_sysctl", tests, setup, teardown_image);
}
