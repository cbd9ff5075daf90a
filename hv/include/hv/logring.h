/*
 * A byte ring that remembers how many bytes were ever written, so a reader
 * names what it wants by index and learns when the ring overwrote it.
 * No locking here: the owner (console.c) serializes writers and readers.
 */
#ifndef HV_LOGRING_H
#define HV_LOGRING_H

#include <stdint.h>

struct log_ring {
	char *buf;
	uint64_t size;
	uint64_t head;   /* bytes ever written; the next byte's index */
};

void log_ring_put(struct log_ring *r, char c);
/*
 * Copy up to `max` bytes starting at index `from` into dst. Bytes the ring
 * has already overwritten are skipped: *first is where the copy really
 * starts (>= from, or `from` itself when it is at or past head). Returns
 * the number of bytes copied; 0 when nothing at or after `from` exists.
 */
uint64_t log_ring_read(const struct log_ring *r, uint64_t from, char *dst,
		       uint64_t max, uint64_t *first);

#endif
