/*
 * .livepatch.hooks.*: function pointers the payload wants called around
 * its actions (semantics in include/public/livepatch.h). Every pointer must
 * land in the payload's own text; a hook elsewhere is refused at upload.
 */
#include "payload.h"

static bool in_payload_text(const struct hv_payload *p, uint64_t addr)
{
	return addr >= p->text_run && addr - p->text_run < p->text_size;
}

/* An array of pointers: load and unload hooks. */
static int read_array(struct hv_payload *p, const struct lp_elf *elf, const char *which,
		      void *const **out, uint32_t *n)
{
	char secname[40];
	const struct lp_sec *s;
	const uint64_t *ptr;

	strcpy(secname, LIVEPATCH_SEC_HOOKS);
	strcat(secname, which);
	s = lp_elf_find(elf, secname);
	if (!s)
		return 0;
	if (!s->write || s->sh->size % 8 || (uintptr_t)s->write % 8) {
		lp_err(p->name, "%s: %llu bytes is not an allocated array of pointers", secname,
		       (unsigned long long)s->sh->size);
		return -EINVAL;
	}
	ptr = (const void *)s->write;
	for (uint64_t i = 0; i < s->sh->size / 8; i++) {
		if (!in_payload_text(p, ptr[i])) {
			lp_err(p->name, "%s[%llu]: %#llx is not in the payload's text", secname,
			       (unsigned long long)i, (unsigned long long)ptr[i]);
			return -EINVAL;
		}
	}
	*out = (void *const *)ptr;
	*n = (uint32_t)(s->sh->size / 8);
	return 0;
}

/* A single optional pointer: the pre/action/post hooks. */
static int read_one(struct hv_payload *p, const struct lp_elf *elf, const char *which,
		    uint64_t *out)
{
	void *const *arr = NULL;
	uint32_t n = 0;
	int rc = read_array(p, elf, which, &arr, &n);

	if (rc || !arr)
		return rc;
	if (n != 1) {
		lp_err(p->name, "%s%s: holds %u pointers, exactly one allowed", LIVEPATCH_SEC_HOOKS,
		       which, n);
		return -EINVAL;
	}
	*out = (uint64_t)(uintptr_t)arr[0];
	return 0;
}

int lp_read_hooks(struct hv_payload *p, const struct lp_elf *elf)
{
	struct lp_hooks *h = &p->hooks;
	uint64_t pre_a = 0, act_a = 0, post_a = 0, pre_r = 0, act_r = 0, post_r = 0;
	int rc;

	rc = read_array(p, elf, "load", (void *const **)&h->load, &h->nload);
	if (!rc)
		rc = read_array(p, elf, "unload", (void *const **)&h->unload, &h->nunload);
	if (!rc)
		rc = read_one(p, elf, "preapply", &pre_a);
	if (!rc)
		rc = read_one(p, elf, "apply", &act_a);
	if (!rc)
		rc = read_one(p, elf, "postapply", &post_a);
	if (!rc)
		rc = read_one(p, elf, "prerevert", &pre_r);
	if (!rc)
		rc = read_one(p, elf, "revert", &act_r);
	if (!rc)
		rc = read_one(p, elf, "postrevert", &post_r);
	if (rc)
		return rc;
	/* As Xen: functions, hooks or both, but something to do (runs after lp_read_funcs). */
	if (!p->nfuncs && !h->nload && !h->nunload && !pre_a && !act_a && !post_a && !pre_r &&
	    !act_r && !post_r) {
		lp_err(p->name, "no %s and no hooks: nothing to patch", LIVEPATCH_SEC_FUNCS);
		return -ENODATA;
	}
	h->preapply = (livepatch_precall_t *)(uintptr_t)pre_a;
	h->apply = (livepatch_actioncall_t *)(uintptr_t)act_a;
	h->postapply = (livepatch_postcall_t *)(uintptr_t)post_a;
	h->prerevert = (livepatch_precall_t *)(uintptr_t)pre_r;
	h->revert = (livepatch_actioncall_t *)(uintptr_t)act_r;
	h->postrevert = (livepatch_postcall_t *)(uintptr_t)post_r;
	return 0;
}

/*
 * A hook's failure as an action's result and the payload's rc. rc reads
 * -EAGAIN while an action is in progress (that is what GET callers poll
 * for), so a hook's -EAGAIN, a natural "not now", would make the payload
 * look busy for good; a positive value is no errno at all; and
 * -ENOTRECOVERABLE is the core's own "REPLACE could not be rolled back".
 * All three become -ECANCELED. Used for pre hooks' vetoes and action
 * hooks' failures alike.
 */
int lp_hook_errno(int rc)
{
	return (rc > 0 || rc == -EAGAIN || rc == -ENOTRECOVERABLE) ? -ECANCELED : rc;
}
