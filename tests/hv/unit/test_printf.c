/*
 * The hypervisor's vsnprintf (hv/lib/vsnprintf.c) and command-line parser
 * (hv/cmdline.c), built hosted: every format is checked against the C
 * library's snprintf, which is the behaviour printk callers expect.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int hv_snprintf(char *buf, size_t size, const char *fmt, ...);
void cmdline_init(const char *line);
const char *cmdline_get(const char *key, char *buf, size_t len);
bool cmdline_bool(const char *key);

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

int main(void)
{
	test_conversions();
	test_truncation();
	test_cmdline();
	printf("test_printf: %d passed, %d failed\n", checks - failures, failures);
	return failures != 0;
}
