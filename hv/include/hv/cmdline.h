/*
 * The hypervisor command line (options= in hv.cfg, or the UEFI shell's).
 * A key given more than once takes its last value (hv/cmdline_parse.c);
 * malformed words are ignored and reported by cmdline_report_malformed().
 */
#ifndef HV_CMDLINE_H
#define HV_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

void cmdline_init(const char *line);
const char *cmdline_raw(void);
/* Log one warning per malformed word (once the console is up); how many. */
unsigned cmdline_report_malformed(void);
/* Copy the value of key=value into buf; NULL when key is absent or has no value. */
const char *cmdline_get(const char *key, char *buf, size_t len);
/* key, key=1, key=yes, key=on, key=true are true; any other value is false. */
bool cmdline_bool(const char *key);

#endif
