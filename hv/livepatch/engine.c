/*
 * The patch engine: a stop-machine rendezvous reached from each CPU's
 * softirq path, then the text writes on one CPU while the others wait with
 * interrupts off.
 *
 * Every shared word of the rendezvous carries the action's generation in
 * its top half. A CPU that is late for one action (it saw the work flag,
 * then was delayed) can then never count itself into the next one: its
 * increments fail and its waits end as soon as the generation moves on.
 */
#include "payload.h"
#include "livepatch.h"

#define LP_MAX_CPUS 256

enum phase { PH_GATHER = 1, PH_HOLD, PH_DONE, PH_ABORT };

static struct {
	volatile uint32_t do_work;
	volatile uint32_t gen;
	volatile uint64_t master;    /* gen:cpu+1 */
	volatile uint64_t arrived;   /* gen:count of other CPUs in */
	volatile uint64_t held;      /* gen:count of other CPUs with IRQs off */
	volatile uint64_t phase;     /* gen:enum phase */
	struct hv_payload *p;
	uint32_t cmd;
	uint64_t timeout_ns;
	uint64_t requested_ns;       /* when lp_action() scheduled it */
	bool busy;                   /* scheduled, until its rc is recorded */
} work;

static uint32_t seen_gen[LP_MAX_CPUS];
static struct lp_blackout last_blackout;

static uint64_t word(uint32_t gen, uint32_t low)
{
	return ((uint64_t)gen << 32) | low;
}

static uint32_t count_of(volatile uint64_t *w, uint32_t gen)
{
	uint64_t v = __atomic_load_n(w, __ATOMIC_ACQUIRE);

	return (uint32_t)(v >> 32) == gen ? (uint32_t)v : 0;
}

static bool inc_if_gen(volatile uint64_t *w, uint32_t gen)
{
	uint64_t v = __atomic_load_n(w, __ATOMIC_ACQUIRE);

	do {
		if ((uint32_t)(v >> 32) != gen)
			return false;
	} while (!__atomic_compare_exchange_n(w, &v, v + 1, false, __ATOMIC_ACQ_REL,
					      __ATOMIC_ACQUIRE));
	return true;
}

static enum phase phase_of(uint32_t gen)
{
	uint64_t v = __atomic_load_n(&work.phase, __ATOMIC_ACQUIRE);

	return (uint32_t)(v >> 32) == gen ? (enum phase)(uint32_t)v : PH_ABORT;
}

static void set_phase(uint32_t gen, enum phase ph)
{
	__atomic_store_n(&work.phase, word(gen, ph), __ATOMIC_RELEASE);
}

bool lp_work_pending(void)
{
	return __atomic_load_n(&work.do_work, __ATOMIC_ACQUIRE);
}

/*
 * From scheduling until the result is recorded, post hooks included: the
 * engine's own state, never a payload's rc (which payload code can set).
 * Caller holds lp_lock.
 */
bool lp_engine_busy(void)
{
	return work.busy;
}

/* Caller holds lp_lock and has checked nothing is pending. */
int lp_engine_schedule(struct hv_payload *p, uint32_t cmd, uint64_t timeout_ns)
{
	uint32_t gen = work.gen + 1;

	if (lp_host_nr_cpus() > LP_MAX_CPUS) {
		lp_err(p->name, "%u CPUs, the engine handles at most %u", lp_host_nr_cpus(), LP_MAX_CPUS);
		return -E2BIG;
	}
	if (gen == 0)
		gen = 1;
	work.p = p;
	work.cmd = cmd;
	work.timeout_ns = timeout_ns;
	work.requested_ns = lp_host_now_ns();
	work.busy = true;
	p->rc = -EAGAIN;
	work.master = word(gen, 0);
	work.arrived = word(gen, 0);
	work.held = word(gen, 0);
	work.phase = word(gen, PH_GATHER);
	/* gen last: a CPU that reads the new gen sees every word above. */
	__atomic_store_n(&work.gen, gen, __ATOMIC_RELEASE);
	__atomic_store_n(&work.do_work, 1, __ATOMIC_RELEASE);
	return 0;
}

/* ---- text writes, run by the master with every CPU held ---- */

static void unpatch_funcs(struct hv_payload *p, uint32_t upto)
{
	for (uint32_t i = upto; i-- > 0;) {
		struct lp_func *f = &p->funcs[i];

		if (f->applied && !lp_host_text_write(f->old_addr, f->saved, f->patch_len))
			f->applied = false;
	}
}

/* Default apply; an apply action hook may call it too. */
int lp_payload_apply_funcs(struct hv_payload *p)
{
	if (p->hooks.nload)
		lp_mark_may_run(p);
	for (uint32_t i = 0; i < p->hooks.nload; i++)
		p->hooks.load[i]();
	for (uint32_t i = 0; i < p->nfuncs; i++) {
		struct lp_func *f = &p->funcs[i];
		int rc;

		/* A hook calling this twice must not save our own jump as the original. */
		if (f->applied)
			continue;
		rc = lp_host_text_read(f->old_addr, f->saved, f->patch_len);
		if (!rc)
			rc = lp_host_text_write(f->old_addr, f->insn, f->patch_len);
		if (rc) {
			lp_err(p->name, "%s: writing %u bytes at %#llx failed: %d (%s); rolling back",
			       f->name, f->patch_len, (unsigned long long)f->old_addr, rc,
			       lp_errno_name(rc));
			unpatch_funcs(p, i);
			return rc;
		}
		f->applied = true;
	}
	return 0;
}

/* Default revert; a revert action hook may call it too. */
int lp_payload_revert_funcs(struct hv_payload *p)
{
	for (uint32_t i = p->nfuncs; i-- > 0;) {
		struct lp_func *f = &p->funcs[i];
		int rc;

		if (!f->applied)
			continue;
		rc = lp_host_text_write(f->old_addr, f->saved, f->patch_len);
		if (rc) {
			lp_err(p->name, "%s: restoring %u bytes at %#llx failed: %d (%s)", f->name,
			       f->patch_len, (unsigned long long)f->old_addr, rc, lp_errno_name(rc));
			return rc;
		}
		f->applied = false;
	}
	for (uint32_t i = 0; i < p->hooks.nunload; i++)
		p->hooks.unload[i]();
	return 0;
}

/*
 * Its code is about to be called, or may be from now on (applied): and so
 * may the code of every payload it was linked against (its relocations
 * call into their pages even while they are merely loaded). None of them
 * may ever have its pages reused (seed 000): code that ran can be on a
 * stack or in a saved pointer. Called before every hook, whatever the
 * hook or the action's outcome. `uses` only names payloads uploaded
 * earlier: no cycles.
 */
void lp_mark_may_run(struct hv_payload *p)
{
	if (p->may_have_run)
		return;
	p->may_have_run = true;
	for (uint32_t i = 0; i < p->nuses; i++)
		lp_mark_may_run(p->uses[i]);
}

static void mark_applied(struct hv_payload *p)
{
	p->state = LIVEPATCH_STATE_APPLIED;
	lp_mark_may_run(p);
	p->applied_prev = lp_applied_top;
	lp_applied_top = p;
}

/*
 * `hvpatch check` only: leave the registry as a successful default APPLY
 * would (functions applied over the bytes live now, the payload on top of
 * the stack), without writing text or calling any of its code, so later
 * payloads are resolved and checked against it as the hypervisor would.
 */
int lp_assume_applied(struct hv_payload *p)
{
	for (uint32_t i = 0; i < p->nfuncs; i++) {
		struct lp_func *f = &p->funcs[i];
		int rc = lp_host_text_read(f->old_addr, f->saved, f->patch_len);

		if (rc)
			return rc;
	}
	for (uint32_t i = 0; i < p->nfuncs; i++)
		p->funcs[i].applied = true;
	mark_applied(p);
	return 0;
}

static void mark_reverted(struct hv_payload *p)
{
	p->state = LIVEPATCH_STATE_CHECKED;
	p->reverted = true;
	lp_applied_top = p->applied_prev;
	p->applied_prev = NULL;
}

/*
 * A failed action must leave the text as it found it ("nothing changed"),
 * whatever an action hook did before it failed: a function left patched by
 * a payload still CHECKED would run code that can be unloaded, and a
 * payload re-applied on top (REPLACE's rollback) would save that jump as
 * the "original" bytes.
 */
static void repatch_funcs(struct hv_payload *p)
{
	for (uint32_t i = 0; i < p->nfuncs; i++) {
		struct lp_func *f = &p->funcs[i];

		if (!f->applied && !lp_host_text_write(f->old_addr, f->insn, f->patch_len))
			f->applied = true;
	}
}

/*
 * An action hook's failure as the action's result. The payload's rc reads
 * -EAGAIN while an action is in progress, so a hook's -EAGAIN must not be
 * recorded as it is, and a positive value is no errno: mapped as a pre
 * hook's veto is (lp_hook_errno).
 */
static int action_hook_failure(const struct hv_payload *p, const char *hook, int rc)
{
	int err = lp_hook_errno(rc);

	if (err != rc)
		lp_err(p->name, "%s action hook's %d (%s) reported as %d (%s): not a usable errno", hook,
		       rc, lp_errno_name(rc), err, lp_errno_name(err));
	return err;
}

static int apply_one(struct hv_payload *p)
{
	int rc;

	if (p->hooks.apply) {
		lp_info(p->name, "calling apply action hook");
		lp_mark_may_run(p);
		rc = p->hooks.apply(p);
		if (rc) {
			lp_err(p->name, "apply action hook failed: %d (%s); unpatching what it patched",
			       rc, lp_errno_name(rc));
			unpatch_funcs(p, p->nfuncs);
			rc = action_hook_failure(p, "apply", rc);
		}
	} else {
		rc = lp_payload_apply_funcs(p);
	}
	if (!rc)
		mark_applied(p);
	return rc;
}

static int revert_top(void)
{
	struct hv_payload *p = lp_applied_top;
	int rc;

	if (p->hooks.revert) {
		lp_info(p->name, "calling revert action hook");
		lp_mark_may_run(p);
		rc = p->hooks.revert(p);
		if (rc) {
			lp_err(p->name, "revert action hook failed: %d (%s); repatching what it unpatched",
			       rc, lp_errno_name(rc));
			repatch_funcs(p);
			rc = action_hook_failure(p, "revert", rc);
		}
	} else {
		rc = lp_payload_revert_funcs(p);
		/* It restored the functions after the one that failed: patch them again. */
		if (rc)
			repatch_funcs(p);
	}
	if (!rc)
		mark_reverted(p);
	return rc;
}

/*
 * A failed REPLACE re-applies what it reverted, bottom first. `reverted`
 * stays set on each: they were reverted (their unload hooks ran, their
 * .data/.bss may have changed), and it gates re-apply (-ESTALE). When one
 * cannot be re-applied, it and every payload above it (whose depends name
 * it) stay reverted and the action reports -ENOTRECOVERABLE: the applied
 * stack changed, and the log says exactly how.
 */
static int roll_back(const struct hv_payload *p, struct hv_payload *const *undone, uint32_t n,
		     int why)
{
	while (n-- > 0) {
		struct hv_payload *q = undone[n];
		int rc = apply_one(q);

		if (!rc)
			continue;
		q->rc = rc;
		lp_err(p->name, "replace rollback: could not re-apply %s (%d); it stays reverted", q->name,
		       rc);
		while (n-- > 0)
			lp_err(p->name, "replace rollback: %s stays reverted (it was applied on %s)",
			       undone[n]->name, q->name);
		if (lp_applied_top)
			lp_err(p->name, "replace rollback: %s is now the top of the applied stack",
			       lp_applied_top->name);
		else
			lp_err(p->name, "replace rollback: no payload is applied now");
		return -ENOTRECOVERABLE;
	}
	return why;
}

/*
 * REPLACE (seed 001): revert the whole stack and apply the new payload in
 * the same rendezvous, so no CPU ever runs unpatched code in between. On
 * failure, put back what was reverted (roll_back).
 */
static int replace(struct hv_payload *p)
{
	struct hv_payload *undone[64];
	uint32_t n = 0;
	int rc = 0;

	while (lp_applied_top && !rc) {
		struct hv_payload *top = lp_applied_top;

		if (n == LP_ARRAY_SIZE(undone)) {
			lp_err(p->name, "REPLACE of a stack deeper than %u payloads", n);
			rc = -E2BIG;
			break;
		}
		rc = revert_top();
		if (!rc)
			undone[n++] = top;
	}
	if (!rc)
		rc = apply_one(p);
	if (rc)
		rc = roll_back(p, undone, n, rc);
	return rc;
}

static int do_action(struct hv_payload *p, uint32_t cmd)
{
	switch (cmd) {
	case LIVEPATCH_ACTION_APPLY:
		return apply_one(p);
	case LIVEPATCH_ACTION_REVERT:
		return revert_top();
	case LIVEPATCH_ACTION_REPLACE:
		return replace(p);
	}
	return -EOPNOTSUPP;
}

/*
 * As in Xen, post hooks run whenever the action was carried out in the
 * rendezvous, whatever its result: a pre hook that agreed may have set
 * something up that only its post hook undoes. Not after a timeout (the
 * action never ran).
 */
static void run_post_hooks(struct hv_payload *p, uint32_t cmd, int rc)
{
	if (cmd == LIVEPATCH_ACTION_APPLY && p->hooks.postapply) {
		lp_info(p->name, "calling post-apply hook (apply rc=%d)", rc);
		lp_mark_may_run(p);
		p->hooks.postapply(p);
	}
	if (cmd == LIVEPATCH_ACTION_REVERT && p->hooks.postrevert) {
		lp_info(p->name, "calling post-revert hook (revert rc=%d)", rc);
		lp_mark_may_run(p);
		p->hooks.postrevert(p);
	}
}

static const char *const action_names[] = {
	[LIVEPATCH_ACTION_UNLOAD] = "unload",
	[LIVEPATCH_ACTION_REVERT] = "revert",
	[LIVEPATCH_ACTION_APPLY] = "apply",
	[LIVEPATCH_ACTION_REPLACE] = "replace",
};

static void finish(struct hv_payload *p, uint32_t cmd, int rc, bool action_ran)
{
	__atomic_store_n(&work.do_work, 0, __ATOMIC_RELEASE);
	if (action_ran)
		run_post_hooks(p, cmd, rc);
	/*
	 * Last, and with the engine idle in the same step under the lock
	 * lp_action() takes: whoever polls rc may act as soon as it changes.
	 */
	lp_lock();
	__atomic_store_n(&p->rc, rc, __ATOMIC_RELEASE);
	work.busy = false;
	lp_unlock();
}

static uint64_t cycles_to_ns(uint64_t cycles)
{
	uint64_t khz = lp_host_cycles_khz();

	return khz ? cycles * 1000000ull / khz : 0;
}

/*
 * The window starts when the first CPU may turn interrupts off (HOLD) and
 * ends when all are released: the longest any CPU was held. Within it, the
 * part with every CPU held is the patching itself; the rest is the time the
 * others took to quiesce.
 */
static void record_blackout(uint64_t gather_ns, uint64_t hold, uint64_t all_held, uint64_t done,
			    uint32_t cpus)
{
	last_blackout.gather_ns = gather_ns;
	last_blackout.cycles = done - hold;
	last_blackout.ns = cycles_to_ns(done - hold);
	last_blackout.all_held_ns = cycles_to_ns(done - all_held);
	last_blackout.cpus = cpus;
}

static bool wait_for(volatile uint64_t *counter, uint32_t gen, uint32_t want, uint64_t deadline)
{
	while (count_of(counter, gen) < want) {
		if (lp_host_now_ns() > deadline)
			return false;
		lp_host_cpu_relax();
	}
	return true;
}

static void run_master(uint32_t gen)
{
	struct hv_payload *p = work.p;
	uint32_t cmd = work.cmd, others = lp_host_nr_cpus() - 1;
	uint64_t deadline = lp_host_now_ns() + work.timeout_ns;
	uint64_t t0, t_held, t1, gather;
	unsigned long flags;
	int rc;

	if (!wait_for(&work.arrived, gen, others, deadline)) {
		set_phase(gen, PH_ABORT);
		lp_err(p->name, "%s aborted: only %u of %u other CPUs reached the rendezvous in %llu ns; nothing patched; %llu ns since the request",
		       action_names[cmd], count_of(&work.arrived, gen), others,
		       (unsigned long long)work.timeout_ns,
		       (unsigned long long)(lp_host_now_ns() - work.requested_ns));
		finish(p, cmd, -ETIMEDOUT, false);
		return;
	}
	/* Request to every CPU in, as Xen's livepatch logs it. */
	gather = lp_host_now_ns() - work.requested_ns;
	set_phase(gen, PH_HOLD);
	flags = lp_host_irq_save();
	t0 = lp_host_cycles();
	if (!wait_for(&work.held, gen, others, deadline)) {
		set_phase(gen, PH_ABORT);
		lp_host_irq_restore(flags);
		lp_err(p->name, "%s aborted: CPUs did not quiesce in %llu ns; nothing patched",
		       action_names[cmd], (unsigned long long)work.timeout_ns);
		finish(p, cmd, -ETIMEDOUT, false);
		return;
	}
	t_held = lp_host_cycles();
	lp_lock();
	rc = do_action(p, cmd);
	lp_unlock();
	lp_host_serialize();
	t1 = lp_host_cycles();
	set_phase(gen, PH_DONE);
	lp_host_irq_restore(flags);

	record_blackout(gather, t0, t_held, t1, others + 1);
	if (rc == -ENOTRECOVERABLE)
		lp_err(p->name, "%s failed and could not be rolled back: the applied stack changed (above); blackout %llu ns on %u CPUs; gather %llu ns",
		       action_names[cmd], (unsigned long long)last_blackout.ns, last_blackout.cpus,
		       (unsigned long long)gather);
	else if (rc)
		lp_err(p->name, "%s failed: %d (%s); nothing changed; blackout %llu ns (%llu cycles, %llu ns of it with every CPU held) on %u CPUs; gather %llu ns",
		       action_names[cmd], rc, lp_errno_name(rc), (unsigned long long)last_blackout.ns,
		       (unsigned long long)last_blackout.cycles,
		       (unsigned long long)last_blackout.all_held_ns, last_blackout.cpus,
		       (unsigned long long)gather);
	else
		lp_info(p->name, "%s done: %u function(s); blackout %llu ns (%llu cycles, %llu ns of it with every CPU held) on %u CPUs; gather %llu ns (request to every CPU in)",
			action_names[cmd], p->nfuncs, (unsigned long long)last_blackout.ns,
			(unsigned long long)last_blackout.cycles,
			(unsigned long long)last_blackout.all_held_ns, last_blackout.cpus,
			(unsigned long long)gather);
	finish(p, cmd, rc, true);
}

static void run_follower(uint32_t gen)
{
	unsigned long flags;

	if (!inc_if_gen(&work.arrived, gen))
		return;
	while (phase_of(gen) == PH_GATHER)
		lp_host_cpu_relax();
	if (phase_of(gen) != PH_HOLD)
		return;
	flags = lp_host_irq_save();
	inc_if_gen(&work.held, gen);
	while (phase_of(gen) == PH_HOLD)
		lp_host_cpu_relax();
	/* The master rewrote code this CPU may have prefetched. */
	lp_host_serialize();
	lp_host_irq_restore(flags);
}

void lp_check_for_work(void)
{
	unsigned cpu = lp_host_cpu_id();
	uint32_t gen;
	uint64_t unclaimed;

	if (!__atomic_load_n(&work.do_work, __ATOMIC_ACQUIRE) || cpu >= LP_MAX_CPUS)
		return;
	gen = __atomic_load_n(&work.gen, __ATOMIC_ACQUIRE);
	if (seen_gen[cpu] == gen)
		return;
	seen_gen[cpu] = gen;
	unclaimed = word(gen, 0);
	if (__atomic_compare_exchange_n(&work.master, &unclaimed, word(gen, cpu + 1), false,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		run_master(gen);
	else
		run_follower(gen);
}

void lp_last_blackout(struct lp_blackout *out)
{
	*out = last_blackout;
}

/* Hosted tests only: unpatch everything at once and forget pending work. */
void lp_engine_reset(void)
{
	while (lp_applied_top) {
		struct hv_payload *p = lp_applied_top;

		unpatch_funcs(p, p->nfuncs);
		mark_reverted(p);
	}
	work.do_work = 0;
	work.busy = false;
}
