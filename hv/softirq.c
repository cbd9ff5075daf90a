/*
 * Softirqs and the idle loop. The live-patch rendezvous is only entered
 * from here, with nothing of the hypervisor on the stack below us, so no
 * CPU can be inside code that is being rewritten.
 */
#include <hv/livepatch_host.h>
#include <hv/notify.h>
#include <hv/percpu.h>
#include <hv/softirq.h>
#include <hv/x86.h>
#include "livepatch/livepatch.h"

void raise_softirq(unsigned cpu, enum softirq s)
{
	if (cpu < CONFIG_NR_CPUS && percpu_of[cpu])
		__atomic_or_fetch(&percpu_of[cpu]->softirq_pending, 1ull << s, __ATOMIC_RELEASE);
}

static int softirq_pending(void)
{
	return this_cpu()->softirq_pending != 0;
}

int softirq_work_pending(void)
{
	return softirq_pending() || lp_work_pending();
}

void do_softirq(void)
{
	uint64_t pending = __atomic_exchange_n(&this_cpu()->softirq_pending, 0, __ATOMIC_ACQ_REL);

	/* Nothing of a payload is held here: unloaded ones may be freed. */
	grace_quiescent();
	if (pending & (1ull << SOFTIRQ_LIVEPATCH) || lp_work_pending())
		lp_check_for_work();
	if (pending & (1ull << SOFTIRQ_KICK_TEST))
		notify_selftest();
}

void idle_loop(void)
{
	for (;;) {
		do_softirq();
		nmi_report();
		__asm__ volatile("cli" ::: "memory");
		/* sti;hlt is atomic: a kick arriving after the check still wakes us. */
		if (!softirq_pending() && !lp_work_pending())
			__asm__ volatile("sti; hlt" ::: "memory");
		else
			__asm__ volatile("sti" ::: "memory");
	}
}
