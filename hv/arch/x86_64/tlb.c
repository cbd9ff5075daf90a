/*
 * Cross-CPU TLB flush by IPI. The hypervisor's mappings are global (PGE),
 * so a CR3 reload is not enough: toggling CR4.PGE drops everything.
 * Needed when a mapping other CPUs may have used goes away (a retired
 * payload must become inaccessible everywhere, not just here).
 */
#include <hv/apic.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/time.h>
#include <hv/tlb.h>
#include <hv/traps.h>
#include <hv/x86.h>

#define FLUSH_TIMEOUT_NS (10ull * 1000 * 1000)

static volatile unsigned acks;

static void flush_local(void)
{
	uint64_t f = save_flags_cli(), cr4 = read_cr4();

	write_cr4(cr4 & ~(1ull << 7));
	write_cr4(cr4);
	restore_flags(f);
}

static void flush_handler(struct cpu_regs *regs)
{
	flush_local();
	__atomic_add_fetch(&acks, 1, __ATOMIC_RELEASE);
	apic_eoi();
}

void tlb_init(void)
{
	irq_register(VEC_FLUSH, flush_handler);
}

static unsigned send_flush_ipis(unsigned self)
{
	unsigned sent = 0;

	for (unsigned cpu = 0; cpu < CONFIG_NR_CPUS; cpu++) {
		struct percpu *p = percpu_of[cpu];

		if (!p || !p->online || cpu == self)
			continue;
		apic_send_ipi(p->apic_id, VEC_FLUSH);
		sent++;
	}
	return sent;
}

void tlb_flush_all(void)
{
	static volatile uint32_t busy;
	uint64_t deadline;
	unsigned sent;

	/* One flush round at a time: the ack counter is shared. */
	while (__atomic_exchange_n(&busy, 1, __ATOMIC_ACQUIRE))
		cpu_relax();
	__atomic_store_n(&acks, 0, __ATOMIC_RELEASE);
	sent = send_flush_ipis(smp_processor_id());
	flush_local();
	deadline = now_ns() + FLUSH_TIMEOUT_NS;
	while (__atomic_load_n(&acks, __ATOMIC_ACQUIRE) < sent && now_ns() < deadline)
		cpu_relax();
	if (acks < sent)
		pr_err("tlb: only %u of %u CPUs acknowledged a flush in %llu ms\n", acks, sent,
		       (unsigned long long)(FLUSH_TIMEOUT_NS / 1000000));
	__atomic_store_n(&busy, 0, __ATOMIC_RELEASE);
}
