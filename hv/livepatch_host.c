/*
 * The hypervisor's implementation of hv/livepatch/host.h: logging, heap,
 * the image's symbols, build-id and bounds, and the CPUs. Payload memory
 * is in livepatch_mem.c, text poking in arch/x86_64/text_poke.c.
 * Linked into .text.nopatch (parts run inside the rendezvous).
 */
#include <hv/apic.h>
#include <hv/image.h>
#include <hv/livepatch_host.h>
#include <hv/mm.h>
#include <hv/notify.h>
#include <hv/paging.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/softirq.h>
#include <hv/symbols.h>
#include <hv/time.h>
#include <hv/traps.h>
#include <hv/version.h>
#include <hv/virt.h>
#include <hv/x86.h>
#include "livepatch/host.h"

void lp_host_vlog(enum lp_log_level level, const char *fmt, va_list ap)
{
	static const enum hv_loglvl map[] = {
		[LP_LOG_ERR] = LOG_ERR, [LP_LOG_WARN] = LOG_WARN,
		[LP_LOG_INFO] = LOG_INFO, [LP_LOG_DEBUG] = LOG_DEBUG,
	};

	vprintk_level(level <= LP_LOG_DEBUG ? map[level] : LOG_DEBUG, fmt, ap);
}

void *lp_host_zalloc(size_t size)
{
	return xzalloc(size);
}

void lp_host_free(void *p)
{
	xfree(p);
}

const struct lp_symtab *lp_host_symtab(void)
{
	return symbols_table();
}

int lp_host_build_id(const uint8_t **id, uint32_t *len)
{
	return xen_build_id(id, len);
}

void lp_host_text_bounds(uint64_t *start, uint64_t *end)
{
	*start = (uint64_t)_stext;
	*end = (uint64_t)_etext;
}

void lp_host_nopatch_bounds(uint64_t *start, uint64_t *end)
{
	*start = (uint64_t)__nopatch_start;
	*end = (uint64_t)__nopatch_end;
}

unsigned lp_host_nr_cpus(void)
{
	return __atomic_load_n(&nr_cpus_online, __ATOMIC_ACQUIRE);
}

unsigned lp_host_cpu_id(void)
{
	return smp_processor_id();
}

static void kick_handler(struct cpu_regs *regs)
{
	raise_softirq(smp_processor_id(), SOFTIRQ_LIVEPATCH);
	apic_eoi();
}

void livepatch_kick_init(void)
{
	irq_register(VEC_KICK, kick_handler);
	/* The alias slot's page table now, not inside the rendezvous. */
	if (!paging_map(ALIAS_VIRT, 0, PG_R))
		paging_unmap(ALIAS_VIRT);
}

void lp_host_kick_cpus(void)
{
	unsigned self = smp_processor_id();

	for (unsigned cpu = 0; cpu < CONFIG_NR_CPUS; cpu++) {
		struct percpu *p = percpu_of[cpu];

		if (!p || !p->online)
			continue;
		raise_softirq(cpu, SOFTIRQ_LIVEPATCH);
		if (cpu != self)
			cpu_notify(cpu, NOTICE_LIVEPATCH);
	}
}

/* The flag word is RFLAGS (for IF), with CF's bit 0 reused for "NMIs held". */
unsigned long lp_host_irq_save(void)
{
	unsigned long flags = save_flags_cli() & ~1ul;

	return flags | (unsigned long)virt_nmi_hold();
}

void lp_host_irq_restore(unsigned long flags)
{
	virt_nmi_release((int)(flags & 1));
	restore_flags(flags & ~1ul);
}

void lp_host_serialize(void)
{
	uint32_t r[4];

	cpuid(0, 0, r);
}

void lp_host_cpu_relax(void)
{
	cpu_relax();
}

uint64_t lp_host_now_ns(void)
{
	return now_ns();
}

uint64_t lp_host_cycles(void)
{
	return rdtsc();
}

uint64_t lp_host_cycles_khz(void)
{
	return tsc_khz();
}
