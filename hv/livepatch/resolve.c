/*
 * Symbol resolution (seed 004). A payload's undefined symbols resolve
 * against the hypervisor's table first (globals by name, file-locals as
 * "file.c#name"), then against the non-local symbols other payloads
 * introduced. A payload's STB_LOCAL symbols are private: they are never
 * exported and so never collide with anything. Collisions between exported
 * globals are judged at apply time (action.c), not at upload, so that a
 * cumulative payload carrying the same new symbols as the one it is about
 * to replace can be uploaded.
 */
#include "payload.h"

static bool is_defined_in_alloc(const struct lp_elf *elf, const struct lp_esym *s)
{
	return s->shndx != LP_SHN_UNDEF && s->shndx < elf->nsecs &&
	       (elf->secs[s->shndx].sh->flags & LP_SHF_ALLOC);
}

static bool is_named_object(const struct lp_esym *s)
{
	unsigned t = LP_ST_TYPE(s->info);

	return t == LP_STT_FUNC || t == LP_STT_OBJECT || t == LP_STT_NOTYPE;
}

/* Exported symbols of loaded payloads; an applied exporter wins over a loaded one. */
static int lookup_exports(const char *payload, const char *name, uint64_t *addr,
			  uint64_t *size, struct hv_payload **provider)
{
	const struct lp_sym *best = NULL;
	struct hv_payload *owner = NULL, *rival = NULL;

	for (struct hv_payload *q = lp_payloads; q; q = q->next) {
		const struct lp_sym *s = lp_symtab_lookup(&q->exptab, name, NULL);

		if (!s)
			continue;
		if (!best || (q->state == LIVEPATCH_STATE_APPLIED &&
			      owner->state != LIVEPATCH_STATE_APPLIED)) {
			best = s;
			owner = q;
			rival = NULL;
		} else if (q->state == owner->state) {
			rival = q;
		}
	}
	if (!best)
		return -ENOENT;
	if (rival) {
		lp_err(payload, "symbol %s is ambiguous: exported by %s and %s", name,
		       owner->name, rival->name);
		return -ENOTUNIQ;
	}
	*addr = best->addr;
	if (size)
		*size = best->size;
	if (provider)
		*provider = owner;
	return 0;
}

int lp_lookup_symbol(const char *payload, const char *name, uint64_t *addr, uint64_t *size,
		     struct hv_payload **provider)
{
	bool ambiguous;
	const struct lp_sym *s = lp_symtab_lookup(lp_host_symtab(), name, &ambiguous);

	if (s && ambiguous) {
		lp_err(payload, "symbol %s is ambiguous in the hypervisor (name it as file.c#name)", name);
		return -ENOTUNIQ;
	}
	if (provider)
		*provider = NULL;
	if (s) {
		*addr = s->addr;
		if (size)
			*size = s->size;
		return 0;
	}
	return lookup_exports(payload, name, addr, size, provider);
}

/*
 * A symbol resolved into another payload's memory (one of its exports) is
 * baked into this payload's code by relocation. Remember that payload so
 * it cannot be unloaded, and its pages freed and reused, underneath us.
 */
static int note_use(struct hv_payload *p, struct hv_payload *owner)
{
	uint32_t loaded = 0;

	for (uint32_t i = 0; i < p->nuses; i++)
		if (p->uses[i] == owner)
			return 0;
	/* Distinct owners are loaded payloads, whose set is fixed under lp_lock. */
	if (!p->uses) {
		for (const struct hv_payload *q = lp_payloads; q; q = q->next)
			loaded++;
		p->uses = lp_host_zalloc(sizeof(*p->uses) * loaded);
		if (!p->uses)
			return -ENOMEM;
	}
	p->uses[p->nuses++] = owner;
	return 0;
}

int lp_resolve(struct hv_payload *p, struct lp_elf *elf)
{
	for (uint32_t i = 1; i < elf->nsyms; i++) {
		const struct lp_esym *s = &elf->syms[i];
		const char *name = lp_elf_sym_name(elf, s);
		struct hv_payload *owner;
		int rc;

		if (s->shndx == LP_SHN_ABS) {
			elf->sym_run[i] = s->value;
			continue;
		}
		if (s->shndx != LP_SHN_UNDEF) {
			elf->sym_run[i] = elf->secs[s->shndx].run + s->value;
			continue;
		}
		if (!*name) {
			lp_err(p->name, "symbol %u is undefined and has no name", i);
			return -EINVAL;
		}
		rc = lp_lookup_symbol(p->name, name, &elf->sym_run[i], NULL, &owner);
		/*
		 * An undefined weak reference is not bound to 0: Xen refuses it,
		 * and a payload must not run a different path here than it did
		 * when tested on Xen.
		 */
		if (rc == -ENOENT)
			lp_err(p->name, "unresolved %ssymbol %s",
			       LP_ST_BIND(s->info) == LP_STB_WEAK ? "weak " : "", name);
		if (!rc && owner)
			rc = note_use(p, owner);
		if (rc)
			return rc;
	}
	return 0;
}

static bool is_replacement(const struct hv_payload *p, uint64_t addr)
{
	for (uint32_t i = 0; i < p->nfuncs; i++)
		if (p->funcs[i].new_addr == addr)
			return true;
	return false;
}

/*
 * A non-local definition named like a hypervisor symbol is refused, as in
 * Xen, unless it is the replacement of a patched function (build tools
 * name the new code like the old): callers linked by name would otherwise
 * get one or the other depending on who resolves them.
 */
static int check_shadowing(const struct hv_payload *p, const struct lp_sym *d)
{
	if (!lp_symtab_lookup(lp_host_symtab(), d->name, NULL) || is_replacement(p, d->addr))
		return 0;
	lp_err(p->name, "global %s has the name of a hypervisor symbol and replaces no function",
	       d->name);
	return -EEXIST;
}

/*
 * Keep every defined function and object (names copied: the ELF buffer
 * goes away) for backtraces, and index the exported subset: non-local
 * definitions the hypervisor does not already have.
 */
int lp_collect_symbols(struct hv_payload *p, const struct lp_elf *elf)
{
	size_t names_len = 0;
	uint32_t n = 0, nexp = 0;
	char *cursor;
	int rc;

	for (uint32_t i = 1; i < elf->nsyms; i++) {
		const struct lp_esym *s = &elf->syms[i];

		if (!is_defined_in_alloc(elf, s) || !is_named_object(s) || !elf->strtab[s->name])
			continue;
		n++;
		names_len += strlen(elf->strtab + s->name) + 1;
	}
	p->syms = lp_host_zalloc(sizeof(*p->syms) * (n ? n : 1));
	p->exports = lp_host_zalloc(sizeof(*p->exports) * (n ? n : 1));
	p->sym_names = lp_host_zalloc(names_len ? names_len : 1);
	if (!p->syms || !p->exports || !p->sym_names)
		return -ENOMEM;

	cursor = p->sym_names;
	for (uint32_t i = 1; i < elf->nsyms; i++) {
		const struct lp_esym *s = &elf->syms[i];
		struct lp_sym *d;
		size_t len;

		if (!is_defined_in_alloc(elf, s) || !is_named_object(s) || !elf->strtab[s->name])
			continue;
		len = strlen(elf->strtab + s->name) + 1;
		memcpy(cursor, elf->strtab + s->name, len);
		d = &p->syms[p->nsyms++];
		d->name = cursor;
		d->addr = elf->sym_run[i];
		d->size = s->size;
		d->is_func = LP_ST_TYPE(s->info) == LP_STT_FUNC;
		d->is_local = LP_ST_BIND(s->info) == LP_STB_LOCAL;
		cursor += len;
		if (d->is_local)
			continue;
		rc = check_shadowing(p, d);
		if (rc)
			return rc;
		if (!lp_symtab_lookup(lp_host_symtab(), d->name, NULL))
			p->exports[nexp++] = *d;
	}
	p->nexports = nexp;
	rc = lp_symtab_build(&p->symtab, p->syms, p->nsyms);
	if (!rc)
		rc = lp_symtab_build(&p->exptab, p->exports, p->nexports);
	/* A payload exporting one name twice is broken on its own. */
	for (uint32_t i = 0; !rc && i < p->nexports; i++) {
		bool dup;

		lp_symtab_lookup(&p->exptab, p->exports[i].name, &dup);
		if (dup) {
			lp_err(p->name, "exports %s twice", p->exports[i].name);
			rc = -EEXIST;
		}
	}
	return rc;
}

/* A new global may not shadow one an applied payload (`provider`) introduced. */
int lp_check_export_clash(const struct hv_payload *p, const struct hv_payload *provider)
{
	for (uint32_t i = 0; i < p->nexports; i++) {
		if (!lp_symtab_lookup(&provider->exptab, p->exports[i].name, NULL))
			continue;
		lp_err(p->name, "new symbol %s is already provided by applied payload %s (replace it instead)",
		       p->exports[i].name, provider->name);
		return -EEXIST;
	}
	return 0;
}
