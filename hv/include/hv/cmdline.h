/* The hypervisor command line (options= in hv.cfg). */
#ifndef HV_CMDLINE_H
#define HV_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

void cmdline_init(const char *line);
const char *cmdline_raw(void);
/* Copy the value of key=value into buf; NULL when key is absent. */
const char *cmdline_get(const char *key, char *buf, size_t len);
/* key, key=1, key=yes, key=on, key=true are true; any other value is false. */
bool cmdline_bool(const char *key);

#endif
