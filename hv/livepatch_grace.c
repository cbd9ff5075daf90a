/*
 * Grace periods for lp_host_after_grace(): the trap handler looks payload
 * symbols up without the registry lock (the trapping CPU may hold it), so
 * an unloaded payload is freed only once every online CPU has passed its
 * softirq/VMEXIT path after the unlink, where it holds no such pointer.
 *
 * Each deferral takes the next sequence number; a CPU passing the quiescent
 * point records the current number; an entry runs when every online CPU
 * has recorded at least its number. The deferring CPU wakes the others so
 * that idle CPUs (halted) pass the point soon.
 */
#include <hv/livepatch_host.h>
#include <hv/notify.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <hv/time.h>
#include "livepatch/host.h"

static spinlock_t grace_lock;
static struct lp_grace *head, **tail = &head;
static uint64_t grace_seq;
static uint64_t seen[CONFIG_NR_CPUS];

void lp_host_after_grace(struct lp_grace *g, void (*fn)(struct lp_grace *g))
{
	uint64_t flags = spin_lock_irqsave(&grace_lock);

	g->fn = fn;
	g->next = NULL;
	/* After the caller's unlink: a CPU that records this number has let go. */
	g->seq = __atomic_add_fetch(&grace_seq, 1, __ATOMIC_ACQ_REL);
	*tail = g;
	tail = &g->next;
	spin_unlock_irqrestore(&grace_lock, flags);
	for (unsigned cpu = 0; cpu < CONFIG_NR_CPUS; cpu++)
		if (cpu != smp_processor_id())
			cpu_notify(cpu, NOTICE_LIVEPATCH);
}

static int every_cpu_passed(uint64_t seq)
{
	for (unsigned cpu = 0; cpu < CONFIG_NR_CPUS; cpu++) {
		const struct percpu *p = percpu_of[cpu];

		if (p && __atomic_load_n(&p->online, __ATOMIC_ACQUIRE) &&
		    __atomic_load_n(&seen[cpu], __ATOMIC_ACQUIRE) < seq)
			return 0;
	}
	return 1;
}

/* A head entry whose grace period is over, unlinked; NULL if none. */
static struct lp_grace *pop_expired(void)
{
	uint64_t flags = spin_lock_irqsave(&grace_lock);
	struct lp_grace *g = head;

	if (g && every_cpu_passed(g->seq)) {
		head = g->next;
		if (!head)
			tail = &head;
	} else {
		g = NULL;
	}
	spin_unlock_irqrestore(&grace_lock, flags);
	return g;
}

void grace_quiescent(void)
{
	struct lp_grace *g;

	__atomic_store_n(&seen[smp_processor_id()], __atomic_load_n(&grace_seq, __ATOMIC_ACQUIRE),
			 __ATOMIC_RELEASE);
	if (!__atomic_load_n(&head, __ATOMIC_ACQUIRE))
		return;
	while ((g = pop_expired())) {
		pr_debug("livepatch: grace period %llu over; freeing\n", (unsigned long long)g->seq);
		g->fn(g);
	}
}
