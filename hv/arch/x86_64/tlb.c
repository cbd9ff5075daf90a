/*
 * Cross-CPU TLB flush by IPI. The hypervisor's mappings are global (PGE),
 * so a CR3 reload is not enough: toggling CR4.PGE drops everything.
 * Needed when a mapping other CPUs may have used goes away (a retired
 * payload must become inaccessible everywhere, not just here).
 */
#include <hv/apic.h>
#include <hv/notify.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/time.h>
#include <hv/tlb.h>
#include <hv/traps.h>
#include <hv/x86.h>

#define FLUSH_TIMEOUT_NS (10ull * 1000 * 1000)

/*
 * Rounds are numbered and each CPU records the round it last flushed for:
 * a shared ack counter would let a late ack from a timed-out round count
 * towards the next one, which could then return before a CPU flushed.
 */
static uint64_t flush_round;

static inline __attribute__((always_inline)) void flush_local(void)
{
	uint64_t f = save_flags_cli(), cr4 = read_cr4();

	write_cr4(cr4 & ~(1ull << 7));
	write_cr4(cr4);
	restore_flags(f);
}

/* Also called from the NMI handler (the CPU that runs dom0 is asked by NMI). */
__attribute__((section(".text.nopatch"))) void tlb_flush_ack(void)
{
	/* Read before flushing: a flush after round r began serves round r. */
	uint64_t round = __atomic_load_n(&flush_round, __ATOMIC_ACQUIRE);

	flush_local();
	__atomic_store_n(&this_cpu()->tlb_flushed, round, __ATOMIC_RELEASE);
}

static void flush_handler(struct cpu_regs *regs)
{
	tlb_flush_ack();
	apic_eoi();
}

void tlb_init(void)
{
	irq_register(VEC_FLUSH, flush_handler);
}

static void send_flush_ipis(unsigned self, uint64_t *sent)
{
	for (unsigned cpu = 0; cpu < CONFIG_NR_CPUS; cpu++) {
		struct percpu *p = percpu_of[cpu];

		if (!p || !p->online || cpu == self)
			continue;
		sent[cpu / 64] |= 1ull << (cpu % 64);
		cpu_notify(cpu, NOTICE_TLB_FLUSH);
	}
}

static unsigned not_flushed(const uint64_t *sent, uint64_t round)
{
	unsigned n = 0;

	for (unsigned cpu = 0; cpu < CONFIG_NR_CPUS; cpu++)
		if ((sent[cpu / 64] & (1ull << (cpu % 64))) &&
		    __atomic_load_n(&percpu_of[cpu]->tlb_flushed, __ATOMIC_ACQUIRE) < round)
			n++;
	return n;
}

void tlb_flush_all(void)
{
	static volatile uint32_t busy;
	uint64_t sent[(CONFIG_NR_CPUS + 63) / 64] = { 0 }, deadline, round;
	unsigned left;

	/* One flush round at a time. */
	while (__atomic_exchange_n(&busy, 1, __ATOMIC_ACQUIRE))
		cpu_relax();
	round = __atomic_add_fetch(&flush_round, 1, __ATOMIC_ACQ_REL);
	send_flush_ipis(smp_processor_id(), sent);
	flush_local();
	deadline = now_ns() + FLUSH_TIMEOUT_NS;
	while ((left = not_flushed(sent, round)) && now_ns() < deadline)
		cpu_relax();
	if (left)
		pr_err("tlb: %u CPU(s) did not acknowledge a flush in %llu ms\n", left,
		       (unsigned long long)(FLUSH_TIMEOUT_NS / 1000000));
	__atomic_store_n(&busy, 0, __ATOMIC_RELEASE);
}
