/*
 * The state machine (DESIGN-BRIEF section 5): which action is allowed from
 * which state, checked when the action is requested. Everything that can
 * refuse an action refuses it here, before any CPU is stopped; the engine
 * then only carries out what was accepted.
 */
#include <stddef.h>
#include "payload.h"
#include "livepatch.h"

#ifndef LP_DEFAULT_TIMEOUT_NS
#define LP_DEFAULT_TIMEOUT_NS (30ull * 1000 * 1000)
#endif
#define LP_MAX_TIMEOUT_NS (60ull * 1000 * 1000 * 1000)

static bool has_vetoing_hooks(const struct hv_payload *p)
{
	return p->hooks.preapply || p->hooks.postapply || p->hooks.prerevert ||
	       p->hooks.postrevert;
}

static int check_export_clash(const struct hv_payload *p)
{
	for (const struct hv_payload *q = lp_applied_top; q; q = q->applied_prev) {
		int rc = lp_check_export_clash(p, q);

		if (rc)
			return rc;
	}
	return 0;
}

/*
 * A pre hook's veto is the action's result and, as in Xen, the payload's rc,
 * mapped by lp_hook_errno (-EAGAIN and positive values become -ECANCELED).
 */
static int veto(struct hv_payload *p, const char *hook, const char *action, int rc)
{
	int err = lp_hook_errno(rc);

	if (err == rc)
		lp_err(p->name, "%s hook vetoed the %s: %d (%s)", hook, action, rc, lp_errno_name(rc));
	else
		lp_err(p->name, "%s hook vetoed the %s: %d (%s), reported as %d (%s): not a usable errno",
		       hook, action, rc, lp_errno_name(rc), err, lp_errno_name(err));
	p->rc = err;
	return err;
}

static void free_after_grace(struct lp_grace *g)
{
	struct hv_payload *p = (struct hv_payload *)((char *)g - offsetof(struct hv_payload, grace));

	lp_info(p->name, "memory reclaimed after grace period %llu", (unsigned long long)g->seq);
	lp_payload_free(p);
}

static int unload(struct hv_payload *p)
{
	struct hv_payload **pp = &lp_payloads;

	if (p->state != LIVEPATCH_STATE_CHECKED) {
		lp_err(p->name, "cannot unload: applied (revert it first)");
		return -EINVAL;
	}
	for (const struct hv_payload *q = lp_payloads; q; q = q->next) {
		for (uint32_t i = 0; q != p && i < q->nfuncs; i++) {
			if (q->funcs[i].old_addr >= p->text_run &&
			    q->funcs[i].old_addr < p->text_run + p->text_size) {
				lp_err(p->name, "cannot unload: %s patches its function %s", q->name,
				       q->funcs[i].name);
				return -EBUSY;
			}
		}
		for (uint32_t i = 0; q != p && i < q->nuses; i++) {
			if (q->uses[i] == p) {
				lp_err(p->name, "cannot unload: %s was linked against its symbols (unload that first)",
				       q->name);
				return -EBUSY;
			}
		}
	}
	while (*pp != p)
		pp = &(*pp)->next;
	*pp = p->next;
	lp_payload_version++;
	lp_info(p->name, "unloaded%s", p->may_have_run ? " (its code pages are retired, never reused)" : "");
	/* Unlinked: a trap on another CPU may still be reading it. */
	lp_host_after_grace(&p->grace, free_after_grace);
	return 0;
}

static int refused_by(const char **rule, const char *name, int rc)
{
	if (rule)
		*rule = name;
	return rc;
}

/*
 * Every rule APPLY verifies before any payload code runs, against the
 * registry as it is (caller holds lp_lock). lp_action() and `hvpatch
 * check` both call this one function; *rule, when asked for, names the
 * rule that refused.
 */
int lp_check_apply(const struct hv_payload *p, uint32_t flags, const char **rule)
{
	int rc;

	if (p->state != LIVEPATCH_STATE_CHECKED) {
		lp_err(p->name, "cannot apply: already applied");
		return refused_by(rule, "state", -EINVAL);
	}
	if (p->reverted && !p->safe_to_reapply) {
		lp_err(p->name, "cannot re-apply after revert: its .data/.bss is no longer pristine (unload and upload it again)");
		return refused_by(rule, "re-apply", -ESTALE);
	}
	if (!(flags & LIVEPATCH_ACTION_APPLY_NODEPS)) {
		rc = lp_check_depends(p, lp_applied_top);
		if (rc)
			return refused_by(rule, "depends", rc);
	}
	rc = check_export_clash(p);
	if (rc)
		return refused_by(rule, "new symbols", rc);
	rc = lp_check_old_code(p, false);
	if (rc)
		return refused_by(rule, "old code", rc);
	return 0;
}

static int check_apply(struct hv_payload *p, uint32_t flags)
{
	int rc = lp_check_apply(p, flags, NULL);

	if (!rc && p->hooks.preapply) {
		lp_info(p->name, "calling pre-apply hook");
		lp_mark_may_run(p);
		rc = p->hooks.preapply(p);
		if (rc)
			rc = veto(p, "pre-apply", "apply", rc);
	}
	return rc;
}

static int check_revert(struct hv_payload *p)
{
	int rc = 0;

	if (p->state != LIVEPATCH_STATE_APPLIED) {
		lp_err(p->name, "cannot revert: not applied");
		return -EINVAL;
	}
	if (p != lp_applied_top) {
		lp_err(p->name, "cannot revert: %s is applied on top of it (revert that first)",
		       lp_applied_top->name);
		return -ENOTEMPTY;
	}
	if (p->hooks.prerevert) {
		lp_info(p->name, "calling pre-revert hook");
		lp_mark_may_run(p);
		rc = p->hooks.prerevert(p);
		if (rc)
			rc = veto(p, "pre-revert", "revert", rc);
	}
	return rc;
}

static int check_replace(struct hv_payload *p)
{
	int rc;

	if (p->state != LIVEPATCH_STATE_CHECKED) {
		lp_err(p->name, "cannot replace with it: already applied");
		return -EINVAL;
	}
	if (p->reverted && !p->safe_to_reapply) {
		lp_err(p->name, "cannot re-apply after revert: its .data/.bss is no longer pristine (unload and upload it again)");
		return -ESTALE;
	}
	/* It replaces the whole stack, so it sits directly on the hypervisor. */
	rc = lp_check_depends(p, NULL);
	if (rc)
		return rc;
	/*
	 * Vetoing hooks come in pairs that mutate and restore state; which of
	 * them would have to run, in what order, when a stack is swapped is not
	 * knowable here, so REPLACE refuses them as Xen does.
	 */
	if (has_vetoing_hooks(p)) {
		lp_err(p->name, "REPLACE is not supported for payloads with pre/post hooks");
		return -EOPNOTSUPP;
	}
	for (const struct hv_payload *q = lp_applied_top; q; q = q->applied_prev) {
		if (has_vetoing_hooks(q)) {
			lp_err(p->name, "REPLACE is not supported: applied payload %s has pre/post hooks",
			       q->name);
			return -EOPNOTSUPP;
		}
	}
	return lp_check_old_code(p, true);
}

int lp_action(const char *name, uint32_t cmd, uint64_t timeout_ns, uint32_t flags)
{
	struct hv_payload *p;
	int rc;

	if (flags & ~LIVEPATCH_ACTION_APPLY_NODEPS) {
		lp_err(name ? name : "?", "unknown action flags %#x", flags);
		return -EINVAL;
	}
	if (timeout_ns > LP_MAX_TIMEOUT_NS) {
		lp_err(name ? name : "?", "timeout %llu ns exceeds the %llu ns limit",
		       (unsigned long long)timeout_ns, LP_MAX_TIMEOUT_NS);
		return -EINVAL;
	}
	lp_lock();
	p = name ? lp_find(name) : NULL;
	if (!p) {
		lp_unlock();
		lp_err(name ? name : "?", "no such payload");
		return -ENOENT;
	}
	if (lp_engine_busy()) {
		lp_unlock();
		lp_err(name, "another action is still in progress");
		return -EBUSY;
	}
	switch (cmd) {
	case LIVEPATCH_ACTION_UNLOAD:
		rc = unload(p);
		lp_unlock();
		return rc;
	case LIVEPATCH_ACTION_APPLY:
		rc = check_apply(p, flags);
		break;
	case LIVEPATCH_ACTION_REVERT:
		rc = check_revert(p);
		break;
	case LIVEPATCH_ACTION_REPLACE:
		rc = check_replace(p);
		break;
	default:
		lp_err(name, "unknown action %u", cmd);
		rc = -EOPNOTSUPP;
		break;
	}
	if (rc) {
		lp_unlock();
		return rc;
	}
	rc = lp_engine_schedule(p, cmd, timeout_ns ? timeout_ns : LP_DEFAULT_TIMEOUT_NS);
	lp_unlock();
	if (!rc)
		lp_host_kick_cpus();
	return rc;
}
