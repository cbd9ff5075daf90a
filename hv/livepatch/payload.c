/*
 * The payload registry and the upload pipeline: an untrusted buffer goes
 * through validation, placement, resolution, relocation and the .livepatch
 * sections in that order; any failure frees everything and leaves the
 * registry as it was.
 */
#include "payload.h"
#include "livepatch.h"

#define LP_MAX_PAYLOAD_BYTES (64u << 20)

struct hv_payload *lp_payloads;
struct hv_payload *lp_applied_top;
uint32_t lp_payload_version = 1;

static volatile uint32_t registry_lock;

void lp_lock(void)
{
	while (__atomic_exchange_n(&registry_lock, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&registry_lock, __ATOMIC_RELAXED))
			lp_host_cpu_relax();
}

void lp_unlock(void)
{
	__atomic_store_n(&registry_lock, 0, __ATOMIC_RELEASE);
}

void lp_log(enum lp_log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lp_host_vlog(level, fmt, ap);
	va_end(ap);
}

struct hv_payload *lp_find(const char *name)
{
	for (struct hv_payload *p = lp_payloads; p; p = p->next)
		if (!strcmp(p->name, name))
			return p;
	return NULL;
}

int lp_check_name(const char *name)
{
	size_t n = name ? strnlen(name, LIVEPATCH_NAME_SIZE) : 0;

	if (n == 0) {
		lp_log(LP_LOG_ERR, "livepatch: payload name is empty\n");
		return -EINVAL;
	}
	if (n == LIVEPATCH_NAME_SIZE) {
		lp_log(LP_LOG_ERR, "livepatch: payload name longer than %u bytes\n",
		       LIVEPATCH_NAME_SIZE - 1);
		return -ENAMETOOLONG;
	}
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '.')) {
			lp_log(LP_LOG_ERR, "livepatch: payload name has character %#x at %zu (allowed: A-Z a-z 0-9 _ - .)\n",
			       (unsigned char)c, i);
			return -EINVAL;
		}
	}
	return 0;
}

void lp_payload_free(struct hv_payload *p)
{
	if (!p)
		return;
	lp_symtab_destroy(&p->symtab);
	lp_symtab_destroy(&p->exptab);
	lp_host_free(p->syms);
	lp_host_free(p->exports);
	lp_host_free(p->sym_names);
	lp_host_free(p->funcs);
	lp_host_free(p->metadata);
	lp_host_free(p->uses);
	if (p->mem.size) {
		/* Code that ever ran may still be referenced: never reuse it (seed 000). */
		if (p->may_have_run)
			lp_host_mem_retire(&p->mem);
		else
			lp_host_mem_free(&p->mem);
	}
	lp_host_free(p);
}

static int load(struct hv_payload *p, struct lp_elf *elf)
{
	int rc = lp_check_unsupported_sections(p, elf);

	if (!rc)
		rc = lp_read_build_ids(p, elf);
	if (!rc)
		rc = lp_layout(p, elf);
	if (!rc)
		rc = lp_resolve(p, elf);
	if (!rc)
		rc = lp_relocate(p, elf);
	if (!rc)
		rc = lp_read_funcs(p, elf);
	if (!rc)
		rc = lp_read_hooks(p, elf);
	if (!rc)
		rc = lp_read_metadata(p, elf);
	if (!rc)
		rc = lp_collect_symbols(p, elf);
	if (!rc)
		rc = lp_protect(p);
	return rc;
}

static void append(struct hv_payload *p)
{
	struct hv_payload **tail = &lp_payloads;

	while (*tail)
		tail = &(*tail)->next;
	*tail = p;
	lp_payload_version++;
}

int lp_upload(const char *name, const void *buf, size_t len)
{
	struct hv_payload *p;
	struct lp_elf elf;
	void *copy;
	int rc = lp_check_name(name);

	if (rc)
		return rc;
	if (!buf || len == 0 || len > LP_MAX_PAYLOAD_BYTES) {
		lp_err(name, "payload size %zu not in 1..%u bytes", len, LP_MAX_PAYLOAD_BYTES);
		return len > LP_MAX_PAYLOAD_BYTES ? -E2BIG : -EINVAL;
	}
	/* Aligned private copy: the source may be unaligned or change under us. */
	copy = lp_host_zalloc(len);
	p = lp_host_zalloc(sizeof(*p));
	if (!copy || !p) {
		lp_host_free(copy);
		lp_host_free(p);
		return -ENOMEM;
	}
	memcpy(copy, buf, len);
	strcpy(p->name, name);

	lp_lock();
	if (lp_find(name)) {
		lp_err(name, "a payload of this name is already loaded");
		rc = -EEXIST;
	} else {
		rc = lp_elf_parse(&elf, p->name, copy, len);
		if (!rc) {
			rc = load(p, &elf);
			lp_elf_release(&elf);
		}
	}
	if (!rc) {
		char id[2 * LP_BUILD_ID_MAX + 1];

		p->state = LIVEPATCH_STATE_CHECKED;
		p->rc = 0;
		append(p);
		lp_format_build_id(&p->id, id, sizeof(id));
		lp_info(p->name, "loaded %u function(s), %llu bytes of text at %#llx, %u relocations, build-id %s",
			p->nfuncs, (unsigned long long)p->text_size, (unsigned long long)p->text_run,
			p->nrelocs, id);
	}
	lp_unlock();
	if (rc) {
		lp_err(name, "upload failed: %d (%s); nothing loaded", rc, lp_errno_name(rc));
		lp_payload_free(p);
	}
	lp_host_free(copy);
	return rc;
}

int lp_get(const char *name, struct hv_livepatch_status *st)
{
	struct hv_payload *p;
	int rc = -ENOENT;

	lp_lock();
	p = lp_find(name);
	if (p) {
		st->state = p->state;
		st->rc = p->rc;
		rc = 0;
	}
	lp_unlock();
	return rc;
}

int lp_list(uint32_t idx, struct lp_list_entry *out, uint32_t max, uint32_t *total,
	    uint32_t *version)
{
	uint32_t i = 0, n = 0;

	lp_lock();
	for (struct hv_payload *p = lp_payloads; p; p = p->next, i++) {
		if (i < idx || n >= max)
			continue;
		strcpy(out[n].name, p->name);
		out[n].status.state = p->state;
		out[n].status.rc = p->rc;
		out[n].metadata = p->metadata;
		out[n].metadata_len = p->metadata_len;
		n++;
	}
	*total = i;
	*version = lp_payload_version;
	lp_unlock();
	return (int)n;
}

int lp_list_each(uint32_t idx, lp_list_fn *fn, void *ctx, uint32_t *total, uint32_t *version)
{
	struct lp_list_entry e;
	uint32_t i = 0, n = 0;
	int rc = 0;

	lp_lock();
	for (struct hv_payload *p = lp_payloads; p; p = p->next, i++) {
		if (i < idx || rc)
			continue;
		strcpy(e.name, p->name);
		e.status.state = p->state;
		e.status.rc = p->rc;
		e.metadata = p->metadata;
		e.metadata_len = p->metadata_len;
		rc = fn(&e, n, ctx);
		if (!rc)
			n++;
	}
	*total = i;
	*version = lp_payload_version;
	lp_unlock();
	return rc < 0 ? rc : (int)n;
}

int lp_payload_info(const char *name, struct lp_payload_info *info)
{
	struct hv_payload *p;

	lp_lock();
	p = lp_find(name);
	if (!p) {
		lp_unlock();
		return -ENOENT;
	}
	memset(info, 0, sizeof(*info));
	info->state = p->state;
	info->rc = p->rc;
	info->nfuncs = p->nfuncs;
	info->nrelocs = p->nrelocs;
	info->nsyms = p->nsyms;
	info->nexports = p->nexports;
	info->text_run = p->text_run;
	info->text_size = p->text_size;
	info->ro_size = p->ro_len;
	info->rw_size = p->rw_len;
	info->ro_run = p->mem.run + p->ro_off;
	info->rw_run = p->mem.run + p->rw_off;
	info->safe_to_reapply = p->safe_to_reapply;
	info->reverted = p->reverted;
	info->may_have_run = p->may_have_run;
	info->has_hooks = p->hooks.nload || p->hooks.nunload || p->hooks.preapply ||
			  p->hooks.apply || p->hooks.postapply || p->hooks.prerevert ||
			  p->hooks.revert || p->hooks.postrevert;
	lp_format_build_id(&p->id, info->build_id, sizeof(info->build_id));
	lp_format_build_id(&p->dep, info->depends, sizeof(info->depends));
	lp_format_build_id(&p->hv_dep, info->hv_depends, sizeof(info->hv_depends));
	info->metadata = p->metadata;
	info->metadata_len = p->metadata_len;
	lp_unlock();
	return 0;
}

int lp_func_info(const char *name, uint32_t idx, struct lp_func_info *info)
{
	struct hv_payload *p;
	int rc = -ENOENT;

	lp_lock();
	p = lp_find(name);
	if (p && idx < p->nfuncs) {
		const struct lp_func *f = &p->funcs[idx];

		info->name = f->name;
		info->old_addr = f->old_addr;
		info->new_addr = f->new_addr;
		info->old_size = f->old_size;
		info->new_size = f->new_size;
		info->applied = f->applied;
		info->nop = !f->new_addr;
		info->has_expectation = f->desc->expect.enabled;
		info->has_hash = f->has_hash;
		rc = 0;
	} else if (p) {
		rc = -ERANGE;
	}
	lp_unlock();
	return rc;
}

/*
 * Called from trap handlers: no lock (the trapping CPU may hold it), and
 * payloads are only unlinked while every CPU is out of the hypervisor's
 * payload-walking paths.
 */
const char *lp_symbol_by_addr(uint64_t addr, uint64_t *offset, uint64_t *size,
			      const char **payload)
{
	for (struct hv_payload *p = lp_payloads; p; p = p->next) {
		const struct lp_sym *s;

		if (addr < p->mem.run || addr - p->mem.run >= p->mem.size)
			continue;
		s = lp_symtab_by_addr(&p->symtab, addr);
		if (!s)
			return NULL;
		*offset = addr - s->addr;
		*size = s->size;
		*payload = p->name;
		return s->name;
	}
	return NULL;
}

int lp_init(void)
{
	return lp_host_symtab() ? 0 : -ENOENT;
}

void lp_reset(void)
{
	lp_lock();
	lp_engine_reset();
	while (lp_payloads) {
		struct hv_payload *p = lp_payloads;

		lp_payloads = p->next;
		lp_payload_free(p);
	}
	lp_unlock();
}
