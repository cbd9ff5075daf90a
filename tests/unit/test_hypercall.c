/*
 * The hypercall dispatcher (hv/hypercall.c) with the real guest_mem and
 * log ring code, built hosted. "dom0 RAM" is a page-aligned block of this
 * process registered with guest_mem_add(): guest-physical addresses are
 * its addresses, as the hypervisor's direct map makes them. What the rest
 * of the hypervisor provides (version, build-id, the console lock, printk)
 * is stubbed here with values the tests compare against.
 */
#include <stdio.h>
#include <string.h>

#include "common.h"
#include <hv/guest_mem.h>
#include <hv/hypercall.h>
#include <hv/logring.h>
#include <public/hypercall.h>
#include <public/sysctl.h>

/* ---- what the hypervisor around the dispatcher provides ---- */

static char last_log[512];
static int nr_logs;

void printk_level(int lvl, const char *fmt, ...);
void printk_level(int lvl, const char *fmt, ...)
{
	va_list ap;

	(void)lvl;
	va_start(ap, fmt);
	vsnprintf(last_log, sizeof(last_log), fmt, ap);
	va_end(ap);
	nr_logs++;
}

static const char *extra = "-test";
static uint8_t build_id[80];
static uint32_t build_id_len = 20;

const char *xen_extra_version(void);
const char *xen_extra_version(void)
{
	return extra;
}

int xen_build_id(const uint8_t **id, uint32_t *len);
int xen_build_id(const uint8_t **id, uint32_t *len)
{
	*id = build_id;
	*len = build_id_len;
	return 0;
}

unsigned nr_cpus_online = 3;
static const char *hv_cmdline = "console=com2 loglvl=debug";

const char *cmdline_raw(void);
const char *cmdline_raw(void)
{
	return hv_cmdline;
}

/* Two claimed ranges: 2 MiB + 12 KiB. */
bool hvmem_range(unsigned i, uint64_t *lo, uint64_t *hi);
bool hvmem_range(unsigned i, uint64_t *lo, uint64_t *hi)
{
	static const uint64_t r[][2] = { { 0x200000, 0x400000 }, { 0x7000, 0xa000 } };

	if (i >= 2)
		return false;
	*lo = r[i][0];
	*hi = r[i][1];
	return true;
}

/* The live-patch hypercalls' payload copy (tested in test_lp_sysctl). */
void *xzalloc(size_t size);
void *xzalloc(size_t size)
{
	return calloc(1, size);
}

void xfree(void *p);
void xfree(void *p)
{
	free(p);
}

#define RING_SIZE 1000
static char ring_buf[RING_SIZE];
static struct log_ring ring = { .buf = ring_buf, .size = RING_SIZE };
/* Bytes to log after the next console_log_read(): another CPU printing. */
static uint64_t log_during_read;

/* The byte the test logs at index i. */
static char byte_at(uint64_t i)
{
	return (char)('A' + i % 26);
}

static void log_bytes(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		log_ring_put(&ring, byte_at(ring.head));
}

uint64_t console_log_read(uint64_t from, char *dst, uint64_t max,
			  uint64_t *first, uint64_t *head)
{
	uint64_t n = log_ring_read(&ring, from, dst, max, first);

	*head = ring.head;
	log_bytes(log_during_read);
	log_during_read = 0;
	return n;
}

/* ---- dom0 RAM: two adjacent registered ranges, then an unregistered page ---- */

#define RAM_PAGES 32
static uint8_t *ram;
#define RAM_SIZE ((uint64_t)RAM_PAGES * 4096)
#define GPA(off) ((uint64_t)(uintptr_t)(ram + (off)))
#define BEYOND GPA(RAM_SIZE)   /* the unregistered page */

static int setup_ram(void **state)
{
	(void)state;
	ram = aligned_alloc(4096, RAM_SIZE + 4096);
	if (!ram)
		return -1;
	for (unsigned i = 0; i < sizeof(build_id); i++)
		build_id[i] = (uint8_t)(0xa0 + i);
	if (guest_mem_add(GPA(0), RAM_SIZE / 2) || guest_mem_add(GPA(RAM_SIZE / 2), RAM_SIZE / 2))
		return -1;
	return 0;
}

static int reset(void **state)
{
	(void)state;
	memset(ram, 0x5a, RAM_SIZE + 4096);
	ring.head = 0;
	log_during_read = 0;
	last_log[0] = 0;
	nr_logs = 0;
	extra = "-test";
	build_id_len = 20;
	hv_cmdline = "console=com2 loglvl=debug";
	return 0;
}

static long call(uint64_t op, uint64_t a0, uint64_t a1, uint64_t a2)
{
	struct hypercall_args a = { .op = op, .arg = { a0, a1, a2 } };

	return hypercall_dispatch(&a);
}

static int untouched(uint64_t off, uint64_t len)
{
	for (uint64_t i = 0; i < len; i++)
		if (ram[off + i] != 0x5a)
			return 0;
	return 1;
}

/* ---- dispatch ---- */

static void unknown_ops_are_enosys(void **state)
{
	(void)state;
	assert_int_equal(call(0, 0, 0, 0), -ENOSYS);
	assert_int_equal(call(999, 0, 0, 0), -ENOSYS);
	assert_int_equal(call(~0ull, 0, 0, 0), -ENOSYS);
	assert_non_null(strstr(last_log, "unknown op"));
}

static void unused_arguments_must_be_zero(void **state)
{
	struct hypercall_args a = { .op = HV_HYPERCALL_VERSION, .arg = { GPA(0), 0, 0, 0, 1 } };

	(void)state;
	assert_int_equal(hypercall_dispatch(&a), -EINVAL);
	assert_non_null(strstr(last_log, "version takes 1 arguments; argument 4"));
	assert_int_equal(call(HV_HYPERCALL_VERSION, GPA(0), 8, 0), -EINVAL);
	assert_true(untouched(0, 4096));
	assert_int_equal(call(HV_HYPERCALL_CONSOLE, GPA(0), GPA(64), 1), -EINVAL);
	assert_non_null(strstr(last_log, "console takes 2 arguments; argument 2"));
	assert_true(untouched(0, 4096));
	a.op = HV_HYPERCALL_LIVEPATCH_LIST;
	assert_int_equal(hypercall_dispatch(&a), -EINVAL);
	assert_non_null(strstr(last_log, "livepatch list takes 4 arguments; argument 4"));
	assert_true(untouched(0, 4096));
}

/* ---- VERSION ---- */

static void version_fills_the_struct(void **state)
{
	struct hv_version_info v;

	(void)state;
	assert_int_equal(call(HV_HYPERCALL_VERSION, GPA(100), 0, 0), 0);
	memcpy(&v, ram + 100, sizeof(v));
	assert_int_equal(v.major, 0);
	assert_int_equal(v.minor, 1);
	assert_string_equal(v.extra, "-test");
	assert_int_equal(v.build_id_len, 20);
	assert_memory_equal(v.build_id, build_id, 20);
	assert_int_equal(v.build_id[20], 0);
	assert_int_equal(v._pad, 0);
	assert_true(untouched(100 + sizeof(v), 64));
}

static void version_cuts_long_values(void **state)
{
	static char long_extra[200];
	struct hv_version_info v;

	(void)state;
	memset(long_extra, 'x', sizeof(long_extra) - 1);
	extra = long_extra;
	build_id_len = sizeof(build_id);
	assert_int_equal(call(HV_HYPERCALL_VERSION, GPA(0), 0, 0), 0);
	memcpy(&v, ram, sizeof(v));
	assert_int_equal(strlen(v.extra), HV_VERSION_EXTRA_SIZE - 1);
	assert_int_equal(v.build_id_len, HV_BUILD_ID_MAX);
}

static void version_bad_pointers_are_efault(void **state)
{
	struct hv_version_info v;

	(void)state;
	/* Straddles the end of dom0 RAM: nothing may be written. */
	assert_int_equal(call(HV_HYPERCALL_VERSION, BEYOND - sizeof(v) + 1, 0, 0), -EFAULT);
	assert_true(untouched(RAM_SIZE - sizeof(v), sizeof(v) + 4096));
	assert_non_null(strstr(last_log, "version:"));
	assert_non_null(strstr(last_log, "is not dom0 RAM"));
	assert_int_equal(call(HV_HYPERCALL_VERSION, BEYOND, 0, 0), -EFAULT);
	assert_int_equal(call(HV_HYPERCALL_VERSION, 0, 0, 0), -EFAULT);
	/* Wraps around the address space. */
	assert_int_equal(call(HV_HYPERCALL_VERSION, ~0ull - 8, 0, 0), -EFAULT);
	/* Crossing from one registered range into the adjacent one is fine. */
	assert_int_equal(call(HV_HYPERCALL_VERSION, GPA(RAM_SIZE / 2 - 8), 0, 0), 0);
}

/* ---- INFO ---- */

static void info_fills_the_struct(void **state)
{
	struct hv_info info;

	(void)state;
	assert_int_equal(call(HV_HYPERCALL_INFO, GPA(8), 0, 0), 0);
	memcpy(&info, ram + 8, sizeof(info));
	assert_int_equal(info.nr_cpus, 3);
	assert_int_equal(info.max_cpus, CONFIG_NR_CPUS);
	assert_int_equal(info.hv_memory, 0x200000 + 0x3000);
	assert_string_equal(info.cmdline, "console=com2 loglvl=debug");
	assert_int_equal(info.cmdline[sizeof("console=com2 loglvl=debug")], 0);
	assert_true(untouched(8 + sizeof(info), 64));
}

static void info_cuts_a_long_command_line(void **state)
{
	static char line[3000];
	struct hv_info info;

	(void)state;
	memset(line, 'c', sizeof(line) - 1);
	hv_cmdline = line;
	assert_int_equal(call(HV_HYPERCALL_INFO, GPA(0), 0, 0), 0);
	memcpy(&info, ram, sizeof(info));
	assert_int_equal(strlen(info.cmdline), HV_INFO_CMDLINE_SIZE - 1);
	assert_true(untouched(sizeof(info), 64));
}

static void info_refusals(void **state)
{
	(void)state;
	assert_int_equal(call(HV_HYPERCALL_INFO, BEYOND - 8, 0, 0), -EFAULT);
	assert_non_null(strstr(last_log, "info:"));
	assert_true(untouched(RAM_SIZE - 4096, 8192));
	assert_int_equal(call(HV_HYPERCALL_INFO, GPA(0), GPA(0), 0), -EINVAL);
	assert_true(untouched(0, 4096));
}

/* ---- CONSOLE ---- */

#define CTL_OFF 0
#define BUF_OFF 4096

static struct hv_console_read *ctl(void)
{
	return (struct hv_console_read *)(ram + CTL_OFF);
}

static long console(uint64_t index, uint32_t size)
{
	memset(ctl(), 0, sizeof(*ctl()));
	ctl()->index = index;
	ctl()->size = size;
	return call(HV_HYPERCALL_CONSOLE, GPA(CTL_OFF), GPA(BUF_OFF), 0);
}

static void assert_log_bytes(uint64_t off, uint64_t from, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		if (ram[off + i] != (uint8_t)byte_at(from + i))
			fail_msg("byte %llu of the reply: want log byte %llu ('%c'), got '%c'",
				 (unsigned long long)i, (unsigned long long)(from + i),
				 byte_at(from + i), ram[off + i]);
}

static void console_reads_from_an_index(void **state)
{
	(void)state;
	log_bytes(700);
	/* More than one internal step (256 bytes) in one call. */
	assert_int_equal(console(0, 4096), 700);
	assert_log_bytes(BUF_OFF, 0, 700);
	assert_true(untouched(BUF_OFF + 700, 100));
	assert_int_equal(ctl()->index, 700);
	assert_int_equal(ctl()->head, 700);
	assert_int_equal(ctl()->lost, 0);

	assert_int_equal(console(650, 4096), 50);
	assert_log_bytes(BUF_OFF, 650, 50);
	assert_int_equal(ctl()->index, 700);

	/* At the head: nothing yet, not an error. */
	assert_int_equal(console(700, 4096), 0);
	assert_int_equal(ctl()->index, 700);
	assert_int_equal(ctl()->head, 700);
}

static void console_pages_through_the_log(void **state)
{
	uint64_t idx = 0, total = 0;
	long n;

	(void)state;
	log_bytes(555);
	while ((n = console(idx, 64)) > 0) {
		assert_true(n <= 64);
		assert_int_equal(ctl()->index, idx + (uint64_t)n);
		assert_log_bytes(BUF_OFF, idx, (uint64_t)n);
		idx = ctl()->index;
		total += (uint64_t)n;
	}
	assert_int_equal(n, 0);
	assert_int_equal(total, 555);
}

static void console_reports_overwritten_bytes(void **state)
{
	(void)state;
	log_bytes(2500);   /* the ring keeps the newest 1000 */
	assert_int_equal(console(0, 4096), RING_SIZE);
	assert_int_equal(ctl()->lost, 1500);
	assert_log_bytes(BUF_OFF, 1500, RING_SIZE);
	assert_int_equal(ctl()->index, 2500);

	assert_int_equal(console(1499, 10), 10);
	assert_int_equal(ctl()->lost, 1);
	assert_log_bytes(BUF_OFF, 1500, 10);
	assert_int_equal(ctl()->index, 1510);
}

/* The ring overtakes the reader between two steps: the reply stops there. */
static void console_never_leaves_a_gap(void **state)
{
	long n;

	(void)state;
	log_bytes(RING_SIZE);
	log_during_read = 600;
	n = console(0, RING_SIZE);
	assert_int_equal(n, 256);
	assert_int_equal(ctl()->lost, 0);
	assert_log_bytes(BUF_OFF, 0, 256);
	assert_int_equal(ctl()->index, 256);
	/* The next call says what was lost, then continues contiguously. */
	n = console(256, RING_SIZE);
	assert_int_equal(ctl()->lost, 600 - 256);
	assert_int_equal(n, RING_SIZE);
	assert_log_bytes(BUF_OFF, 600, RING_SIZE);
	assert_int_equal(ctl()->index, RING_SIZE + 600);
}

static void console_refusals_change_nothing(void **state)
{
	struct hv_console_read before;

	(void)state;
	log_bytes(100);

	memset(ctl(), 0, sizeof(*ctl()));
	ctl()->size = 10;
	ctl()->_pad = 1;
	memcpy(&before, ctl(), sizeof(before));
	assert_int_equal(call(HV_HYPERCALL_CONSOLE, GPA(CTL_OFF), GPA(BUF_OFF), 0), -EINVAL);
	assert_non_null(strstr(last_log, "_pad"));
	assert_memory_equal(ctl(), &before, sizeof(before));
	assert_true(untouched(BUF_OFF, 4096));

	assert_int_equal(console(0, 0), -EINVAL);
	assert_non_null(strstr(last_log, "size 0"));
	assert_int_equal(console(0, HV_CONSOLE_READ_MAX + 1), -E2BIG);
	assert_non_null(strstr(last_log, "above"));
	assert_int_equal(console(101, 10), -ERANGE);
	assert_non_null(strstr(last_log, "past the log head 100"));
	assert_int_equal(ctl()->index, 101);
	assert_int_equal(ctl()->head, 0);
	assert_true(untouched(BUF_OFF, 4096));

	/* The buffer runs past dom0 RAM by one byte. */
	memset(ctl(), 0, sizeof(*ctl()));
	ctl()->size = 4096 + 1;
	assert_int_equal(call(HV_HYPERCALL_CONSOLE, GPA(CTL_OFF), BEYOND - 4096, 0), -EFAULT);
	assert_non_null(strstr(last_log, "buffer"));
	assert_true(untouched(RAM_SIZE - 4096, 8192));
	assert_int_equal(ctl()->head, 0);

	/* The control struct itself is outside dom0 RAM. */
	assert_int_equal(call(HV_HYPERCALL_CONSOLE, BEYOND, GPA(BUF_OFF), 0), -EFAULT);
	assert_int_equal(call(HV_HYPERCALL_CONSOLE, ~0ull - 4, GPA(BUF_OFF), 0), -EFAULT);
	assert_true(untouched(BUF_OFF, 4096));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(unknown_ops_are_enosys, reset),
		cmocka_unit_test_setup(unused_arguments_must_be_zero, reset),
		cmocka_unit_test_setup(version_fills_the_struct, reset),
		cmocka_unit_test_setup(version_cuts_long_values, reset),
		cmocka_unit_test_setup(version_bad_pointers_are_efault, reset),
		cmocka_unit_test_setup(info_fills_the_struct, reset),
		cmocka_unit_test_setup(info_cuts_a_long_command_line, reset),
		cmocka_unit_test_setup(info_refusals, reset),
		cmocka_unit_test_setup(console_reads_from_an_index, reset),
		cmocka_unit_test_setup(console_pages_through_the_log, reset),
		cmocka_unit_test_setup(console_reports_overwritten_bytes, reset),
		cmocka_unit_test_setup(console_never_leaves_a_gap, reset),
		cmocka_unit_test_setup(console_refusals_change_nothing, reset),
	};

	return cmocka_run_group_tests(tests, setup_ram, NULL);
}
