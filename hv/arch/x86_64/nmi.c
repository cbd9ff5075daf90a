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
#include <hv/time.h>
#include <hv/tlb.h>
#include <hv/traps.h>
#include <hv/x86.h>
#include "nmi.h"
#include "svm.h"

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

/* dom0 has taken this many exits: well past its early boot. */
#define SELFTEST_EXITS   2000
#define SELFTEST_WAIT_NS (120ull * 1000 * 1000 * 1000)

void notify_selftest(void)
{
	struct percpu *cpu0 = percpu_of[0];
	uint64_t deadline = now_ns() + SELFTEST_WAIT_NS;
	const struct vcpu *v;

	while (!__atomic_load_n(&cpu0->runs_guest, __ATOMIC_ACQUIRE) || !(v = cpu0->guest) ||
	       v->exits < SELFTEST_EXITS) {
		if (now_ns() > deadline) {
			pr_err("kick_test: dom0 did not get going on CPU0; not run\n");
			return;
		}
		cpu_relax();
	}
	for (int i = 0; i < 3; i++) {
		uint64_t before = __atomic_load_n(&cpu0->tlb_flushed, __ATOMIC_ACQUIRE);
		uint64_t t0 = now_ns();

		tlb_flush_all();
		printk("kick_test: CPU0 %s a TLB flush by NMI while running dom0 (%llu us, %llu exits)\n",
		       __atomic_load_n(&cpu0->tlb_flushed, __ATOMIC_ACQUIRE) > before ?
		       "acknowledged" : "did not acknowledge",
		       (unsigned long long)((now_ns() - t0) / 1000), (unsigned long long)v->exits);
	}
}
