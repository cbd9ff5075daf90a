/* The hypervisor console: a serial port plus an in-memory log ring. */
#ifndef HV_CONSOLE_H
#define HV_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

int console_init(const char *port);
/* The serial port's first I/O port (dom0 must not reach it). */
unsigned short console_io_base(void);
void console_write(const char *s, size_t len);
/*
 * Copy up to `max` log bytes from index `from` on (indices count every
 * byte ever logged); *first is where the copy started (later than `from`
 * when the ring overwrote those bytes), *head the next byte's index.
 * Returns bytes copied.
 */
uint64_t console_log_read(uint64_t from, char *dst, uint64_t max,
			  uint64_t *first, uint64_t *head);

#endif
