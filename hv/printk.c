/*
 * printk: format into a bounded line buffer, prefix the level, and hand
 * it to the console. Level filtering happens here so a noisy debug
 * message costs nothing on the serial line.
 */
#include <stdarg.h>
#include <hv/console.h>
#include <hv/printk.h>
#include <hv/x86.h>

static enum hv_loglvl max_level = LOG_INFO;

static const char *const prefix[] = {
	[LOG_ERR] = "(HV) [ERR] ",
	[LOG_WARN] = "(HV) [WARN] ",
	[LOG_INFO] = "(HV) ",
	[LOG_DEBUG] = "(HV) [DBG] ",
};

void printk_set_level(enum hv_loglvl lvl)
{
	max_level = lvl;
}

void vprintk_level(enum hv_loglvl lvl, const char *fmt, va_list ap)
{
	char line[512];
	int n, p;

	if (lvl > max_level)
		return;
	p = snprintf(line, sizeof(line), "%s", prefix[lvl]);
	n = vsnprintf(line + p, sizeof(line) - p, fmt, ap);
	n = n + p < (int)sizeof(line) ? n + p : (int)sizeof(line) - 1;
	console_write(line, (size_t)n);
}

void printk_level(enum hv_loglvl lvl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk_level(lvl, fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk_level(LOG_ERR, fmt, ap);
	va_end(ap);
	printk_level(LOG_ERR, "PANIC: hypervisor halted\n");
	for (;;)
		__asm__ volatile("cli; hlt");
}
