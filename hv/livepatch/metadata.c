/*
 * .modinfo: NUL-terminated strings shown by `hvpatch list` and `info`,
 * usually key=value, but, as in Xen, any string is accepted (Xen's own test
 * payloads carry "LIVEPATCH_RULEZ"). Copied out of the payload so it
 * survives independent of payload memory.
 */
#include "payload.h"

int lp_read_metadata(struct hv_payload *p, const struct lp_elf *elf)
{
	const struct lp_sec *s = lp_elf_find(elf, LIVEPATCH_SEC_MODINFO);
	const char *d;
	uint64_t n;

	if (!s || !s->sh->size)
		return 0;
	if (!s->data || s->sh->size > 64 * 1024) {
		lp_err(p->name, "%s: must hold 1..65536 bytes of strings", s->name);
		return -EINVAL;
	}
	d = (const char *)s->data;
	n = s->sh->size;
	if (d[n - 1]) {
		lp_err(p->name, "%s: last string is not NUL-terminated", s->name);
		return -EINVAL;
	}
	p->metadata = lp_host_zalloc(n);
	if (!p->metadata)
		return -ENOMEM;
	memcpy(p->metadata, d, n);
	p->metadata_len = (uint32_t)n;
	return 0;
}
