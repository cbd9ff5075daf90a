/*
 * The hypervisor's vsnprintf (hv/lib/vsnprintf.c) and command-line parser
 * (hv/cmdline.c over hv/cmdline_parse.c, which the stub shares), built
 * hosted: every format is checked against the C library's snprintf, which
 * is the behaviour printk callers expect.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdarg.h>
#include <string.h>
#include <hv/cmdline.h>
#include <hv/cmdline_parse.h>
#include <hv/printk.h>

/* The parser is one source compiled into each image; here into the test. */
#include "../../../hv/cmdline_parse.c"

int hv_snprintf(char *buf, size_t size, const char *fmt, ...);

/* printk for hv/cmdline.c: the test reads what it would have logged. */
static char logged[1024];

void printk_level(enum hv_loglvl lvl, const char *fmt, ...)
{
	size_t used = strlen(logged);
	va_list ap;

	va_start(ap, fmt);
	if (lvl == LOG_WARN)
		vsnprintf(logged + used, sizeof(logged) - used, fmt, ap);
	va_end(ap);
}

static int failures, checks;

#define CHECK(fmt, ...) do { \
	char want[256], got[256]; \
	int wn = snprintf(want, sizeof(want), fmt, __VA_ARGS__); \
	int gn = hv_snprintf(got, sizeof(got), fmt, __VA_ARGS__); \
	checks++; \
	if (wn != gn || strcmp(want, got)) { \
		failures++; \
		printf("FAIL: \"%s\": want \"%s\" (%d), got \"%s\" (%d)\n", fmt, want, wn, got, gn); \
	} \
} while (0)

#define EXPECT(cond) do { \
	checks++; \
	if (!(cond)) { \
		failures++; \
		printf("FAIL: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
	} \
} while (0)

static void test_conversions(void)
{
	CHECK("%s|%5s|%-5s|%.2s", "abc", "ab", "ab", "abc");
	CHECK("%d %i %d", 0, -42, INT_MIN);
	CHECK("%u %x %X %o", 4000000000u, 0xbeefu, 0xbeefu, 8u);
	CHECK("%#x %#o %#lx %#x", 255u, 8u, 0xffffffff80000000ul, 0u);
	CHECK("%08x|%-8x|%8x", 0x1234u, 0x1234u, 0x1234u);
	CHECK("%#010lx", 0xabcul);
	CHECK("%lx %llx", 0xfffffffffffffffful, 0x123456789abcdefull);
	CHECK("%llu %lu %zu", ULLONG_MAX, 12345ul, (size_t)99);
	CHECK("%+lld %+lld %+d % d", -5ll, 5ll, 0, 7);
	CHECK("%lld", LLONG_MIN);
	CHECK("%c%c%%", 'o', 'k');
	CHECK("%5c|%-3c|", 'x', 'y');
	CHECK("%.5d|%8.3d|%-8.3d|", 42, 7, -7);
	CHECK("%.0d|%.0x|", 0, 0u);
	CHECK("%*d|%-*d|%.*s", 6, 1, 6, 2, 2, "xyz");
	CHECK("%hhu %hd %hx", 257, 70000, 0x12345);
	CHECK("%p", (void *)0xffffffff80001234ul);
	CHECK("[%016llx] %s+%#llx/%#llx", 0xffffffff80007030ull, "trap_test", 0x9ull, 0xbull);
}

static void test_truncation(void)
{
	char buf[8];
	int n;

	memset(buf, 'z', sizeof(buf));
	n = hv_snprintf(buf, 4, "%s", "abcdef");
	EXPECT(n == 6);
	EXPECT(!strcmp(buf, "abc"));
	EXPECT(buf[4] == 'z');
	n = hv_snprintf(buf, 0, "%d", 12345);
	EXPECT(n == 5);
	EXPECT(buf[0] == 'a');
	n = hv_snprintf(buf, 1, "%d", 12345);
	EXPECT(n == 5 && buf[0] == 0);
}

static void test_cmdline(void)
{
	char v[32];

	cmdline_init("console=com1 livepatch=a.livepatch,b.livepatch trap_test=1 debug noval=");
	EXPECT(cmdline_get("console", v, sizeof(v)) && !strcmp(v, "com1"));
	EXPECT(cmdline_get("livepatch", v, sizeof(v)) && !strcmp(v, "a.livepatch,b.livepatch"));
	EXPECT(cmdline_get("livepatch", v, 5) && !strcmp(v, "a.li"));
	EXPECT(!cmdline_get("console_x", v, sizeof(v)));
	EXPECT(!cmdline_get("cons", v, sizeof(v)));
	EXPECT(cmdline_get("noval", v, sizeof(v)) && !strcmp(v, ""));
	EXPECT(cmdline_bool("trap_test"));
	EXPECT(cmdline_bool("debug"));
	EXPECT(!cmdline_bool("missing"));
	cmdline_init("trap_test=0 quiet=no");
	EXPECT(!cmdline_bool("trap_test"));
	EXPECT(!cmdline_bool("quiet"));
	cmdline_init("trap_test= debug=o quiet=on");
	EXPECT(!cmdline_bool("trap_test"));
	EXPECT(!cmdline_bool("debug"));
	EXPECT(cmdline_bool("quiet"));
	cmdline_init("");
	EXPECT(!cmdline_get("console", v, sizeof(v)));
}

/* Xen and Linux: a repeated option takes its last value. */
static void test_cmdline_last_wins(void)
{
	char v[32];

	cmdline_init("console=com1 livepatch=a.livepatch loglvl=info console=com2\tlivepatch=b.livepatch");
	EXPECT(cmdline_get("console", v, sizeof(v)) && !strcmp(v, "com2"));
	EXPECT(cmdline_get("livepatch", v, sizeof(v)) && !strcmp(v, "b.livepatch"));
	EXPECT(cmdline_get("loglvl", v, sizeof(v)) && !strcmp(v, "info"));
	cmdline_init("trap_test=1 trap_test=0");
	EXPECT(!cmdline_bool("trap_test"));
	cmdline_init("trap_test=0 trap_test");
	EXPECT(cmdline_bool("trap_test"));
	/* The last word has no value: the earlier value is not brought back. */
	cmdline_init("console=com1 console");
	EXPECT(!cmdline_get("console", v, sizeof(v)));
	cmdline_init("  console=com1   console=  ");
	EXPECT(cmdline_get("console", v, sizeof(v)) && !strcmp(v, ""));
}

/* A malformed word is ignored, never matched, and reported with the reason. */
static void test_cmdline_malformed(void)
{
	struct cmdline_word w;
	const char *pos = "ok =com1 con$ole=com2 console=com\001 x=a\xc3\xa9";
	const char *want[] = { NULL, "no option name before '='",
			       "option name has a character other than a letter, digit, '_', '-' or '.'",
			       "control or non-ASCII character", "control or non-ASCII character" };
	char v[32];
	unsigned n = 0;

	while (cmdline_next_word(&pos, &w) && n < 5) {
		EXPECT(want[n] ? w.error && !strcmp(w.error, want[n]) : !w.error);
		n++;
	}
	EXPECT(n == 5 && !*pos);

	cmdline_init("console=com1 console=com2\001 =com2 con$ole=com2");
	EXPECT(cmdline_get("console", v, sizeof(v)) && !strcmp(v, "com1"));
	logged[0] = 0;
	EXPECT(cmdline_report_malformed() == 3);
	EXPECT(strstr(logged, "command line: ignoring \"=com2\": no option name before '='\n"));
	EXPECT(strstr(logged, "command line: ignoring \"con$ole=com2\": option name has"));
	EXPECT(strstr(logged, "command line: ignoring \"console=com2\001\": control or non-ASCII"));
	cmdline_init("console=com1 debug");
	logged[0] = 0;
	EXPECT(cmdline_report_malformed() == 0 && !logged[0]);
}

int main(void)
{
	test_conversions();
	test_truncation();
	test_cmdline();
	test_cmdline_last_wins();
	test_cmdline_malformed();
	printf("test_printf: %d passed, %d failed\n", checks - failures, failures);
	return failures != 0;
}
