/*
 * NMIs and cross-CPU notices. The NMI handler can interrupt anything,
 * printk's lock holder and the text write of a live patch included, so it
 * takes no lock, prints nothing and calls only .text.nopatch code: it
 * records why it ran and leaves the rest to softirq context.
 */
#include <hv/apic.h>
#include <hv/notify.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/softirq.h>
#include <hv/tlb.h>
#include <hv/traps.h>
#include "nmi.h"

#define NOPATCH __attribute__((section(".text.nopatch")))

/* In the rendezvous's kick path. */
NOPATCH void cpu_notify(unsigned cpu, enum cpu_notice what)
{
	struct percpu *p = cpu < CONFIG_NR_CPUS ? percpu_of[cpu] : NULL;

	if (!p || !p->online)
		return;
	if (__atomic_load_n(&p->runs_guest, __ATOMIC_ACQUIRE)) {
		__atomic_or_fetch(&p->nmi_kicks, what, __ATOMIC_RELEASE);
		apic_send_nmi(p->apic_id);
		return;
	}
	apic_send_ipi(p->apic_id, what == NOTICE_TLB_FLUSH ? VEC_FLUSH : VEC_KICK);
}

NOPATCH void nmi_handler(struct cpu_regs *regs)
{
	struct percpu *p = this_cpu();
	uint32_t kicks = __atomic_exchange_n(&p->nmi_kicks, 0, __ATOMIC_ACQ_REL);

	(void)regs;
	if (kicks & NOTICE_TLB_FLUSH)
		tlb_flush_ack();
	if (kicks & NOTICE_LIVEPATCH)
		__atomic_or_fetch(&p->softirq_pending, 1ull << SOFTIRQ_LIVEPATCH, __ATOMIC_RELEASE);
	if (kicks)
		return;
	if (__atomic_load_n(&p->runs_guest, __ATOMIC_RELAXED))
		__atomic_add_fetch(&p->nmi_guest, 1, __ATOMIC_RELAXED);   /* dom0's: re-injected */
	else
		__atomic_add_fetch(&p->nmi_unexpected, 1, __ATOMIC_RELAXED);
}

void nmi_report(void)
{
	struct percpu *p = this_cpu();
	uint32_t n = __atomic_exchange_n(&p->nmi_unexpected, 0, __ATOMIC_RELAXED);

	if (n)
		pr_warn("nmi: CPU%u took %u NMI(s) nobody sent (hardware error or watchdog?)\n",
			p->cpu, n);
}
