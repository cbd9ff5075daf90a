/*
 * .livepatch.funcs: what to patch. Each entry is validated once after
 * relocation, its target resolved and the bytes to write precomputed, so
 * the engine does nothing inside the rendezvous that can fail on input.
 * The expected-old-code checks (Xen's expectations, our xxh64) read the
 * live code at action time.
 */
#include "payload.h"
#include "hash.h"

/* Translate a run address inside the payload to where its bytes are. */
static const uint8_t *payload_bytes(const struct hv_payload *p, uint64_t run, uint64_t len)
{
	if (run < p->mem.run || run - p->mem.run > p->mem.size ||
	    len > p->mem.size - (run - p->mem.run))
		return NULL;
	return p->mem.write + (run - p->mem.run);
}

static const char *payload_string(const struct hv_payload *p, uint64_t run)
{
	const uint8_t *s = payload_bytes(p, run, 1);
	uint64_t room;

	if (!s)
		return NULL;
	room = p->mem.size - (run - p->mem.run);
	return memchr(s, 0, room) ? (const char *)s : NULL;
}

static bool in_text_of_payload(const struct hv_payload *q, uint64_t addr, uint64_t size)
{
	return addr >= q->text_run && size <= q->text_size &&
	       addr - q->text_run <= q->text_size - size;
}

/* old code must lie in hypervisor text or in text an earlier payload added */
static bool patchable_text(uint64_t addr, uint64_t size)
{
	uint64_t start, end;

	lp_host_text_bounds(&start, &end);
	if (addr >= start && addr < end && size <= end - addr)
		return true;
	for (const struct hv_payload *q = lp_payloads; q; q = q->next)
		if (in_text_of_payload(q, addr, size))
			return true;
	return false;
}

static bool in_nopatch(uint64_t addr, uint64_t size)
{
	uint64_t start, end;

	lp_host_nopatch_bounds(&start, &end);
	return start < end && addr < end && addr + size > start;
}

static int resolve_old(struct hv_payload *p, struct lp_func *f)
{
	uint64_t addr, size;
	int rc;

	if (f->old_addr)
		return 0;
	rc = lp_lookup_symbol(p->name, f->name, &addr, &size, NULL);
	if (rc == -ENOENT)
		lp_err(p->name, "function %s to patch is not a known symbol", f->name);
	if (rc)
		return rc;
	f->old_addr = addr;
	if (!f->old_size)
		f->old_size = (uint32_t)size;
	return 0;
}

static int check_expectation(const struct hv_payload *p, const struct lp_func *f)
{
	const struct livepatch_expectation *e = &f->desc->expect;

	if (e->rsv) {
		lp_err(p->name, "%s: reserved expectation bits set", f->name);
		return -EINVAL;
	}
	if (e->enabled && (e->len == 0 || e->len > f->old_size)) {
		lp_err(p->name, "%s: expectation length %u not in 1..old_size %u", f->name,
		       e->len, f->old_size);
		return -EINVAL;
	}
	return 0;
}

_Static_assert(LP_ARCH_MAX_PATCH >= LIVEPATCH_OPAQUE_SIZE, "room for the longest NOP");

static int prepare_insn(struct hv_payload *p, struct lp_func *f)
{
	if (!f->new_addr) {
		/* Xen's limit: a NOP fits the entry's opaque bytes. */
		if (f->new_size == 0 || f->new_size > LIVEPATCH_OPAQUE_SIZE || f->new_size > f->old_size) {
			lp_err(p->name, "%s: NOP of %u bytes (old_size %u, at most %u)", f->name,
			       f->new_size, f->old_size, LIVEPATCH_OPAQUE_SIZE);
			return -EINVAL;
		}
		f->patch_len = f->new_size;
		lp_arch_encode_nops(f->insn, f->patch_len);
		return 0;
	}
	/*
	 * A jump only needs its target: new_size is informational (Xen never
	 * reads it for a jump, and its build tools may set it past the end).
	 */
	if (!in_text_of_payload(p, f->new_addr, 1)) {
		lp_err(p->name, "%s: new code at %#llx is not inside the payload's text",
		       f->name, (unsigned long long)f->new_addr);
		return -EINVAL;
	}
	if (f->old_size < lp_arch_jump_size) {
		lp_err(p->name, "%s: old_size %u cannot hold a %u-byte jump", f->name, f->old_size,
		       lp_arch_jump_size);
		return -EMSGSIZE;
	}
	if (lp_arch_encode_jump(f->old_addr, f->new_addr, f->insn) < 0) {
		lp_err(p->name, "%s: new code at %#llx is out of jump reach of %#llx", f->name,
		       (unsigned long long)f->new_addr, (unsigned long long)f->old_addr);
		return -ERANGE;
	}
	f->patch_len = lp_arch_jump_size;
	return 0;
}

/* "@0x<old_addr>": what messages call a function the payload gave no name. */
static void label_by_address(struct lp_func *f)
{
	static const char hex[] = "0123456789abcdef";
	char *o = f->label;

	*o++ = '@';
	*o++ = '0';
	*o++ = 'x';
	for (int shift = 60; shift >= 0; shift -= 4)
		*o++ = hex[(f->old_addr >> shift) & 15];
	*o = 0;
	f->name = f->label;
}

/*
 * The name is what old_addr 0 is resolved by; with an address it is only a
 * label, and Xen's xen_nop has none.
 */
static int read_name(struct hv_payload *p, struct lp_func *f, const struct livepatch_func *d,
		     uint32_t idx)
{
	if (!d->name && d->old_addr) {
		f->old_addr = (uint64_t)(uintptr_t)d->old_addr;
		label_by_address(f);
		return 0;
	}
	if (!d->name) {
		lp_err(p->name, "function %u: neither a name nor an old_addr: nothing says what to patch",
		       idx);
		return -EINVAL;
	}
	f->name = payload_string(p, (uint64_t)(uintptr_t)d->name);
	if (!f->name || !*f->name) {
		lp_err(p->name, "function %u: name pointer %p is not a string inside the payload", idx,
		       (const void *)d->name);
		return -EINVAL;
	}
	return 0;
}

static int read_one(struct hv_payload *p, struct lp_func *f, const struct livepatch_func *d,
		    uint32_t idx)
{
	int rc;

	f->desc = d;
	if (d->version != LIVEPATCH_PAYLOAD_VERSION) {
		lp_err(p->name, "function %u: version %u, expected %u", idx, d->version,
		       LIVEPATCH_PAYLOAD_VERSION);
		return -EINVAL;
	}
	rc = read_name(p, f, d, idx);
	if (rc)
		return rc;
	f->old_addr = (uint64_t)(uintptr_t)d->old_addr;
	f->new_addr = (uint64_t)(uintptr_t)d->new_addr;
	f->old_size = d->old_size;
	f->new_size = d->new_size;

	rc = resolve_old(p, f);
	/* The denylist first: its reason is the more precise one. */
	if (!rc && in_nopatch(f->old_addr, f->old_size)) {
		lp_err(p->name, "%s: is part of the live-patch core, rendezvous or entry path (.text.nopatch) and may not be patched",
		       f->name);
		rc = -EPERM;
	}
	if (!rc && (f->old_size == 0 || !patchable_text(f->old_addr, f->old_size))) {
		lp_err(p->name, "%s: old code %#llx (+%u) is not in patchable text", f->name,
		       (unsigned long long)f->old_addr, f->old_size);
		rc = -EFAULT;
	}
	if (!rc)
		rc = check_expectation(p, f);
	if (!rc)
		rc = prepare_insn(p, f);
	return rc;
}

static int read_old_hashes(struct hv_payload *p, const struct lp_elf *elf)
{
	const struct lp_sec *s = lp_elf_find(elf, LIVEPATCH_SEC_OLD_HASH);
	const uint8_t *bytes;
	struct livepatch_old_hash h;

	if (!s)
		return 0;
	if (!s->data || s->sh->size != (uint64_t)p->nfuncs * sizeof(h)) {
		lp_err(p->name, "%s: %llu bytes, expected %u entries of %zu", s->name,
		       (unsigned long long)s->sh->size, p->nfuncs, sizeof(h));
		return -EINVAL;
	}
	/* objcopy --add-section gives the array byte alignment: copy, don't cast. */
	bytes = s->write ? s->write : s->data;
	for (uint32_t i = 0; i < p->nfuncs; i++) {
		struct lp_func *f = &p->funcs[i];

		memcpy(&h, bytes + (size_t)i * sizeof(h), sizeof(h));
		if (h.flags & ~LIVEPATCH_OLD_HASH_ENABLED) {
			lp_err(p->name, "%s: unknown old_hash flags %#x", f->name, h.flags);
			return -EINVAL;
		}
		if (!(h.flags & LIVEPATCH_OLD_HASH_ENABLED))
			continue;
		f->hash_len = h.len ? h.len : f->old_size;
		if (f->hash_len > f->old_size) {
			lp_err(p->name, "%s: old_hash covers %u bytes, more than old_size %u", f->name,
			       f->hash_len, f->old_size);
			return -EINVAL;
		}
		f->has_hash = true;
		f->hash = h.xxh64;
	}
	return 0;
}

int lp_read_funcs(struct hv_payload *p, const struct lp_elf *elf)
{
	const struct lp_sec *s = lp_elf_find(elf, LIVEPATCH_SEC_FUNCS);
	const struct livepatch_func *d;
	int rc;

	/* None is fine for a hooks-only payload (lp_read_hooks requires one or the other). */
	if (!s || !s->sh->size)
		return read_old_hashes(p, elf);
	if (!s->write || s->sh->type != LP_SHT_PROGBITS || s->sh->size % sizeof(*d) ||
	    (uintptr_t)s->write % 8) {
		lp_err(p->name, "%s: %llu bytes is not an allocated array of %zu-byte entries",
		       s->name, (unsigned long long)s->sh->size, sizeof(*d));
		return -EINVAL;
	}
	p->nfuncs = (uint32_t)(s->sh->size / sizeof(*d));
	if (p->nfuncs > LP_MAX_FUNCS) {
		lp_err(p->name, "%u functions, at most %u", p->nfuncs, LP_MAX_FUNCS);
		return -E2BIG;
	}
	p->funcs = lp_host_zalloc(sizeof(*p->funcs) * p->nfuncs);
	if (!p->funcs)
		return -ENOMEM;
	d = (const void *)s->write;
	for (uint32_t i = 0; i < p->nfuncs; i++) {
		rc = read_one(p, &p->funcs[i], &d[i], i);
		if (rc)
			return rc;
		for (uint32_t j = 0; j < i; j++) {
			if (p->funcs[j].old_addr == p->funcs[i].old_addr) {
				lp_err(p->name, "%s is patched twice by this payload", p->funcs[i].name);
				return -EEXIST;
			}
		}
	}
	return read_old_hashes(p, elf);
}

/*
 * The code at `run` now, or as it will be once every applied payload is
 * reverted (what REPLACE patches): overlay the bytes each applied payload
 * saved, top of the stack first, so the bottom-most (original) bytes win.
 */
static int read_code(uint64_t run, uint8_t *buf, uint32_t len, bool as_if_unpatched)
{
	int rc = lp_host_text_read(run, buf, len);

	if (rc || !as_if_unpatched)
		return rc;
	for (const struct hv_payload *q = lp_applied_top; q; q = q->applied_prev) {
		for (uint32_t i = 0; i < q->nfuncs; i++) {
			const struct lp_func *f = &q->funcs[i];

			for (uint32_t b = 0; f->applied && b < f->patch_len; b++)
				if (f->old_addr + b >= run && f->old_addr + b - run < len)
					buf[f->old_addr + b - run] = f->saved[b];
		}
	}
	return 0;
}

static int live_code_hash(uint64_t run, uint32_t len, bool as_if_unpatched, uint64_t *out)
{
	struct lp_hash_state st;
	uint8_t buf[256];

	lp_hash_begin(&st);
	for (uint32_t done = 0; done < len;) {
		uint32_t n = len - done > sizeof(buf) ? (uint32_t)sizeof(buf) : len - done;

		if (read_code(run + done, buf, n, as_if_unpatched))
			return -EFAULT;
		lp_hash_update(&st, buf, n);
		done += n;
	}
	*out = lp_hash_end(&st);
	return 0;
}

/* Is the code in memory what the payload was built against? */
int lp_check_old_code(const struct hv_payload *p, bool as_if_unpatched)
{
	uint8_t buf[LIVEPATCH_OPAQUE_SIZE];

	for (uint32_t i = 0; i < p->nfuncs; i++) {
		const struct lp_func *f = &p->funcs[i];
		const struct livepatch_expectation *e = &f->desc->expect;
		uint64_t h = 0;

		if (e->enabled &&
		    (read_code(f->old_addr, buf, e->len, as_if_unpatched) || memcmp(buf, e->data, e->len))) {
			lp_err(p->name, "%s: code at %#llx does not match the expected %u bytes",
			       f->name, (unsigned long long)f->old_addr, e->len);
			return -EBADMSG;
		}
		if (!f->has_hash)
			continue;
		if (live_code_hash(f->old_addr, f->hash_len, as_if_unpatched, &h) || h != f->hash) {
			lp_err(p->name, "%s: xxh64 of %u bytes at %#llx is %016llx, payload expects %016llx",
			       f->name, f->hash_len, (unsigned long long)f->old_addr,
			       (unsigned long long)h, (unsigned long long)f->hash);
			return -EBADMSG;
		}
	}
	return 0;
}
