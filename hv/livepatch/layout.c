/*
 * Placement of a payload's allocatable sections in one allocation, grouped
 * by permission: text (RX), read-only data (R), writable data and bss (RW).
 * Each group starts on a page so it can get its own protection; the
 * allocation comes from the host within reach of hypervisor text.
 */
#include "payload.h"

enum region { R_TEXT, R_RO, R_RW, R_COUNT };

/* No payload needs more; larger sizes are corrupt headers, not big patches. */
#define LP_MAX_REGION (1ull << 30)

static int region_of(const struct lp_shdr *sh)
{
	if (!(sh->flags & LP_SHF_ALLOC))
		return -1;
	if (sh->flags & LP_SHF_EXECINSTR)
		return R_TEXT;
	return (sh->flags & LP_SHF_WRITE) ? R_RW : R_RO;
}

/* Writable sections the payload owns; .livepatch.* bookkeeping doesn't count. */
static bool is_payload_data(const struct lp_sec *s)
{
	return region_of(s->sh) == R_RW && s->sh->size &&
	       strncmp(s->name, ".livepatch.", 11) != 0;
}

int lp_layout(struct hv_payload *p, struct lp_elf *elf)
{
	uint64_t size[R_COUNT] = { 0 }, base[R_COUNT];
	const uint64_t page = lp_host_page_size();
	uint64_t total = 0;
	int rc;

	p->safe_to_reapply = true;
	for (uint32_t i = 1; i < elf->nsecs; i++) {
		struct lp_sec *s = &elf->secs[i];
		int r = region_of(s->sh);
		uint64_t align = s->sh->addralign ? s->sh->addralign : 1;

		if (r < 0)
			continue;
		size[r] = LP_ALIGN_UP(size[r], align);
		s->run = size[r]; /* offset within the region for now */
		if (size[r] > LP_MAX_REGION || s->sh->size > LP_MAX_REGION - size[r]) {
			lp_err(p->name, "section %s: %llu bytes is too large", s->name,
			       (unsigned long long)s->sh->size);
			return -E2BIG;
		}
		size[r] += s->sh->size;
		if (is_payload_data(s))
			p->safe_to_reapply = false;
	}
	for (int r = 0; r < R_COUNT; r++) {
		base[r] = total;
		total += LP_ALIGN_UP(size[r], page);
	}
	/* No text is fine: a payload whose functions only NOP out code has none. */
	if (total == 0) {
		lp_err(p->name, "no allocatable section");
		return -ENODATA;
	}

	rc = lp_host_mem_alloc(total, &p->mem);
	if (rc) {
		lp_err(p->name, "cannot allocate %llu bytes of payload memory near hypervisor text: %d (%s)",
		       (unsigned long long)total, rc, lp_errno_name(rc));
		return rc;
	}
	memset(p->mem.write, 0, p->mem.size);

	for (uint32_t i = 1; i < elf->nsecs; i++) {
		struct lp_sec *s = &elf->secs[i];
		int r = region_of(s->sh);

		if (r < 0)
			continue;
		s->write = p->mem.write + base[r] + s->run;
		s->run = p->mem.run + base[r] + s->run;
		if (s->data)
			memcpy(s->write, s->data, s->sh->size);
	}

	p->text_off = base[R_TEXT];
	p->text_len = LP_ALIGN_UP(size[R_TEXT], page);
	p->ro_off = base[R_RO];
	p->ro_len = LP_ALIGN_UP(size[R_RO], page);
	p->rw_off = base[R_RW];
	p->rw_len = LP_ALIGN_UP(size[R_RW], page);
	p->text_run = p->mem.run + base[R_TEXT];
	p->text_size = size[R_TEXT];
	return 0;
}

/* After relocation: text becomes RX, rodata R; nothing is ever W and X. */
int lp_protect(struct hv_payload *p)
{
	int rc = 0;

	if (p->text_len)
		rc = lp_host_mem_protect(&p->mem, p->text_off, p->text_len, LP_PERM_R | LP_PERM_X);
	if (!rc && p->ro_len)
		rc = lp_host_mem_protect(&p->mem, p->ro_off, p->ro_len, LP_PERM_R);
	if (!rc && p->rw_len)
		rc = lp_host_mem_protect(&p->mem, p->rw_off, p->rw_len, LP_PERM_R | LP_PERM_W);
	if (rc)
		lp_err(p->name, "cannot set section permissions: %d (%s)", rc, lp_errno_name(rc));
	return rc;
}
