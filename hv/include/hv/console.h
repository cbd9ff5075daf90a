/* The hypervisor console: a serial port plus an in-memory log ring. */
#ifndef HV_CONSOLE_H
#define HV_CONSOLE_H

#include <stddef.h>

int console_init(const char *port);
void console_write(const char *s, size_t len);
/* Copy the newest up to `max` bytes of the log ring; returns bytes copied. */
size_t console_ring_read(char *dst, size_t max);

#endif
