/* printk and the hypervisor's vsnprintf. */
#ifndef HV_PRINTK_H
#define HV_PRINTK_H

#include <stdarg.h>
#include <stddef.h>

enum hv_loglvl { LOG_ERR, LOG_WARN, LOG_INFO, LOG_DEBUG };

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void vprintk_level(enum hv_loglvl lvl, const char *fmt, va_list ap);
void printk_level(enum hv_loglvl lvl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Messages at or below this level are printed (loglvl= on the command line). */
void printk_set_level(enum hv_loglvl lvl);

#define printk(...)   printk_level(LOG_INFO, __VA_ARGS__)
#define pr_err(...)   printk_level(LOG_ERR, __VA_ARGS__)
#define pr_warn(...)  printk_level(LOG_WARN, __VA_ARGS__)
#define pr_debug(...) printk_level(LOG_DEBUG, __VA_ARGS__)

void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
