/* The log ring's index arithmetic, kept apart so it is tested hosted. */
#include <hv/logring.h>

void log_ring_put(struct log_ring *r, char c)
{
	r->buf[r->head++ % r->size] = c;
}

uint64_t log_ring_read(const struct log_ring *r, uint64_t from, char *dst,
		       uint64_t max, uint64_t *first)
{
	uint64_t oldest = r->head > r->size ? r->head - r->size : 0;
	uint64_t n;

	if (from < oldest)
		from = oldest;
	*first = from;
	if (from >= r->head)
		return 0;
	n = r->head - from < max ? r->head - from : max;
	for (uint64_t i = 0; i < n; i++)
		dst[i] = r->buf[(from + i) % r->size];
	return n;
}
